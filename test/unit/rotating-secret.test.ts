import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fixedSecrets,
  RotatingSecret,
  SECRETS_CACHE_MS,
} from '../../lambdas/adapters/secrets-manager/rotating-secret.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:tsunagu-dev-api-Secret-AbCdEf';
const CURRENT = 'current-secret-0123456789abcdefghijklmnop';
const PREVIOUS = 'previous-secret-0123456789abcdefghijklmno';
const secretsManager = mockClient(SecretsManagerClient);

describe('a rotating signing secret in Secrets Manager', () => {
  afterEach(() => {
    secretsManager.reset();
  });

  it('gives the current secret first, then the previous one while a rotation is under way', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ current: CURRENT, previous: PREVIOUS }) });

    await expect(new RotatingSecret(new SecretsManagerClient({}), SECRET_ARN).values()).resolves.toEqual([
      CURRENT,
      PREVIOUS,
    ]);
    expect(secretsManager).toReceiveCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN });
  });

  it('is read again once the cache has aged, and after a failed read', async () => {
    let now = 0;
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: JSON.stringify({ current: CURRENT, previous: '' }) });
    const secret = new RotatingSecret(new SecretsManagerClient({}), SECRET_ARN, () => now);

    await expect(secret.values()).rejects.toThrow('throttled');
    await expect(secret.values()).resolves.toEqual([CURRENT]);
    now += SECRETS_CACHE_MS - 1;
    await secret.values();
    expect(secretsManager).toReceiveCommandTimes(GetSecretValueCommand, 2);
    now += 1;
    await secret.values();
    expect(secretsManager).toReceiveCommandTimes(GetSecretValueCommand, 3);
  });

  it.each([
    ['not JSON', 'current-secret-0123456789abcdefghijklmnop'],
    ['no current', JSON.stringify({ previous: PREVIOUS })],
    ['a short current', JSON.stringify({ current: 'too-short' })],
    ['a short previous', JSON.stringify({ current: CURRENT, previous: 'short' })],
  ])('refuses a value with %s, naming the secret and the shape, never the content', async (_what, value) => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: value });

    const read = new RotatingSecret(new SecretsManagerClient({}), SECRET_ARN).values();

    await expect(read).rejects.toThrow(`secret ${SECRET_ARN} must be JSON {"current"`);
    await read.catch((error: Error) => {
      expect(error.message).not.toContain('too-short');
      expect(error.message).not.toContain('0123456789');
    });
  });

  it('can be fixed, for the local twin and tests', async () => {
    await expect(fixedSecrets(CURRENT, PREVIOUS)()).resolves.toEqual([CURRENT, PREVIOUS]);
    await expect(fixedSecrets(CURRENT)()).resolves.toEqual([CURRENT]);
  });
});
