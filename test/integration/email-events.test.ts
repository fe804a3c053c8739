import { readFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { DynamoSuppressionList } from '../../lambdas/adapters/dynamodb/suppression-store.ts';
import { createLogger } from '../../lambdas/commons/logger.ts';
import { newCustomer } from '../../lambdas/domain/customer/customer-input.ts';
import { EmailEventService } from '../../lambdas/domain/messaging/email-events.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';
import { fixturePath } from '../support/fixtures.ts';
import { TEST_POLICY } from '../support/policy.ts';

const FIXTURE = fixturePath('events', 'ses-email-bounced-permanent.json');
const MESSAGE_ID = '0106019b2c3d4e5f-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-000000';
/** Before the fixture's events, so that they are the latest word on consent. */
const SIGNED_UP = new Date('2026-11-01T00:00:00.000Z');

let table: TestTable;
let profiles: DynamoProfileStore;
let suppressions: DynamoSuppressionList;
let handle: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
const dead: { body: string; reason: string }[] = [];

beforeAll(async () => {
  table = await createTestTable();
  profiles = new DynamoProfileStore(table.documentClient, table.tableName);
  suppressions = new DynamoSuppressionList(table.documentClient, table.tableName);
  // The module reads its configuration at import, as in Lambda.
  vi.stubEnv('TABLE_NAME', table.tableName);
  vi.stubEnv('DEAD_LETTER_QUEUE_URL', 'http://127.0.0.1/local-sqs/email-events-dlq');
  const { makeHandler } = await import('../../lambdas/handlers/email-events.ts');
  vi.unstubAllEnvs();
  handle = makeHandler({
    emailEvents: new EmailEventService({ suppressions, profiles }),
    deadLetters: { send: async (body, reason) => void dead.push({ body, reason }) },
    logger: createLogger('test'),
  });
});

afterAll(async () => {
  await table.drop();
});

const bouncedFixture = (): Record<string, unknown> => JSON.parse(readFileSync(FIXTURE, 'utf8'));
const sqsBatch = (...bodies: unknown[]): SQSEvent =>
  ({ Records: bodies.map((b) => ({ messageId: ulid(), body: JSON.stringify(b) })) }) as SQSEvent;

async function customer(email: string) {
  const c = newCustomer(
    { name: '山田 太郎', email, consent: { email: { transactional: true, marketing: true } } },
    { id: ulid(), now: SIGNED_UP, policy: TEST_POLICY, source: 'api' },
  );
  await profiles.create(c);
  return c;
}

/** A complaint about the fixture's message, sent to `email` for `customerId`. */
function complaint(email: string, customerId: string) {
  const event = bouncedFixture();
  const { bounce: _, ...detail } = event.detail as Record<string, unknown>;
  return {
    ...event,
    'detail-type': 'Email Complaint Received',
    detail: {
      ...detail,
      eventType: 'Complaint',
      mail: {
        ...(detail.mail as object),
        destination: [email],
        tags: { customerId: [customerId], purpose: ['marketing'] },
      },
      complaint: {
        complainedRecipients: [{ emailAddress: email }],
        timestamp: '2026-11-21T08:00:00.000Z',
        feedbackId: '0106019b-feedback',
        complaintFeedbackType: 'abuse',
      },
    },
  };
}

describe('SES events against DynamoDB Local', () => {
  it('a permanent bounce suppresses the address and is on the timeline once, however often it arrives', async () => {
    const taro = await customer('taro.yamada@example.jp');
    table.requests.reset();

    const first = await handle(sqsBatch(bouncedFixture()));
    const firstRequests = table.requests.operations;
    const second = await handle(sqsBatch(bouncedFixture()));

    expect([first, second]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    // Suppress, find the owner, then the timeline entry alone: no profile read, no profile write.
    expect(firstRequests).toEqual(['PutItem', 'Query', 'TransactWriteItems']);
    expect(await suppressions.isSuppressed('email', 'Taro.Yamada@example.jp')).toBe(true);
    const page = await profiles.timeline(taro.id, { limit: 10 });
    expect(page.items).toEqual([
      expect.objectContaining({
        id: `ses:${MESSAGE_ID}:bounce`,
        at: '2026-11-20T03:41:02.669Z',
        channel: 'email',
        direction: 'outbound',
        status: 'bounced',
      }),
    ]);
    // What became of an email is not a contact: the recent list (who spoke to them last) is untouched.
    const stored = await profiles.get(taro.id);
    expect(stored?.recent).toEqual(taro.recent);
    expect(stored?.version).toBe(taro.version);
    expect(dead).toEqual([]);
  });

  it('a complaint withdraws email marketing but keeps transactional email, and changes nothing when redelivered', async () => {
    const hanako = await customer('hanako.sato@example.jp');
    const event = complaint('hanako.sato@example.jp', hanako.id);
    table.requests.reset();

    await handle(sqsBatch(event));
    const firstRequests = table.requests.count;
    const afterFirst = await profiles.get(hanako.id);
    await handle(sqsBatch(event));

    // Read the profile, withdraw marketing (read + update), then the timeline entry alone.
    expect(firstRequests).toBe(4);
    const stored = await profiles.get(hanako.id);
    expect(stored?.consent.email).toEqual({
      transactional: { granted: true, at: SIGNED_UP.toISOString(), source: 'api' },
      marketing: { granted: false, at: '2026-11-21T08:00:00.000Z', source: 'complaint' },
    });
    expect(stored?.version).toBe(afterFirst?.version);
    expect(await suppressions.isSuppressed('email', 'hanako.sato@example.jp')).toBe(false);
    const page = await profiles.timeline(hanako.id, { limit: 10 });
    expect(page.items.map((i) => [i.id, i.status])).toEqual([[`ses:${MESSAGE_ID}:complaint`, 'complained']]);
    expect(dead).toEqual([]);
  });
});
