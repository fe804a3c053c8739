import {
  ConnectClient,
  InternalServiceException,
  LimitExceededException,
  StartChatContactCommand,
} from '@aws-sdk/client-connect';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatStart, type ChatStartDeps, recentSummary } from '../../lambdas/domain/chat/chat-start.ts';
import { signCustomerToken } from '../../lambdas/domain/chat/customer-token.ts';
import {
  ConnectInvalidRequestError,
  ConnectServiceError,
  ConnectThrottledError,
  type StartChatRequest,
  type StartedChat,
} from '../../lambdas/domain/contact/connect-contacts.ts';
import { CONTEXT_KEYS } from '../../lambdas/domain/customer/contact-attributes.ts';
import type { Customer } from '../../lambdas/domain/customer/customer.ts';
import type { Interaction } from '../../lambdas/domain/customer/timeline.ts';
import type * as ChatStartHandler from '../../lambdas/handlers/chat-start.ts';
import { captureLogs } from '../support/log-capture.ts';

const SECRET = 'current-secret-0123456789abcdefghijklmnop';
const PREVIOUS_SECRET = 'previous-secret-0123456789abcdefghijklmno';
const NOW = new Date('2026-11-23T01:00:00.000Z');
const INSTANCE_ID = '9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e';
const FLOW_ID = '846ec553-a005-41c0-8341-7c1a2b3c4d5e';
const CONTACT_ID = '5ca32fbd-8f92-46af-92a5-6b0f970f0efe';
const EARLIER_CHAT = '0b6f3c1e-2d4a-4f5b-8c9d-1e2f3a4b5c6d';
const STARTED: StartedChat = {
  contactId: CONTACT_ID,
  participantId: 'p-0a1b2c',
  participantToken: 'participant-token-xyz',
};

const sato: Customer = {
  id: 'C1',
  name: '佐藤 花子',
  phone: '+819012345678' as Customer['phone'],
  language: 'ja',
  timeZone: 'Asia/Tokyo',
  tier: 'vip',
  consent: {},
  recent: [
    {
      id: 'c-9:menu',
      at: '2026-11-20T16:30:00.000Z',
      channel: 'voice',
      direction: 'inbound',
      topic: 'billing',
      summary: 'IVR: billing を選択（billing キュー）',
      contactId: 'c-9',
    },
    {
      id: 'sms:1',
      at: '2026-11-18T03:00:00.000Z',
      channel: 'sms',
      direction: 'inbound',
      topic: 'sms',
      summary: '荷物がまだ届きません',
    },
  ],
  notices: [],
  surveyedAt: [],
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-20T16:30:00.000Z',
  version: 3,
};

const tokenFor = (customerId: string, expiresAt = new Date(NOW.getTime() + 5 * 60_000), secret = SECRET) =>
  signCustomerToken({ customerId, expiresAt }, secret);

/** The profile store's part the chat start uses, in memory, keeping what was written. */
function fakeProfiles(customers: Customer[] = [sato], pointers: Record<string, string> = {}) {
  const written: { pointers: [string, string, string][]; interactions: Interaction[] } = {
    pointers: [],
    interactions: [],
  };
  return {
    written,
    get: vi.fn(async (id: string) => customers.find((c) => c.id === id)),
    customerForContact: vi.fn(async (contactId: string) => pointers[contactId]),
    recordContact: vi.fn(async (contactId: string, customerId: string, at: string) => {
      written.pointers.push([contactId, customerId, at]);
    }),
    appendInteraction: vi.fn(async (interaction: Interaction) => {
      written.interactions.push(interaction);
      return { duplicate: false };
    }),
  };
}

function fakeConnect(answer: StartedChat | Error = STARTED) {
  const requests: StartChatRequest[] = [];
  return {
    requests,
    startChat: vi.fn(async (request: StartChatRequest) => {
      requests.push(request);
      if (answer instanceof Error) throw answer;
      return answer;
    }),
  };
}

function chatStart(overrides: Partial<ChatStartDeps> = {}) {
  const profiles = fakeProfiles();
  const connect = fakeConnect();
  const secrets = vi.fn(async () => [SECRET, PREVIOUS_SECRET]);
  const deps: ChatStartDeps = {
    profiles,
    connect,
    customerTokenSecrets: secrets,
    clock: () => NOW,
    newClientToken: () => 'client-token-1',
    ...overrides,
  };
  return {
    service: new ChatStart({ instanceId: INSTANCE_ID, contactFlowId: FLOW_ID }, deps),
    profiles,
    connect,
    secrets,
  };
}

describe('starting a chat (domain)', () => {
  it('starts a known customer’s chat with their context as attributes, on the configured instance and flow', async () => {
    // Prepare
    const { service, connect } = chatStart();

    // Act
    const result = await service.start({ displayName: '花子', customerToken: tokenFor('C1') });

    // Assess
    expect(result).toEqual({ ok: true, ...STARTED, known: true, recorded: true });
    expect(connect.requests).toHaveLength(1);
    const request = connect.requests[0];
    expect(request).toMatchObject({
      instanceId: INSTANCE_ID,
      contactFlowId: FLOW_ID,
      displayName: '花子',
      language: 'ja',
      clientToken: 'client-token-1',
    });
    expect(request?.persistentChat).toBeUndefined();
    expect(request?.attributes).toMatchObject({
      known: 'true',
      customerId: 'C1',
      greetingName: '佐藤',
      honorificName: '佐藤様',
      language: 'ja',
      tier: 'vip',
      lastChannel: 'voice',
      lastTopic: 'billing',
      recentSummary:
        '2026-11-21 voice billing: IVR: billing を選択（billing キュー） / 2026-11-18 sms sms: 荷物がまだ届きません',
    });
    // The same keys the voice flows read, and the summary.
    expect(Object.keys(request?.attributes ?? {}).sort()).toEqual([...CONTEXT_KEYS, 'recentSummary'].sort());
  });

  it('remembers the contact against the customer first, then puts the chat on their timeline', async () => {
    const { service, profiles } = chatStart();

    await service.start({ displayName: '花子', customerToken: tokenFor('C1') });

    expect(profiles.written.pointers).toEqual([[CONTACT_ID, 'C1', NOW.toISOString()]]);
    expect(profiles.written.interactions).toEqual([
      {
        id: `chat:${CONTACT_ID}`,
        customerId: 'C1',
        at: NOW.toISOString(),
        channel: 'chat',
        direction: 'inbound',
        contactId: CONTACT_ID,
        topic: 'chat',
        status: 'started',
      },
    ]);
    expect(profiles.recordContact.mock.invocationCallOrder[0]).toBeLessThan(
      profiles.appendInteraction.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('speaks to a known customer in the profile’s language and addresses an English speaker by given name', async () => {
    const emily: Customer = { ...sato, id: 'C2', name: 'Emily Carter', language: 'en', recent: [] };
    const { service, connect } = chatStart({ profiles: fakeProfiles([emily]) });

    await service.start({ displayName: 'Emily', customerToken: tokenFor('C2'), language: 'ja' });

    expect(connect.requests[0]?.language).toBe('en');
    expect(connect.requests[0]?.attributes).toMatchObject({
      honorificName: 'Emily',
      language: 'en',
      lastChannel: '',
      recentSummary: '',
    });
  });

  it('starts an anonymous chat as unknown in the language asked for, reading and writing nothing', async () => {
    const { service, connect, profiles, secrets } = chatStart();

    const result = await service.start({ displayName: 'Guest', language: 'en' });

    expect(result).toEqual({ ok: true, ...STARTED, known: false, recorded: false });
    expect(connect.requests[0]?.attributes).toMatchObject({
      known: 'false',
      customerId: '',
      language: 'en',
      reason: 'anonymous',
    });
    expect(connect.requests[0]?.language).toBe('en');
    expect(secrets).not.toHaveBeenCalled();
    expect(profiles.get).not.toHaveBeenCalled();
    expect(profiles.recordContact).not.toHaveBeenCalled();
    expect(profiles.appendInteraction).not.toHaveBeenCalled();
  });

  it('speaks the deployment’s default language to an anonymous customer who names none', async () => {
    const { connect, profiles } = chatStart();
    const service = new ChatStart(
      { instanceId: INSTANCE_ID, contactFlowId: FLOW_ID, defaultLanguage: 'en' },
      { profiles, connect, customerTokenSecrets: async () => [SECRET], clock: () => NOW },
    );

    await service.start({ displayName: 'Guest' });

    expect(connect.requests[0]?.language).toBe('en');
    // Without a client token generator, each start gets a fresh UUID.
    expect(connect.requests[0]?.clientToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ignores any instance or flow id in the request body and routes by its configuration', async () => {
    const { service, connect } = chatStart();

    const result = await service.start({
      displayName: 'Guest',
      instanceId: 'attacker-instance',
      contactFlowId: 'attacker-flow',
      queueId: 'vip-queue',
      flowId: 'f',
      InstanceId: 'attacker-instance',
      ContactFlowId: 'attacker-flow',
    });

    expect(result.ok).toBe(true);
    expect(connect.requests[0]).toMatchObject({ instanceId: INSTANCE_ID, contactFlowId: FLOW_ID });
    expect(JSON.stringify(connect.requests[0])).not.toContain('attacker');
    expect(JSON.stringify(connect.requests[0])).not.toContain('vip-queue');
  });

  it('chats on as unknown when a genuine token names a customer tsunagu has no profile of', async () => {
    const { service, connect, profiles } = chatStart();

    const result = await service.start({ displayName: 'Guest', customerToken: tokenFor('C404') });

    expect(result).toMatchObject({ ok: true, known: false, recorded: false });
    expect(connect.requests[0]?.attributes).toMatchObject({
      known: 'false',
      reason: 'not-found',
      language: 'ja',
    });
    expect(profiles.recordContact).not.toHaveBeenCalled();
  });

  it.each([
    [{ displayName: '' }, 'displayName'],
    [{ displayName: '   ' }, 'displayName'],
    [{ displayName: 'あ'.repeat(257) }, 'displayName'],
    [{ displayName: 'a\u0000b' }, 'displayName'],
    [{}, 'displayName'],
    [{ displayName: 'Guest', language: 'fr' }, 'language'],
    [{ displayName: 'Guest', previousContactId: 'not a contact id!' }, 'previousContactId'],
    [{ displayName: 'Guest', customerToken: 'x'.repeat(1025) }, 'customerToken'],
    [{ displayName: 'Guest', priority: 'high' }, 'priority'],
    [['Guest'], 'body'],
    [null, 'body'],
  ])('refuses %j as a bad request naming %s, without calling Connect', async (body, field) => {
    const { service, connect } = chatStart();

    const result = await service.start(body);

    expect(result).toMatchObject({ ok: false, status: 400, reason: 'invalid-request', field });
    expect(connect.startChat).not.toHaveBeenCalled();
  });

  it('sends the display name trimmed', async () => {
    const { service, connect } = chatStart();

    await service.start({ displayName: '  花子  ' });

    expect(connect.requests[0]?.displayName).toBe('花子');
  });

  it.each([
    ['expired', tokenFor('C1', new Date(NOW.getTime() - 1_000))],
    ['too-long-lived', tokenFor('C1', new Date(NOW.getTime() + 60 * 60_000))],
    ['bad-signature', tokenFor('C1', undefined, 'some-other-secret-0123456789abcdefghijk')],
    ['malformed', 'v1.not-a-token'],
  ])('refuses a %s customer token with 401, without calling Connect', async (reason, customerToken) => {
    const { service, connect } = chatStart();

    const result = await service.start({ displayName: '花子', customerToken });

    expect(result).toEqual({
      ok: false,
      status: 401,
      reason: `customer-token-${reason}`,
      field: 'customerToken',
    });
    expect(connect.startChat).not.toHaveBeenCalled();
  });

  it('accepts a token signed with the previous secret during a rotation', async () => {
    const { service } = chatStart();

    const result = await service.start({
      displayName: '花子',
      customerToken: tokenFor('C1', undefined, PREVIOUS_SECRET),
    });

    expect(result).toMatchObject({ ok: true, known: true });
  });
});

describe('resuming a chat (persistent chat)', () => {
  it('resumes the customer’s own earlier chat with its whole past session', async () => {
    const profiles = fakeProfiles([sato], { [EARLIER_CHAT]: 'C1' });
    const connect = fakeConnect({ ...STARTED, continuedFromContactId: EARLIER_CHAT });
    const { service } = chatStart({ profiles, connect });

    const result = await service.start({
      displayName: '花子',
      customerToken: tokenFor('C1'),
      previousContactId: EARLIER_CHAT,
    });

    expect(result).toMatchObject({ ok: true, continuedFromContactId: EARLIER_CHAT, recorded: true });
    expect(profiles.customerForContact).toHaveBeenCalledWith(EARLIER_CHAT);
    expect(connect.requests[0]?.persistentChat).toEqual({
      sourceContactId: EARLIER_CHAT,
      rehydrationType: 'ENTIRE_PAST_SESSION',
    });
    expect(profiles.written.interactions[0]?.summary).toBe(`resumed chat ${EARLIER_CHAT}`);
  });

  it.each([
    ['another customer’s chat', { [EARLIER_CHAT]: 'C2' }],
    ['a chat nobody recorded', {}],
  ])('refuses to resume %s, with the same answer either way', async (_what, pointers) => {
    const { service, connect } = chatStart({ profiles: fakeProfiles([sato], pointers) });

    const result = await service.start({
      displayName: '花子',
      customerToken: tokenFor('C1'),
      previousContactId: EARLIER_CHAT,
    });

    expect(result).toMatchObject({
      ok: false,
      status: 400,
      reason: 'previous-contact-not-found',
      field: 'previousContactId',
    });
    expect(connect.startChat).not.toHaveBeenCalled();
  });

  it('refuses to resume a chat for someone without a customer token', async () => {
    const { service, connect, profiles } = chatStart({
      profiles: fakeProfiles([sato], { [EARLIER_CHAT]: 'C1' }),
    });

    const result = await service.start({ displayName: 'Guest', previousContactId: EARLIER_CHAT });

    expect(result).toMatchObject({ ok: false, status: 400, reason: 'previous-contact-needs-customer-token' });
    expect(profiles.customerForContact).not.toHaveBeenCalled();
    expect(connect.startChat).not.toHaveBeenCalled();
  });

  it('answers 400 when Connect will not resume the chat (still active, or ended under a minute ago)', async () => {
    const { service } = chatStart({
      profiles: fakeProfiles([sato], { [EARLIER_CHAT]: 'C1' }),
      connect: fakeConnect(
        new ConnectInvalidRequestError('StartChatContact failed: InvalidRequestException'),
      ),
    });

    const result = await service.start({
      displayName: '花子',
      customerToken: tokenFor('C1'),
      previousContactId: EARLIER_CHAT,
    });

    expect(result).toMatchObject({ ok: false, status: 400, reason: 'previous-contact-not-resumable' });
  });
});

describe('when Connect or the profile store fails', () => {
  it.each([
    [new ConnectThrottledError('LimitExceededException'), 429, 'throttled'],
    [new ConnectInvalidRequestError('ResourceNotFoundException'), 502, 'connect-refused'],
    [new ConnectServiceError('InternalServiceException'), 502, 'connect-error'],
  ])('turns %s into %s', async (error, status, reason) => {
    const { service } = chatStart({ connect: fakeConnect(error) });

    const result = await service.start({ displayName: 'Guest' });

    expect(result).toMatchObject({ ok: false, status, reason });
  });

  it('lets an unexpected error through for the handler to answer 500', async () => {
    const { service } = chatStart({ connect: fakeConnect(new TypeError('bug')) });

    await expect(service.start({ displayName: 'Guest' })).rejects.toThrow('bug');
  });

  it('still gives the customer their chat when it cannot be recorded, and says so', async () => {
    const profiles = fakeProfiles();
    profiles.appendInteraction.mockRejectedValue(new Error('ProvisionedThroughputExceededException'));
    const { service } = chatStart({ profiles });

    const result = await service.start({ displayName: '花子', customerToken: tokenFor('C1') });

    expect(result).toMatchObject({ ok: true, contactId: CONTACT_ID, known: true, recorded: false });
    expect(result.ok && result.recordError?.message).toBe('ProvisionedThroughputExceededException');
    expect(profiles.written.pointers).toHaveLength(1);
  });

  it('will not be built without the Connect instance and flow', () => {
    const { profiles, connect } = chatStart();
    const deps = { profiles, connect, customerTokenSecrets: async () => [SECRET], clock: () => NOW };

    expect(() => new ChatStart({ instanceId: '', contactFlowId: FLOW_ID }, deps)).toThrow(
      /CONNECT_INSTANCE_ID/,
    );
    expect(() => new ChatStart({ instanceId: INSTANCE_ID, contactFlowId: '' }, deps)).toThrow(/CHAT_FLOW_ID/);
  });
});

describe('the recent summary for the agent', () => {
  it('sums up the newest three interactions in one short line, dates in the customer’s time zone', () => {
    const recent = Array.from({ length: 5 }, (_, i) => ({
      id: `i${i}`,
      at: `2026-11-2${5 - i}T20:00:00.000Z`,
      channel: 'email' as const,
      direction: 'outbound' as const,
      topic: `topic-${i}`,
      summary: `${'長い要約'.repeat(30)}\n${i}`,
    }));

    const summary = recentSummary(recent, 'Asia/Tokyo');

    const parts = summary.split(' / ');
    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatch(/^2026-11-26 email topic-0: 長い要約/);
    expect([...(parts[0] ?? '')].length).toBeLessThanOrEqual('2026-11-26 email topic-0: '.length + 60);
    expect(parts[0]?.endsWith('…')).toBe(true);
    expect(summary).not.toContain('\n');
  });

  it('falls back to UTC dates for a time zone it does not know', () => {
    const summary = recentSummary(
      [{ id: 'i', at: '2026-11-20T20:00:00.000Z', channel: 'voice', direction: 'inbound' }],
      'Mars/Base',
    );

    expect(summary).toBe('2026-11-20 voice');
  });
});

// ---------------------------------------------------------------------------------------------
// The Lambda, wired to its AWS adapters (SDK clients mocked).

const connect = mockClient(ConnectClient);
const ddb = mockClient(DynamoDBDocumentClient);
const secretsManager = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:tsunagu-customer-token-AbCdEf';

let module: typeof ChatStartHandler;
let logLines: string[];

beforeAll(async () => {
  // The module reads its configuration at import, as in Lambda: ARNs from CloudFormation are fine.
  vi.stubEnv('CONNECT_INSTANCE_ID', `arn:aws:connect:ap-northeast-1:111122223333:instance/${INSTANCE_ID}`);
  vi.stubEnv(
    'CHAT_FLOW_ID',
    `arn:aws:connect:ap-northeast-1:111122223333:instance/${INSTANCE_ID}/contact-flow/${FLOW_ID}`,
  );
  vi.stubEnv('CUSTOMER_TOKEN_SECRET_ARN', SECRET_ARN);
  module = await import('../../lambdas/handlers/chat-start.ts');
  vi.unstubAllEnvs();
});

/** The profile item as DynamoDB holds it. */
const satoItem = { pk: 'CUSTOMER#C1', sk: 'PROFILE', _et: 'Customer', ...sato };

function httpEvent(
  body: unknown,
  options: { contentType?: string | null; method?: string; base64?: boolean } = {},
): APIGatewayProxyEventV2 {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  return {
    version: '2.0',
    routeKey: 'POST /chat/start',
    rawPath: '/chat/start',
    rawQueryString: '',
    headers: contentType === null ? {} : { 'content-type': contentType },
    requestContext: {
      requestId: 'req-1',
      http: { method: options.method ?? 'POST', path: '/chat/start' },
    } as APIGatewayProxyEventV2['requestContext'],
    body: options.base64 ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: options.base64 ?? false,
  };
}

async function call(handler: ReturnType<typeof module.handlerWith>, event: APIGatewayProxyEventV2) {
  const result = (await handler(event)) as APIGatewayProxyStructuredResultV2;
  return { ...result, json: JSON.parse(result.body ?? '{}') as Record<string, unknown> };
}

const liveToken = (customerId = 'C1', secret = SECRET) =>
  signCustomerToken({ customerId, expiresAt: new Date(Date.now() + 5 * 60_000) }, secret);

describe('POST /chat/start (the Lambda)', () => {
  beforeEach(() => {
    logLines = captureLogs();
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ current: SECRET, previous: PREVIOUS_SECRET }) });
    connect.on(StartChatContactCommand).resolves({
      ContactId: CONTACT_ID,
      ParticipantId: 'p-0a1b2c',
      ParticipantToken: 'participant-token-xyz',
    });
  });

  afterEach(() => {
    connect.reset();
    ddb.reset();
    secretsManager.reset();
    vi.restoreAllMocks();
  });

  it('starts the chat on the configured instance and flow, whatever ids the body names', async () => {
    // Prepare
    const handler = module.handlerWith();

    // Act
    const response = await call(
      handler,
      httpEvent({
        displayName: 'Guest',
        language: 'en',
        instanceId: 'ffffffff-0000-0000-0000-000000000000',
        contactFlowId: 'eeeeeeee-0000-0000-0000-000000000000',
        InstanceId: 'ffffffff-0000-0000-0000-000000000000',
        ContactFlowId: 'eeeeeeee-0000-0000-0000-000000000000',
        queueId: 'q',
        flowId: 'f',
      }),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      contactId: CONTACT_ID,
      participantId: 'p-0a1b2c',
      participantToken: 'participant-token-xyz',
    });
    expect(connect).toReceiveCommandTimes(StartChatContactCommand, 1);
    const input = connect.commandCalls(StartChatContactCommand)[0]?.args[0].input;
    expect(input?.InstanceId).toBe(INSTANCE_ID);
    expect(input?.ContactFlowId).toBe(FLOW_ID);
    expect(input?.PersistentChat).toBeUndefined();
    expect(input?.Attributes).toMatchObject({ known: 'false', language: 'en', customerId: '' });
    expect(logLines.join('')).toContain('chat start request names Connect resources; ignored');
  });

  it('starts a known customer’s chat with their profile as attributes, and records contact and timeline', async () => {
    ddb.on(GetCommand).resolves({ Item: satoItem });
    ddb.on(PutCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});

    const response = await call(
      module.handlerWith(),
      httpEvent({ displayName: '花子', customerToken: liveToken() }),
    );

    expect(response.statusCode).toBe(200);
    expect(connect).toReceiveCommandWith(StartChatContactCommand, {
      ParticipantDetails: { DisplayName: '花子' },
      Attributes: expect.objectContaining({
        known: 'true',
        customerId: 'C1',
        honorificName: '佐藤様',
        language: 'ja',
        tier: 'vip',
        lastChannel: 'voice',
        lastTopic: 'billing',
      }),
    });
    // Profile read, contact pointer, then the timeline (profile read + one transaction).
    expect(ddb.calls()).toHaveLength(4);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      pk: `CONTACT#${CONTACT_ID}`,
      sk: 'CONTACT',
      customerId: 'C1',
    });
    const writes = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(writes.map((w) => w.Put?.Item)).toContainEqual(
      expect.objectContaining({
        id: `chat:${CONTACT_ID}`,
        channel: 'chat',
        direction: 'inbound',
        status: 'started',
      }),
    );
    // Logs carry neither the customer's name nor the tokens.
    const logs = logLines.join('');
    expect(logs).toContain('chat started');
    expect(logs).not.toContain('花子');
    expect(logs).not.toContain('participant-token-xyz');
    expect(logs).not.toContain(SECRET);
  });

  it('refuses to resume another customer’s chat with 400, and does not start one', async () => {
    ddb.on(GetCommand, { Key: { pk: 'CUSTOMER#C1', sk: 'PROFILE' } }).resolves({ Item: satoItem });
    ddb.on(GetCommand, { Key: { pk: `CONTACT#${EARLIER_CHAT}`, sk: 'CONTACT' } }).resolves({
      Item: {
        pk: `CONTACT#${EARLIER_CHAT}`,
        sk: 'CONTACT',
        _et: 'Contact',
        contactId: EARLIER_CHAT,
        customerId: 'C2',
        at: '2026-11-20T00:00:00.000Z',
        expiresAt: 1_800_000_000,
      },
    });

    const response = await call(
      module.handlerWith(),
      httpEvent({ displayName: '花子', customerToken: liveToken(), previousContactId: EARLIER_CHAT }),
    );

    expect(response.statusCode).toBe(400);
    expect(response.json).toEqual({
      error: 'previous-contact-not-found',
      field: 'previousContactId',
      message: 'there is no chat of this customer with that contact id to resume',
    });
    expect(connect).not.toReceiveCommand(StartChatContactCommand);
  });

  it.each([
    ['no content type', null],
    ['a form', 'application/x-www-form-urlencoded'],
    ['plain text', 'text/plain'],
  ])('answers 415 to a body with %s', async (_what, contentType) => {
    const response = await call(module.handlerWith(), httpEvent({ displayName: 'Guest' }, { contentType }));

    expect(response.statusCode).toBe(415);
    expect(response.json).toEqual({
      error: 'unsupported-media-type',
      message: 'send the body as application/json',
    });
    expect(connect).not.toReceiveCommand(StartChatContactCommand);
  });

  it('takes JSON with a charset, and a base64-encoded body', async () => {
    const response = await call(
      module.handlerWith(),
      httpEvent({ displayName: 'Guest' }, { contentType: 'Application/JSON; charset=utf-8', base64: true }),
    );

    expect(response.statusCode).toBe(200);
  });

  it('answers 413 to a body over 16 KB, and takes one of exactly 16 KB', async () => {
    const handler = module.handlerWith();
    const padded = (bytes: number) => {
      const base = JSON.stringify({ displayName: 'Guest', language: 'ja' });
      return `${base.slice(0, -1)}${' '.repeat(bytes - base.length)}}`;
    };

    const tooLarge = await call(handler, httpEvent(padded(16 * 1024 + 1)));
    const fits = await call(handler, httpEvent(padded(16 * 1024)));

    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json.error).toBe('body-too-large');
    expect(fits.statusCode).toBe(200);
    expect(connect).toReceiveCommandTimes(StartChatContactCommand, 1);
  });

  it.each([
    ['not JSON', '{displayName:', 'invalid-json', undefined],
    ['no body', '', 'invalid-json', undefined],
    ['an unknown field', { displayName: 'Guest', priority: 'high' }, 'invalid-request', 'priority'],
    ['no display name', { language: 'ja' }, 'invalid-request', 'displayName'],
  ])('answers 400 to %s', async (_what, body, error, field) => {
    const response = await call(module.handlerWith(), httpEvent(body));

    expect(response.statusCode).toBe(400);
    expect(response.json.error).toBe(error);
    expect(response.json.field).toBe(field);
    expect(connect).not.toReceiveCommand(StartChatContactCommand);
  });

  it('answers 401 to a forged customer token', async () => {
    const response = await call(
      module.handlerWith(),
      httpEvent({
        displayName: '花子',
        customerToken: liveToken('C1', 'forged-secret-0123456789abcdefghijklmno'),
      }),
    );

    expect(response.statusCode).toBe(401);
    expect(response.json).toEqual({ error: 'customer-token-bad-signature', field: 'customerToken' });
    expect(connect).not.toReceiveCommand(StartChatContactCommand);
  });

  it('answers 405 to anything but POST', async () => {
    const response = await call(module.handlerWith(), httpEvent({ displayName: 'Guest' }, { method: 'GET' }));

    expect(response.statusCode).toBe(405);
    expect(response.headers).toMatchObject({ allow: 'POST' });
  });

  it('answers 429 with Retry-After when Connect’s chat quota is full, 502 when Connect fails', async () => {
    connect
      .on(StartChatContactCommand)
      .rejectsOnce(new LimitExceededException({ message: 'limit', $metadata: {} }))
      .rejectsOnce(new InternalServiceException({ message: 'internal', $metadata: {} }));
    const handler = module.handlerWith();

    const throttled = await call(handler, httpEvent({ displayName: 'Guest' }));
    const failed = await call(handler, httpEvent({ displayName: 'Guest' }));

    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers).toMatchObject({ 'retry-after': '2' });
    expect(failed.statusCode).toBe(502);
    expect(failed.json).toEqual({ error: 'connect-error' });
  });

  it('answers 500 without a stack trace when the profile cannot be read', async () => {
    ddb.on(GetCommand).rejects(new Error('connect ECONNREFUSED 10.0.0.1:443'));

    const response = await call(
      module.handlerWith(),
      httpEvent({ displayName: '花子', customerToken: liveToken() }),
    );

    expect(response.statusCode).toBe(500);
    expect(response.json).toEqual({ error: 'internal', message: 'the chat could not be started; try again' });
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(response.body).not.toMatch(/\bat\s/);
    expect(logLines.join('')).toContain('chat start failed');
  });

  it('marks every answer no-store: the participant token is a credential', async () => {
    const handler = module.handlerWith();

    const responses = await Promise.all([
      call(handler, httpEvent({ displayName: 'Guest' })),
      call(handler, httpEvent({ displayName: '' })),
      call(handler, httpEvent('x', { contentType: 'text/plain' })),
    ]);

    for (const response of responses) {
      expect(response.headers).toMatchObject({
        'cache-control': 'no-store',
        'content-type': 'application/json; charset=utf-8',
      });
    }
  });

  it('reads the secrets once per container, and answers 500 naming nothing secret when they are unusable', async () => {
    ddb.on(GetCommand).resolves({ Item: satoItem });
    ddb.on(PutCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const handler = module.handlerWith();

    await call(handler, httpEvent({ displayName: '花子', customerToken: liveToken() }));
    await call(handler, httpEvent({ displayName: '花子', customerToken: liveToken('C1', PREVIOUS_SECRET) }));
    expect(secretsManager).toReceiveCommandTimes(GetSecretValueCommand, 1);
    expect(secretsManager).toReceiveCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN });

    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ current: 'too-short' }) });
    const misconfigured = await call(
      module.handlerWith(),
      httpEvent({ displayName: '花子', customerToken: liveToken() }),
    );
    expect(misconfigured.statusCode).toBe(500);
    expect(logLines.join('')).toContain(`secret ${SECRET_ARN} must be JSON`);
    expect(logLines.join('')).not.toContain('too-short');
  });
});
