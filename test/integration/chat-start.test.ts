import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoContactTimelineStore } from '../../lambdas/adapters/dynamodb/contact-timeline-store.ts';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { ChatStart } from '../../lambdas/domain/chat/chat-start.ts';
import { signCustomerToken } from '../../lambdas/domain/chat/customer-token.ts';
import type { StartChatRequest } from '../../lambdas/domain/contact/connect-contacts.ts';
import type { Customer } from '../../lambdas/domain/customer/customer.ts';
import { newCustomer } from '../../lambdas/domain/customer/customer-input.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';
import { TEST_POLICY } from '../support/policy.ts';

const SECRET = 'integration-secret-0123456789abcdefghijkl';
const INSTANCE_ID = '9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e';
const FLOW_ID = '846ec553-a005-41c0-8341-7c1a2b3c4d5e';

let table: TestTable;
let profiles: DynamoProfileStore;
let sato: Customer;
let emily: Customer;
let phoneSeq = 30_000_000;

async function customer(name: string, language: 'ja' | 'en', tier = 'standard'): Promise<Customer> {
  phoneSeq += 1;
  const c = newCustomer(
    { name, phone: `+8190${phoneSeq}`, language, tier },
    { id: ulid(), now: new Date(), policy: TEST_POLICY, source: 'api' },
  );
  await profiles.create(c);
  return c;
}

beforeAll(async () => {
  table = await createTestTable();
  profiles = new DynamoProfileStore(table.documentClient, table.tableName);
  sato = await customer('佐藤 花子', 'ja', 'vip');
  emily = await customer('Emily Carter', 'en');
  // Yesterday's call, which the agent should see in the chat's attributes.
  await profiles.appendInteraction({
    id: `${randomUUID()}:menu`,
    customerId: sato.id,
    at: new Date(Date.now() - 86_400_000).toISOString(),
    channel: 'voice',
    direction: 'inbound',
    topic: 'billing',
    summary: 'IVR: billing を選択（billing キュー）',
    status: 'routed',
  });
});

afterAll(async () => {
  await table.drop();
});

/** A Connect that starts every chat it is asked for, with a fresh contact id. */
function fakeConnect() {
  const requests: StartChatRequest[] = [];
  return {
    requests,
    startChat: async (request: StartChatRequest) => {
      requests.push(request);
      return {
        contactId: randomUUID(),
        participantId: randomUUID(),
        participantToken: `token-${randomUUID()}`,
        ...(request.persistentChat ? { continuedFromContactId: request.persistentChat.sourceContactId } : {}),
      };
    },
  };
}

function chatStart(connect = fakeConnect()) {
  return {
    connect,
    service: new ChatStart(
      { instanceId: INSTANCE_ID, contactFlowId: FLOW_ID },
      {
        profiles,
        connect,
        customerTokenSecrets: async () => [SECRET],
        clock: () => new Date(),
      },
    ),
  };
}

const tokenFor = (c: Customer) =>
  signCustomerToken({ customerId: c.id, expiresAt: new Date(Date.now() + 5 * 60_000) }, SECRET);

describe('starting a chat with the profile store on DynamoDB Local', () => {
  it('gives a known customer’s chat their profile as attributes, and records the contact and the timeline entry', async () => {
    // Prepare
    const { service, connect } = chatStart();
    table.requests.reset();

    // Act
    const result = await service.start({ displayName: '花子', customerToken: tokenFor(sato) });

    // Assess
    expect(result).toMatchObject({ ok: true, known: true, recorded: true });
    if (!result.ok) return;
    expect(connect.requests[0]?.attributes).toMatchObject({
      known: 'true',
      customerId: sato.id,
      honorificName: '佐藤様',
      language: 'ja',
      tier: 'vip',
      lastChannel: 'voice',
      lastTopic: 'billing',
    });
    expect(connect.requests[0]?.attributes.recentSummary).toMatch(
      /^\d{4}-\d{2}-\d{2} voice billing: IVR: billing を選択（billing キュー）$/,
    );
    // The profile, the contact pointer, then the timeline entry (a read and one transaction).
    expect(table.requests.operations).toEqual(['GetItem', 'PutItem', 'GetItem', 'TransactWriteItems']);

    expect(await profiles.customerForContact(result.contactId)).toBe(sato.id);
    const page = await profiles.timeline(sato.id, { limit: 10 });
    expect(page.items[0]).toMatchObject({
      id: `chat:${result.contactId}`,
      customerId: sato.id,
      channel: 'chat',
      direction: 'inbound',
      contactId: result.contactId,
      status: 'started',
    });
    const stored = await profiles.get(sato.id);
    expect(stored?.recent[0]).toMatchObject({ id: `chat:${result.contactId}`, channel: 'chat' });
  });

  it('lets the chat’s contact events find the customer (AP4)', async () => {
    const { service } = chatStart();

    const result = await service.start({ displayName: 'Emily', customerToken: tokenFor(emily) });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const contacts = new DynamoContactTimelineStore(table.documentClient, table.tableName);
    expect(await contacts.customerForContact([result.contactId])).toBe(emily.id);
  });

  it('resumes the customer’s own chat, and refuses that chat to anyone else', async () => {
    const { service, connect } = chatStart();
    const first = await service.start({ displayName: '花子', customerToken: tokenFor(sato) });
    if (!first.ok) throw new Error('the first chat did not start');

    const resumed = await service.start({
      displayName: '花子',
      customerToken: tokenFor(sato),
      previousContactId: first.contactId,
    });
    const someoneElse = await service.start({
      displayName: 'Emily',
      customerToken: tokenFor(emily),
      previousContactId: first.contactId,
    });

    expect(resumed).toMatchObject({ ok: true, continuedFromContactId: first.contactId });
    expect(connect.requests[1]?.persistentChat).toEqual({
      sourceContactId: first.contactId,
      rehydrationType: 'ENTIRE_PAST_SESSION',
    });
    expect(someoneElse).toMatchObject({ ok: false, status: 400, reason: 'previous-contact-not-found' });
    expect(connect.requests).toHaveLength(2);
  });

  it('writes nothing for an anonymous chat', async () => {
    const { service } = chatStart();
    table.requests.reset();

    const result = await service.start({ displayName: 'Guest', language: 'en' });

    expect(result).toMatchObject({ ok: true, known: false, recorded: false });
    expect(table.requests.count).toBe(0);
  });
});
