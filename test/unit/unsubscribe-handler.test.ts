import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../lambdas/domain/customer/customer.ts';
import { signUnsubscribeToken } from '../../lambdas/domain/messaging/unsubscribe-token.ts';
import type * as UnsubscribeHandler from '../../lambdas/handlers/unsubscribe.ts';
import { captureLogs } from '../support/log-capture.ts';

const SECRET = 'current-unsubscribe-secret-0123456789abcdef';
const PREVIOUS = 'previous-unsubscribe-secret-0123456789abcde';
const SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:tsunagu-unsubscribe-AbCdEf';

const ddb = mockClient(DynamoDBDocumentClient);
const secretsManager = mockClient(SecretsManagerClient);

let module: typeof UnsubscribeHandler;
let logLines: string[];

beforeAll(async () => {
  // The module reads its configuration at import, as in Lambda.
  vi.stubEnv('UNSUBSCRIBE_SECRET_ARN', SECRET_ARN);
  module = await import('../../lambdas/handlers/unsubscribe.ts');
  vi.unstubAllEnvs();
});

const customer = (consent: Customer['consent'], language: Customer['language'] = 'ja') => ({
  pk: 'CUSTOMER#C1',
  sk: 'PROFILE',
  _et: 'Customer',
  id: 'C1',
  name: '佐藤 花子',
  language,
  timeZone: 'Asia/Tokyo',
  tier: 'standard',
  consent,
  recent: [],
  notices: [],
  surveyedAt: [],
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const granted = { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'api' };
const withdrawn = { granted: false, at: '2026-02-01T00:00:00.000Z', source: 'unsubscribe-link' };

const token = (claims: Partial<Parameters<typeof signUnsubscribeToken>[0]> = {}, secret = SECRET): string =>
  signUnsubscribeToken(
    {
      customerId: 'C1',
      channel: 'email',
      purpose: 'marketing',
      expiresAt: new Date(Date.now() + 86_400_000),
      ...claims,
    },
    secret,
  );

/** C2's payload under the signature of C1's link: whoever edits a link cannot re-sign it. */
function swappedPayload(): string {
  const [version, payload] = token({ customerId: 'C2' }).split('.');
  return `${version}.${payload}.${token().split('.')[2]}`;
}

function request(method: string, query: Record<string, string> | undefined): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} /unsubscribe`,
    rawPath: '/unsubscribe',
    rawQueryString: new URLSearchParams(query).toString(),
    headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      requestId: 'req-1',
      http: { method, path: '/unsubscribe' },
    } as APIGatewayProxyEventV2['requestContext'],
    ...(method === 'POST' ? { body: 'List-Unsubscribe=One-Click' } : {}),
    isBase64Encoded: false,
  };
}

async function open(method: string, query?: Record<string, string>) {
  const result = (await module.handlerWith()(request(method, query))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, headers: result.headers ?? {}, page: result.body ?? '' };
}

describe('GET|POST /unsubscribe (the Lambda)', () => {
  beforeEach(() => {
    logLines = captureLogs();
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ current: SECRET, previous: PREVIOUS }) });
    ddb.on(GetCommand).resolves({ Item: customer({ email: { marketing: granted } }) });
    ddb.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) => ({
      Attributes: customer({ email: { marketing: withdrawn } }),
      input,
    }));
  });

  afterEach(() => {
    ddb.reset();
    secretsManager.reset();
    vi.restoreAllMocks();
  });

  it('opening the link shows a confirm button in the customer’s language and changes nothing', async () => {
    const { status, headers, page } = await open('GET', { token: token() });

    expect(status).toBe(200);
    expect(page).toContain('<html lang="ja">');
    expect(page).toContain('キャンペーン・お知らせのメールの配信を停止しますか？');
    expect(page).toMatch(/<form method="post">.*<button type="submit"/);
    expect(ddb).not.toReceiveCommand(UpdateCommand);
    expect(headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    expect(String(headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('confirming (or the mail provider’s one-click POST) withdraws exactly that consent', async () => {
    const { status, page } = await open('POST', { token: token() });

    expect(status).toBe(200);
    expect(page).toContain('キャンペーン・お知らせのメールの配信を停止しました。');
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 1);
    const update = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(JSON.stringify(update?.ExpressionAttributeValues)).toContain('unsubscribe-link');
    expect(update?.Key).toEqual({ pk: 'CUSTOMER#C1', sk: 'PROFILE' });
    expect(logLines.join('')).toContain('"message":"unsubscribed"');
  });

  it('answers in English for an English-speaking customer, naming the channel and purpose', async () => {
    ddb.on(GetCommand).resolves({ Item: customer({ sms: { survey: granted } }, 'en') });

    const { page } = await open('GET', { token: token({ channel: 'sms', purpose: 'survey' }) });

    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Stop sending you survey invitations by text?');
  });

  it('a second confirmation writes nothing and still says it is done', async () => {
    ddb.on(GetCommand).resolves({ Item: customer({ email: { marketing: withdrawn } }) });

    const { status, page } = await open('POST', { token: token() });

    expect(status).toBe(200);
    expect(page).toContain('配信を停止しました');
    expect(ddb).not.toReceiveCommand(UpdateCommand);
  });

  it('still accepts a link signed with the previous secret during a rotation', async () => {
    const { status } = await open('POST', { token: token({}, PREVIOUS) });

    expect(status).toBe(200);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 1);
  });

  it.each([
    ['no token', undefined],
    ['an empty token', { token: '' }],
    ['a tampered token', { token: `${token().slice(0, -3)}AAA` }],
    ['another customer’s id under this signature', { token: swappedPayload() }],
    ['an expired token', { token: token({ expiresAt: new Date(Date.now() - 1000) }) }],
    ['a token signed with an unknown secret', { token: token({}, 'some-other-secret-0123456789abcdefghij') }],
    ['a token far too long', { token: 'v1.'.padEnd(5000, 'a') }],
  ])('answers %s with a 400 page in both languages, and changes nothing', async (_what, query) => {
    for (const method of ['GET', 'POST']) {
      const { status, page } = await open(method, query);

      expect(status).toBe(400);
      expect(page).toContain('このリンクは無効か、有効期限が切れています。');
      expect(page).toContain('This link is not valid or has expired. Nothing was changed.');
    }
    expect(ddb).not.toReceiveCommand(UpdateCommand);
    expect(logLines.join('')).toContain('unsubscribe link refused');
    if (query?.token) expect(logLines.join('')).not.toContain(query.token);
  });

  it('answers 400 for a customer who no longer exists', async () => {
    ddb.on(GetCommand).resolves({});

    const { status } = await open('POST', { token: token() });

    expect(status).toBe(400);
    expect(ddb).not.toReceiveCommand(UpdateCommand);
    expect(logLines.join('')).toContain('unknown-customer');
  });

  it('answers 503 with a try-again page when the profile cannot be reached, without a stack trace', async () => {
    ddb.on(GetCommand).rejects(new Error('connect ECONNREFUSED 10.0.0.1:443'));

    const { status, headers, page } = await open('POST', { token: token() });

    expect(status).toBe(503);
    expect(headers).toMatchObject({ 'retry-after': '60' });
    expect(page).toContain('ただいま処理できません');
    expect(page).not.toContain('ECONNREFUSED');
    expect(logLines.join('')).toContain('unsubscribe failed');
  });

  it('answers 405 to other methods', async () => {
    const { status, headers } = await open('DELETE', { token: token() });

    expect(status).toBe(405);
    expect(headers).toMatchObject({ allow: 'GET, POST' });
    expect(ddb).not.toReceiveCommand(GetCommand);
  });

  it('never logs the token', async () => {
    const link = token();

    await open('GET', { token: link });
    await open('POST', { token: link });

    expect(logLines.join('')).not.toContain(link.split('.')[2]);
  });
});
