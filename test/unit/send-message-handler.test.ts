import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyUnsubscribeToken } from '../../lambdas/domain/messaging/unsubscribe-token.ts';
import type * as SendMessageHandler from '../../lambdas/handlers/send-message.ts';
import { captureLogs } from '../support/log-capture.ts';
import { storedProfile } from '../support/profiles.ts';

const SECRET = 'current-unsubscribe-secret-0123456789abcdef';
const UNSUBSCRIBE_URL = 'https://abc123.execute-api.ap-northeast-1.amazonaws.com/unsubscribe';

const ddb = mockClient(DynamoDBDocumentClient);
const idempotencyTable = mockClient(DynamoDBClient);
const ses = mockClient(SESv2Client);
const sns = mockClient(SNSClient);
const secretsManager = mockClient(SecretsManagerClient);

let module: typeof SendMessageHandler;
let logLines: string[];

beforeAll(async () => {
  // The module reads its configuration at import, as in Lambda.
  vi.stubEnv('IDEMPOTENCY_TABLE_NAME', 'tsunagu-test-idempotency');
  vi.stubEnv('UNSUBSCRIBE_SECRET_ARN', 'arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:unsub');
  vi.stubEnv('UNSUBSCRIBE_URL', UNSUBSCRIBE_URL);
  vi.stubEnv('SMS_ORIGINATION', '+815012345678');
  vi.stubEnv('EMAIL_FROM', 'support@mail.example.jp');
  vi.stubEnv('EMAIL_CONFIGURATION_SET', 'tsunagu-test');
  module = await import('../../lambdas/handlers/send-message.ts');
  vi.unstubAllEnvs();
});

const customerItem = storedProfile({
  email: 'hanako@example.jp',
  consent: {
    email: { marketing: { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'api' } },
    sms: { transactional: { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'api' } },
  },
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

function request(
  body: unknown,
  options: { headers?: Record<string, string>; method?: string; id?: string } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /customers/{id}/messages',
    rawPath: `/customers/${options.id ?? 'C1'}/messages`,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...options.headers },
    pathParameters: { id: options.id ?? 'C1' },
    requestContext: {
      requestId: 'req-1',
      http: { method: options.method ?? 'POST', path: '/customers/C1/messages' },
    } as APIGatewayProxyEventV2['requestContext'],
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
  };
}

/** What the idempotency utility reads of the Lambda context: the time left, for its in-progress expiry. */
const lambdaContext = { getRemainingTimeInMillis: () => 14_000 } as Context;

async function send(event: APIGatewayProxyEventV2) {
  const result = (await module.handlerWith()(event, lambdaContext)) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, json: JSON.parse(result.body ?? '{}') as Record<string, unknown> };
}

const campaign = {
  template: 'campaign',
  channel: 'email',
  variables: { title: '冬のセール', url: 'https://shop.example.jp/sale' },
};

describe('POST /customers/{id}/messages (the Lambda)', () => {
  beforeEach(() => {
    logLines = captureLogs();
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ current: SECRET }) });
    // Nothing else is there (suppressions, idempotency of the timeline): the later, narrower rule wins.
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: 'CUSTOMER#C1', sk: 'PROFILE' } }).resolves({ Item: customerItem });
    ddb.on(PutCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
    sns.on(PublishCommand).resolves({ MessageId: 'sns-0001' });
    idempotencyTable.on(PutItemCommand).resolves({});
    idempotencyTable.on(UpdateItemCommand).resolves({});
    idempotencyTable.on(DeleteItemCommand).resolves({});
  });

  afterEach(() => {
    for (const mock of [ddb, idempotencyTable, ses, sns, secretsManager]) mock.reset();
    vi.restoreAllMocks();
  });

  it('sends a marketing email through SES with the configuration set and a signed unsubscribe link to this API', async () => {
    const { status, json } = await send(request(campaign));

    expect(status).toBe(201);
    expect(json).toMatchObject({ sent: true, channel: 'email', messageId: 'ses-0001' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'support@mail.example.jp',
      ConfigurationSetName: 'tsunagu-test',
      Destination: { ToAddresses: ['hanako@example.jp'] },
    });
    const unsubscribe = input?.Content?.Simple?.Headers?.find((h) => h.Name === 'List-Unsubscribe')?.Value;
    const link = new URL(String(unsubscribe).slice(1, -1));
    expect(`${link.origin}${link.pathname}`).toBe(UNSUBSCRIBE_URL);
    expect(verifyUnsubscribeToken(link.searchParams.get('token') ?? '', SECRET, new Date())).toMatchObject({
      ok: true,
      claims: { customerId: 'C1', channel: 'email', purpose: 'marketing' },
    });
    expect(ddb).toReceiveCommand(TransactWriteCommand);
    expect(logLines.join('')).not.toContain('hanako@example.jp');
  });

  it('sends an order SMS through SNS from the origination number', async () => {
    const { status, json } = await send(request({ template: 'order-shipped', variables: { orderId: 'A1' } }));

    expect(status).toBe(201);
    expect(json).toMatchObject({ sent: true, channel: 'sms', segments: 1 });
    expect(sns).toReceiveCommandWith(PublishCommand, { PhoneNumber: '+819012345678' });
  });

  it('keeps the outcome by Idempotency-Key: claimed before sending, completed after', async () => {
    const { status } = await send(request(campaign, { headers: { 'idempotency-key': 'agent-7f3a9c21' } }));

    expect(status).toBe(201);
    expect(idempotencyTable).toReceiveCommandTimes(PutItemCommand, 1);
    const claim = idempotencyTable.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(claim?.TableName).toBe('tsunagu-test-idempotency');
    expect(claim?.Item?.status?.S).toBe('INPROGRESS');
    const done = idempotencyTable.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(JSON.stringify(done?.ExpressionAttributeValues)).toContain('COMPLETED');
    expect(JSON.stringify(done?.ExpressionAttributeValues)).toContain('ses-0001');
  });

  it('answers a request whose Idempotency-Key is still being handled with 409, sending nothing', async () => {
    const key = { 'idempotency-key': 'agent-7f3a9c21' };
    await send(request(campaign, { headers: key }));
    // The record the first request wrote, as a second one finds it while the first is at work.
    const claimed = idempotencyTable.commandCalls(PutItemCommand)[0]?.args[0].input.Item;
    idempotencyTable.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: { ...claimed, in_progress_expiration: { N: String(Date.now() + 60_000) } },
      }),
    );
    ses.resetHistory();

    const response = await send(request(campaign, { headers: key }));

    expect(claimed?.status?.S).toBe('INPROGRESS');
    expect(response.status).toBe(409);
    expect(response.json).toMatchObject({ error: 'in-progress' });
    expect(ses).not.toReceiveCommand(SendEmailCommand);
  });

  it('releases the key when sending throws, so a retry can send', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('connect ECONNREFUSED 10.0.0.1:443'));

    const response = await send(request(campaign, { headers: { 'idempotency-key': 'agent-7f3a9c21' } }));

    expect(response.status).toBe(500);
    expect(response.json).toEqual({ error: 'internal', message: 'the message could not be sent; try again' });
    expect(idempotencyTable).toReceiveCommandTimes(DeleteItemCommand, 1);
    expect(logLines.join('')).toContain('message send failed');
  });

  it('answers 502 when SES fails in passing, and records nothing', async () => {
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'slow down', $metadata: {} }));

    const response = await send(request(campaign));

    expect(response.status).toBe(502);
    expect(response.json).toMatchObject({ sent: false, reason: 'error', channel: 'email' });
    expect(ddb).not.toReceiveCommand(TransactWriteCommand);
  });

  it.each([
    ['a GET', request(campaign, { method: 'GET' }), 405, 'method-not-allowed'],
    [
      'no JSON content type',
      request(campaign, { headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported-media-type',
    ],
    ['a body over 16 KB', request({ ...campaign, pad: 'x'.repeat(17_000) }), 413, 'body-too-large'],
    ['broken JSON', request('{template:'), 400, 'invalid-json'],
    ['a bad customer id', request(campaign, { id: 'C1/../C2' }), 400, 'invalid-request'],
    [
      'a bad Idempotency-Key',
      request(campaign, { headers: { 'idempotency-key': 'a b' } }),
      400,
      'invalid-request',
    ],
    ['an unknown field', request({ ...campaign, instanceId: 'x' }), 400, 'invalid-request'],
  ])('answers %s with its status and error, sending nothing', async (_what, event, status, error) => {
    const response = await send(event);

    expect(response.status).toBe(status);
    expect(response.json.error).toBe(error);
    expect(ses).not.toReceiveCommand(SendEmailCommand);
    expect(sns).not.toReceiveCommand(PublishCommand);
  });

  it('answers 404 for a customer it does not have', async () => {
    const response = await send(request(campaign, { id: 'C404' }));

    expect(response).toEqual({
      status: 404,
      json: { error: 'unknown-customer', message: 'no customer with that id' },
    });
  });
});
