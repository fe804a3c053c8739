import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoContactTimelineStore } from '../../lambdas/adapters/dynamodb/contact-timeline-store.ts';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { type ContactProgress, parseContactEvent } from '../../lambdas/domain/contact/contact-event.ts';
import { ContactTimeline } from '../../lambdas/domain/contact/contact-timeline.ts';
import { newCustomer } from '../../lambdas/domain/customer/customer-input.ts';
import type { DomainEvent } from '../../lambdas/domain/events/domain-event.ts';
import { CONTACT_TIMES, contactEvent, STAGE_ORDER } from '../support/contact-events.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';
import { TEST_POLICY } from '../support/policy.ts';

let table: TestTable;
let profiles: DynamoProfileStore;
let customerId: string;
const published: DomainEvent[] = [];
const INSTANCE = 'arn:aws:connect:ap-northeast-1:111122223333:instance/9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e';
const QUEUE_ARN = `${INSTANCE}/queue/2d3c1b7e-6a1f-4b0e-8c9d-5e4f3a2b1c0d`;

beforeAll(async () => {
  table = await createTestTable();
  profiles = new DynamoProfileStore(table.documentClient, table.tableName);
  const customer = newCustomer(
    { name: '佐藤 花子', phone: '+819012340000' },
    { id: ulid(), now: new Date(), policy: TEST_POLICY, source: 'api' },
  );
  await profiles.create(customer);
  customerId = customer.id;
});

afterAll(async () => {
  await table.drop();
});

function timeline() {
  return new ContactTimeline({
    store: new DynamoContactTimelineStore(table.documentClient, table.tableName),
    events: { publish: async (events) => void published.push(...events) },
    queueNames: new Map([[QUEUE_ARN, 'billing']]),
    clock: () => new Date('2026-11-20T02:00:00.000Z'),
  });
}

function progress(type: (typeof STAGE_ORDER)[number], contactId: string): ContactProgress {
  const parsed = parseContactEvent(contactEvent(type, contactId, { instanceArn: INSTANCE }));
  if (parsed.kind !== 'ok') throw new Error(`fixture event not read: ${JSON.stringify(parsed)}`);
  return parsed.value;
}

/** The contact's timeline item, without what differs between two contacts. */
async function contactItem(contactId: string) {
  const items = await table.allItems();
  const found = items.filter((i) => i.contactId === contactId && i.id === contactId);
  expect(found).toHaveLength(1);
  const { pk, sk, id, contactId: _, lastEventId, ...rest } = found[0] as Record<string, unknown>;
  return { ...rest, pk, skTime: String(sk).split('#')[1] };
}

describe('contact events on the timeline', () => {
  it('keeps one item per contact: ended, with queue name, agent and every time; two requests per event', async () => {
    const contactId = `c-${ulid()}`;
    await profiles.recordContact(contactId, customerId, CONTACT_TIMES.initiation);
    table.requests.reset();

    for (const type of STAGE_ORDER) await timeline().apply(progress(type, contactId));

    expect(table.requests.count / STAGE_ORDER.length).toBeLessThanOrEqual(2);
    expect(new Set(table.requests.operations)).toEqual(new Set(['BatchGetItem', 'UpdateItem']));
    const page = await profiles.timeline(customerId, { limit: 10 });
    expect(page.items).toContainEqual(
      expect.objectContaining({
        id: contactId,
        contactId,
        channel: 'voice',
        direction: 'inbound',
        at: CONTACT_TIMES.initiation,
        endedAt: CONTACT_TIMES.disconnect,
        queue: 'billing',
        agent: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
        status: 'ended',
      }),
    );
  });

  it('gives the same item whatever the order and however often the events arrive', async () => {
    const reference = `c-${ulid()}`;
    await profiles.recordContact(reference, customerId, CONTACT_TIMES.initiation);
    for (const type of STAGE_ORDER) await timeline().apply(progress(type, reference));
    const expected = await contactItem(reference);

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...STAGE_ORDER), { maxLength: 4 }).chain((again) =>
          fc.shuffledSubarray([...STAGE_ORDER, ...again], {
            minLength: STAGE_ORDER.length + again.length,
            maxLength: STAGE_ORDER.length + again.length,
          }),
        ),
        async (deliveries) => {
          const contactId = `c-${ulid()}`;
          await profiles.recordContact(contactId, customerId, CONTACT_TIMES.initiation);
          for (const type of deliveries) await timeline().apply(progress(type, contactId));
          expect(await contactItem(contactId)).toEqual(expected);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('does not go back a stage when an earlier event arrives late, and says so', async () => {
    const contactId = `c-${ulid()}`;
    await profiles.recordContact(contactId, customerId, CONTACT_TIMES.initiation);

    const ended = await timeline().apply(progress('DISCONNECTED', contactId));
    const late = await timeline().apply(progress('CONNECTED_TO_AGENT', contactId));

    expect([ended, late]).toEqual(['written', 'stale']);
    expect(await contactItem(contactId)).toMatchObject({ status: 'ended', statusRank: 4 });
  });

  it('announces ContactCompleted when the contact ends, and not for a late earlier event', async () => {
    const contactId = `c-${ulid()}`;
    await profiles.recordContact(contactId, customerId, CONTACT_TIMES.initiation);
    published.length = 0;

    await timeline().apply(progress('DISCONNECTED', contactId));
    await timeline().apply(progress('QUEUED', contactId));

    expect(published).toEqual([
      {
        source: 'tsunagu.contacts',
        type: 'ContactCompleted',
        at: CONTACT_TIMES.disconnect,
        detail: {
          contactId,
          customerId,
          channel: 'voice',
          direction: 'inbound',
          queue: 'billing',
          agent: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
          startedAt: CONTACT_TIMES.initiation,
          endedAt: CONTACT_TIMES.disconnect,
          durationSeconds: 344,
          answered: true,
        },
      },
    ]);
  });

  it('finds the customer of a callback or transfer through its initial contact', async () => {
    const original = `c-${ulid()}`;
    const callback = `c-${ulid()}`;
    await profiles.recordContact(original, customerId, CONTACT_TIMES.initiation);
    const event = progress('QUEUED', callback);

    expect(await timeline().apply({ ...event, initialContactId: original })).toBe('written');
    expect(await contactItem(callback)).toMatchObject({ pk: `CUSTOMER#${customerId}`, status: 'queued' });
  });

  it('leaves a contact nobody recorded alone: no customer, no item', async () => {
    const contactId = `c-${ulid()}`;

    expect(await timeline().apply(progress('DISCONNECTED', contactId))).toBe('no-customer');
    expect((await table.allItems()).some((i) => i.contactId === contactId)).toBe(false);
  });
});
