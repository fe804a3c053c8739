import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RotatingSecret } from '../adapters/secrets-manager/rotating-secret.ts';
import type { SigningSecrets } from '../domain/signed-token.ts';

/** Signing secrets: the ones given (the twin's, a test's), else the rotating secret at `secretArn`. */
export function signingSecrets(given: SigningSecrets | undefined, secretArn: string): SigningSecrets {
  return given ?? new RotatingSecret(new SecretsManagerClient({}), secretArn).values;
}
