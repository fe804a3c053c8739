import { readFileSync } from 'node:fs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../lambdas/domain/customer/customer.ts';
import { newCustomer } from '../../lambdas/domain/customer/customer-input.ts';
import type { Interaction } from '../../lambdas/domain/customer/timeline.ts';
import { CustomerNotFoundError } from '../../lambdas/domain/errors.ts';
import {
  type EmailEvent,
  EmailEventService,
  parseEmailEvent,
} from '../../lambdas/domain/messaging/email-events.ts';
import { fixturePath } from '../support/fixtures.ts';
import { TEST_POLICY } from '../support/policy.ts';

const FIXTURE = fixturePath('events', 'ses-email-bounced-permanent.json');
const MESSAGE_ID = '0106019b2c3d4e5f-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-000000';
const ADDRESS = 'taro.yamada@example.jp';

/** The documented permanent bounce, as EventBridge delivers it. */
const bouncedFixture = (): Record<string, unknown> => JSON.parse(readFileSync(FIXTURE, 'utf8'));

/** The fixture with `detail` changed: another event type of the same message. */
function sesEvent(detailType: string, detail: (d: Record<string, unknown>) => Record<string, unknown>) {
  const event = bouncedFixture();
  const { bounce: _, ...rest } = event.detail as Record<string, unknown>;
  return { ...event, 'detail-type': detailType, detail: detail(rest) };
}

const complaint = (tags: Record<string, string[]> = { customerId: ['C1'], purpose: ['marketing'] }) =>
  sesEvent('Email Complaint Received', (d) => ({
    ...d,
    eventType: 'Complaint',
    mail: { ...(d.mail as object), tags },
    complaint: {
      complainedRecipients: [{ emailAddress: ADDRESS }],
      timestamp: '2026-11-21T08:00:00.000Z',
      feedbackId: '0106019b-feedback',
      complaintFeedbackType: 'abuse',
    },
  }));

const delivery = () =>
  sesEvent('Email Delivered', (d) => ({
    ...d,
    eventType: 'Delivery',
    delivery: {
      timestamp: '2026-11-20T03:41:01.500Z',
      processingTimeMillis: 2488,
      recipients: [ADDRESS],
      smtpResponse: '250 2.0.0 OK',
      reportingMTA: 'a27-12.smtp-out.ap-northeast-1.amazonses.com',
    },
  }));

function transientBounce() {
  const event = bouncedFixture();
  const detail = event.detail as { bounce: Record<string, unknown> };
  detail.bounce = { ...detail.bounce, bounceType: 'Transient', bounceSubType: 'MailboxFull' };
  return event;
}

/** `detail-type` → `DetailType`, `mail` → `Mail`, at every depth (values untouched). */
function pascalKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.replace(/^[a-z]/, (c) => c.toUpperCase()).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
      pascalKeys(v),
    ]),
  );
}

const permanentBounce: EmailEvent = {
  type: 'bounce',
  messageId: MESSAGE_ID,
  at: '2026-11-20T03:41:02.669Z',
  recipients: [{ address: ADDRESS, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
  bounceType: 'permanent',
  bounceSubType: 'General',
  subject: '配送遅延のお知らせ',
};

describe('reading SES events', () => {
  it('reads the documented permanent bounce', () => {
    expect(parseEmailEvent(bouncedFixture())).toEqual({ kind: 'ok', value: permanentBounce });
  });

  it('reads PascalCase keys and lower-case values alike', () => {
    const shouted = pascalKeys(bouncedFixture()) as { Detail: Record<string, unknown> };
    shouted.Detail.EventType = 'bounce';
    (shouted.Detail.Bounce as Record<string, unknown>).BounceType = 'PERMANENT';

    expect(parseEmailEvent(shouted)).toEqual({ kind: 'ok', value: permanentBounce });
  });

  it.each([
    ['a transient bounce', transientBounce(), { type: 'bounce', bounceType: 'transient' }],
    [
      'a complaint, with the customer and purpose the message was tagged with',
      complaint(),
      {
        type: 'complaint',
        at: '2026-11-21T08:00:00.000Z',
        recipients: [{ address: ADDRESS }],
        customerId: 'C1',
        purpose: 'marketing',
      },
    ],
    [
      'a delivery',
      delivery(),
      { type: 'delivery', at: '2026-11-20T03:41:01.500Z', recipients: [{ address: ADDRESS }] },
    ],
  ])('reads %s', (_, event, expected) => {
    const parsed = parseEmailEvent(event);

    expect(parsed).toEqual({
      kind: 'ok',
      value: expect.objectContaining({ messageId: MESSAGE_ID, ...expected }),
    });
  });

  it('tells a complaint by its detail-type when the detail has no eventType', () => {
    const event = complaint();
    delete (event.detail as Record<string, unknown>).eventType;

    expect(parseEmailEvent(event)).toMatchObject({ kind: 'ok', value: { type: 'complaint' } });
  });

  it('leaves out a customerId tag SesEmailSender could not have written', () => {
    const parsed = parseEmailEvent(complaint({ customerId: ['C1; DROP'] }));

    expect(parsed).toMatchObject({ kind: 'ok' });
    expect(parsed.kind === 'ok' && parsed.value.customerId).toBeUndefined();
  });

  it.each([
    ['Open', 'Email Opened'],
    ['DeliveryDelay', 'Email Delivery Delayed'],
    ['Rendering Failure', 'Email Rendering Failed'],
  ])('acknowledges %s events without using them', (eventType, detailType) => {
    const event = sesEvent(detailType, (d) => ({ ...d, eventType }));

    expect(parseEmailEvent(event)).toEqual({ kind: 'ignored', reason: `event type ${eventType}` });
  });

  const withDetail = (change: (d: Record<string, unknown>) => Record<string, unknown>) => {
    const event = bouncedFixture();
    return { ...event, detail: change(event.detail as Record<string, unknown>) };
  };

  it.each([
    ['not an object', ['an', 'array'], 'the event is not a JSON object'],
    [
      'not from SES',
      { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: {} },
      'not an SES event (source aws.ec2, detail-type EC2 Instance State-change Notification)',
    ],
    ['without detail', { ...bouncedFixture(), detail: undefined }, 'detail: missing or not an object'],
    [
      'without an event type',
      { ...bouncedFixture(), 'detail-type': 'Email Something New', detail: { mail: {} } },
      'detail.eventType: missing',
    ],
    ['without mail', withDetail(({ mail: _, ...d }) => d), 'detail.mail: missing or not an object'],
    [
      'without mail.messageId',
      withDetail((d) => ({ ...d, mail: { ...(d.mail as object), messageId: '' } })),
      'detail.mail.messageId: missing',
    ],
    [
      'a bounce without its bounce',
      withDetail(({ bounce: _, ...d }) => d),
      'detail.bounce: missing or not an object',
    ],
    [
      'a bounce naming no address',
      withDetail((d) => ({ ...d, bounce: { bounceType: 'Permanent', bouncedRecipients: [{}] } })),
      'detail.bounce.bouncedRecipients: no email address',
    ],
  ])('refuses an event %s, saying why', (_, event, reason) => {
    expect(parseEmailEvent(event)).toEqual({ kind: 'invalid', reason });
  });
});

/** In-memory ports: what the service asked for, and one customer. */
function fakes(customer?: Customer) {
  const suppressed: { address: string; reason: string; at: string }[] = [];
  const timeline: Interaction[] = [];
  const consent: { customerId: string; purpose: unknown; source: string }[] = [];
  const service = new EmailEventService({
    suppressions: {
      suppress: async (_channel, address, reason, at) => void suppressed.push({ address, reason, at }),
    },
    profiles: {
      get: async (id) => (id === customer?.id ? customer : undefined),
      findByEmail: async (email) => (email === customer?.email ? customer : undefined),
      setConsent: async (customerId, _channel, purpose, record) => {
        consent.push({ customerId, purpose, source: record.source });
        return customer as Customer;
      },
      appendInteraction: async (interaction) => {
        if (interaction.customerId !== customer?.id) throw new CustomerNotFoundError(interaction.customerId);
        const duplicate = timeline.some((i) => i.id === interaction.id);
        if (!duplicate) timeline.push(interaction);
        return { duplicate };
      },
    },
  });
  return { service, suppressed, timeline, consent };
}

const taro = (
  consent: Record<string, boolean> = { transactional: true, marketing: true },
  at = '2026-11-01',
) =>
  newCustomer(
    { name: '山田 太郎', email: ADDRESS, consent: { email: consent } },
    { id: 'C1', now: new Date(`${at}T00:00:00.000Z`), policy: TEST_POLICY, source: 'api' },
  );

describe('what an SES event does', () => {
  it('keeps a long diagnostic out of the suppression reason', async () => {
    const { service, suppressed } = fakes();

    await service.handle({
      ...permanentBounce,
      recipients: [{ address: ADDRESS, diagnosticCode: `smtp; 550 ${'x'.repeat(300)}` }],
    });

    expect(suppressed).toEqual([
      { address: ADDRESS, reason: 'permanent bounce (General)', at: permanentBounce.at },
    ]);
  });

  it('suppresses a permanently bounced address even when it belongs to no customer', async () => {
    const { service, suppressed, timeline } = fakes();

    const result = await service.handle(permanentBounce);

    expect(suppressed.map((s) => s.reason)).toEqual(['permanent bounce: smtp; 550 5.1.1 user unknown']);
    expect(timeline).toEqual([]);
    expect(result).toMatchObject({ suppressed: 1, customerIds: [], recorded: false });
  });

  it('does not suppress an undetermined bounce, and notes it as a soft bounce', async () => {
    const { service, suppressed, timeline } = fakes(taro());

    await service.handle({ ...permanentBounce, bounceType: 'undetermined' });

    expect(suppressed).toEqual([]);
    expect(timeline.map((i) => i.status)).toEqual(['soft-bounce']);
  });

  it('does not undo a marketing opt-in given after the complaint', async () => {
    const { service, consent, timeline } = fakes(taro({ marketing: true }, '2026-11-25'));

    const result = await service.handle({
      type: 'complaint',
      messageId: MESSAGE_ID,
      at: '2026-11-21T08:00:00.000Z',
      recipients: [{ address: ADDRESS }],
    });

    expect(consent).toEqual([]);
    expect(result.marketingWithdrawn).toEqual([]);
    expect(timeline.map((i) => [i.id, i.status])).toEqual([[`ses:${MESSAGE_ID}:complaint`, 'complained']]);
  });

  it('records nothing for a customerId tag that names no customer, and does not fail', async () => {
    const { service, timeline } = fakes(taro());

    const result = await service.handle({
      type: 'delivery',
      messageId: MESSAGE_ID,
      at: '2026-11-20T03:41:01.500Z',
      recipients: [{ address: ADDRESS }],
      customerId: 'C-other-stage',
    });

    expect(timeline).toEqual([]);
    expect(result).toMatchObject({ status: 'delivered', customerIds: [], recorded: false });
  });
});

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const profileItem = { ...taro(), pk: 'CUSTOMER#C1', sk: 'PROFILE', _et: 'Customer' };

let handler: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

beforeAll(async () => {
  // The module reads its configuration at import, as in Lambda.
  vi.stubEnv(
    'DEAD_LETTER_QUEUE_URL',
    'https://sqs.ap-northeast-1.amazonaws.com/111122223333/email-events-dlq',
  );
  ({ handler } = await import('../../lambdas/handlers/email-events.ts'));
  vi.unstubAllEnvs();
});

const record = (messageId: string, body: unknown): SQSRecord =>
  ({ messageId, body: typeof body === 'string' ? body : JSON.stringify(body) }) as SQSRecord;
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

describe('the email events Lambda (SQS batch)', () => {
  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('sends a malformed event to the dead-letter queue with its reason; the bounce next to it suppresses and goes on the timeline', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [profileItem] });
    ddb.on(GetCommand).resolves({ Item: profileItem });
    ddb.on(TransactWriteCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({});
    const noMessageId = bouncedFixture();
    delete ((noMessageId.detail as Record<string, unknown>).mail as Record<string, unknown>).messageId;

    const result = await handler(
      batch(record('bad-json', '{"oops'), record('no-id', noMessageId), record('good', bouncedFixture())),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    const dead = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(dead.map((d) => d.MessageAttributes?.reason?.StringValue)).toEqual([
      'the body is not JSON',
      'detail.mail.messageId: missing',
    ]);
    expect(dead[1]?.QueueUrl).toMatch(/email-events-dlq$/);
    expect(dead[1]?.MessageBody).toBe(JSON.stringify(noMessageId));
    // The fixture carries no customerId tag: the address finds the customer (one Query).
    expect(ddb.calls().map((c) => c.args[0].constructor.name)).toEqual([
      'PutCommand',
      'QueryCommand',
      'TransactWriteCommand',
    ]);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: 'unit-test-table',
      Item: expect.objectContaining({
        pk: `SUPPRESSION#email#${ADDRESS}`,
        reason: 'permanent bounce: smtp; 550 5.1.1 user unknown',
      }),
    });
    const written = ddb
      .commandCalls(TransactWriteCommand)[0]
      ?.args[0].input.TransactItems?.map((i) => i.Put?.Item)
      .find((item) => String(item?.sk).startsWith('TL#'));
    expect(written).toMatchObject({
      pk: 'CUSTOMER#C1',
      sk: `TL#2026-11-20T03:41:02.669Z#ses:${MESSAGE_ID}:bounce`,
      channel: 'email',
      direction: 'outbound',
      status: 'bounced',
    });
  });

  it('retries only the message whose DynamoDB request failed (partial batch response)', async () => {
    ddb
      .on(PutCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }))
      .resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });

    const result = await handler(
      batch(record('throttled', bouncedFixture()), record('fine', bouncedFixture())),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'throttled' }] });
    expect(sqs.calls()).toHaveLength(0);
  });

  it('acknowledges event types it does not use without touching DynamoDB', async () => {
    const opened = sesEvent('Email Opened', (d) => ({ ...d, eventType: 'Open', open: {} }));

    const result = await handler(batch(record('m', opened)));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(ddb.calls()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('retries the message when the dead-letter queue cannot be reached, rather than losing it', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('network down'));

    const result = await handler(batch(record('bad', 'not json')));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
  });
});
