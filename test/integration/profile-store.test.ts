import { ulid } from 'ulid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { CustomerService } from '../../lambdas/domain/customer/customer-service.ts';
import type { E164 } from '../../lambdas/domain/customer/phone.ts';
import { CustomerNotFoundError, IdentityConflictError } from '../../lambdas/domain/errors.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';
import { TEST_POLICY } from '../support/policy.ts';

let table: TestTable;
let store: DynamoProfileStore;
let customers: CustomerService;
let clock = new Date('2026-11-23T01:00:00.000Z');

beforeAll(async () => {
  table = await createTestTable();
  // Races are real here; the waits between retries are not (each retry only yields).
  store = new DynamoProfileStore(table.documentClient, table.tableName, {
    retry: { sleep: () => new Promise<void>((done) => setImmediate(done)) },
  });
  customers = new CustomerService({
    profiles: store,
    policy: TEST_POLICY,
    clock: () => clock,
    newId: ulid,
  });
});

afterAll(async () => {
  await table.drop();
});

beforeEach(() => {
  table.requests.reset();
});

let phoneSeq = 10_000_000;
/** A valid Japanese mobile number no other test in this file uses. */
function freshMobile(): string {
  phoneSeq += 1;
  return `090${phoneSeq}`;
}

describe('identities are unique across customers', () => {
  it('stores a phone written any common way as one E.164 identity', async () => {
    const national = freshMobile();
    const created = await customers.create({
      name: '佐藤 花子',
      phone: `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`,
    });

    const found = await customers.findByPhone(
      `+81 ${national.slice(1, 3)} ${national.slice(3, 7)} ${national.slice(7)}`,
    );

    expect(created.phone).toBe(`+81${national.slice(1)}`);
    expect(found?.id).toBe(created.id);
  });

  it('refuses a second customer with the same phone and leaves no partial items behind', async () => {
    // Prepare
    const phone = freshMobile();
    await customers.create({ name: '鈴木 一郎', phone });
    const before = await table.allItems();

    // Act
    const second = customers.create({
      name: 'Someone Else',
      phone: `+81${phone.slice(1)}`,
      email: 'else@example.com',
    });

    // Assess
    await expect(second).rejects.toThrow(IdentityConflictError);
    await expect(second).rejects.toMatchObject({ field: 'phone' });
    const after = await table.allItems();
    expect(after).toHaveLength(before.length);
    expect(after.some((i) => i.name === 'Someone Else' || String(i.pk).includes('else@example.com'))).toBe(
      false,
    );
  });

  it('treats email addresses case-insensitively', async () => {
    await customers.create({ name: 'Emily Carter', email: 'Emily.Carter@Example.com' });

    await expect(customers.create({ name: 'Copy', email: 'emily.carter@example.COM' })).rejects.toMatchObject(
      {
        field: 'email',
      },
    );
    expect((await customers.findByEmail('EMILY.CARTER@example.com'))?.name).toBe('Emily Carter');
  });

  it('moves a phone number to another customer in one transaction when asked to', async () => {
    // Prepare
    const phone = freshMobile();
    const oldOwner = await customers.create({ name: 'Old Owner', phone });
    const newOwner = await customers.create({ name: 'New Owner' });

    // Act
    await expect(customers.assignIdentity(newOwner.id, { kind: 'phone', value: phone })).rejects.toThrow(
      IdentityConflictError,
    );
    const moved = await customers.assignIdentity(newOwner.id, { kind: 'phone', value: phone, move: true });

    // Assess
    expect(moved.phone).toBe(`+81${phone.slice(1)}`);
    expect((await customers.get(oldOwner.id)).phone).toBeUndefined();
    expect((await customers.findByPhone(phone))?.id).toBe(newOwner.id);
    expect(await store.ownerOf({ kind: 'phone', value: `+81${phone.slice(1)}` })).toBe(newOwner.id);
  });

  it('releases the old phone when a customer changes number', async () => {
    const first = freshMobile();
    const second = freshMobile();
    const c = await customers.create({ name: 'Changer', phone: first });

    await customers.assignIdentity(c.id, { kind: 'phone', value: second });

    expect(await store.ownerOf({ kind: 'phone', value: `+81${first.slice(1)}` })).toBeUndefined();
    expect(await customers.findByPhone(first)).toBeUndefined();
    const other = await customers.create({ name: 'Next', phone: first });
    expect(other.phone).toBe(`+81${first.slice(1)}`);
  });

  it('gives chat ids to exactly one customer (AP2 for chat, one request)', async () => {
    const a = await customers.create({ name: 'Chatter A' });
    const b = await customers.create({ name: 'Chatter B' });
    await customers.assignIdentity(a.id, { kind: 'chat', value: 'web:abc-123' });

    await expect(customers.assignIdentity(b.id, { kind: 'chat', value: 'web:abc-123' })).rejects.toThrow(
      IdentityConflictError,
    );
    table.requests.reset();
    expect(await store.ownerOf({ kind: 'chat', value: 'web:abc-123' })).toBe(a.id);
    expect(table.requests.count).toBe(1);
  });
});

describe('access patterns hold their request budgets', () => {
  it('AP1: caller number → IVR context (customer, consent, recent interactions, open notices) in one request', async () => {
    // Prepare
    const phone = freshMobile();
    const c = await customers.create({
      name: '高橋 美咲',
      phone,
      tier: 'vip',
      consent: { sms: { transactional: true } },
    });
    for (let i = 0; i < 7; i++) {
      await customers.recordInteraction(c.id, {
        channel: i % 2 ? 'chat' : 'email',
        direction: 'inbound',
        topic: `t${i}`,
        at: new Date(Date.UTC(2026, 10, 20, i)).toISOString(),
      });
    }
    await customers.addNotice(c.id, {
      topic: 'delivery-delayed',
      summary: '配送遅延',
      at: '2026-11-22T23:00:00Z',
    });
    table.requests.reset();

    // Act
    const found = await store.findByPhone(`+81${phone.slice(1)}` as E164);

    // Assess
    expect(table.requests.operations).toEqual(['Query']);
    expect(found?.recent.map((r) => r.topic)).toEqual(['t6', 't5', 't4', 't3', 't2']);
    expect(found?.notices[0]?.topic).toBe('delivery-delayed');
    expect(found?.consent.sms?.transactional?.granted).toBe(true);
  });

  it('AP3: timeline pages newest first, one request per page, cursors never repeat or skip', async () => {
    // Prepare
    const c = await customers.create({ name: 'Pager' });
    const times = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2026, 10, 1 + i)).toISOString());
    for (const at of [...times].reverse()) {
      await customers.recordInteraction(c.id, { channel: 'sms', direction: 'outbound', at });
    }
    table.requests.reset();

    // Act
    const seen: string[] = [];
    const pageRequests: number[] = [];
    let cursor: string | undefined;
    do {
      const before = table.requests.count;
      const page = await customers.timeline(c.id, { limit: '3', ...(cursor ? { cursor } : {}) });
      pageRequests.push(table.requests.count - before);
      seen.push(...page.items.map((i) => i.at));
      cursor = page.cursor;
    } while (cursor);

    // Assess
    expect(seen).toEqual([...times].reverse());
    expect(pageRequests.every((n) => n === 1)).toBe(true);
  });

  it('AP4: Connect contact id → customer in one request', async () => {
    const c = await customers.create({ name: 'Caller' });
    await customers.recordInteraction(c.id, {
      channel: 'voice',
      direction: 'inbound',
      contactId: '5ca32fbd-8f92-46af-92a5-6b0f970f0efe',
    });
    table.requests.reset();

    const owner = await store.customerForContact('5ca32fbd-8f92-46af-92a5-6b0f970f0efe');

    expect(owner).toBe(c.id);
    expect(table.requests.count).toBe(1);
  });
});

describe('the timeline', () => {
  it('records an interaction once however often it is delivered', async () => {
    const c = await customers.create({ name: 'Retry' });
    const event = {
      id: 'evt-1',
      channel: 'sms',
      direction: 'inbound',
      at: '2026-11-22T10:00:00Z',
      summary: 'hi',
    };

    const first = await customers.recordInteraction(c.id, event);
    const again = await customers.recordInteraction(c.id, event);

    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    const page = await customers.timeline(c.id, {});
    expect(page.items).toHaveLength(1);
    expect((await customers.get(c.id)).recent).toHaveLength(1);
  });

  it('dedupes by id alone: a retry without `at` recorded at a later time is still the same interaction', async () => {
    const c = await customers.create({ name: 'Retry Later' });
    const event = { id: 'evt-no-time', channel: 'sms', direction: 'inbound' };

    const first = await customers.recordInteraction(c.id, event);
    clock = new Date(clock.getTime() + 60_000);
    const again = await customers.recordInteraction(c.id, event);

    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect((await customers.timeline(c.id, {})).items).toHaveLength(1);
  });

  it('keeps every concurrent append (optimistic lock retries instead of losing one)', async () => {
    const c = await customers.create({ name: 'Busy' });

    await Promise.all(
      [1, 2, 3].map((i) =>
        customers.recordInteraction(c.id, {
          channel: 'chat',
          direction: 'inbound',
          at: `2026-11-22T0${i}:00:00Z`,
        }),
      ),
    );

    expect((await customers.timeline(c.id, {})).items).toHaveLength(3);
    expect((await customers.get(c.id)).recent).toHaveLength(3);
  });
});

describe('timeline entries that are not contacts (recent: false)', () => {
  const delivered = (customerId: string, id = 'ses:m-1:delivery') => ({
    id,
    customerId,
    at: '2026-11-22T11:00:00.000Z',
    channel: 'email' as const,
    direction: 'outbound' as const,
    topic: 'email-delivery',
    status: 'delivered',
  });

  it('go on the timeline once, in one request, leaving the profile and its recent list alone', async () => {
    const c = await customers.create({ name: 'Delivered' });
    table.requests.reset();

    const first = await store.appendInteraction(delivered(c.id), { recent: false });
    const requests = table.requests.operations;
    const again = await store.appendInteraction(delivered(c.id), { recent: false });

    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect(requests).toEqual(['TransactWriteItems']);
    const stored = await customers.get(c.id);
    expect(stored.recent).toEqual([]);
    expect(stored.version).toBe(c.version);
    expect((await customers.timeline(c.id, {})).items).toEqual([
      expect.objectContaining({ id: 'ses:m-1:delivery', status: 'delivered' }),
    ]);
  });

  it('are refused for a customer who does not exist, writing nothing', async () => {
    const ghost = ulid();

    await expect(store.appendInteraction(delivered(ghost), { recent: false })).rejects.toThrow(
      CustomerNotFoundError,
    );
    expect((await store.timeline(ghost, { limit: 10 })).items).toEqual([]);
  });
});

describe('consent', () => {
  it('records withdrawal with when and how, keeping the other purposes', async () => {
    const c = await customers.create({
      name: 'Opt Out',
      consent: { sms: { transactional: true, marketing: true } },
    });
    clock = new Date('2026-11-23T02:00:00.000Z');

    const updated = await customers.setConsent(c.id, {
      channel: 'sms',
      purpose: 'marketing',
      granted: false,
      source: 'sms-keyword',
    });

    expect(updated.consent.sms?.marketing).toEqual({
      granted: false,
      at: '2026-11-23T02:00:00.000Z',
      source: 'sms-keyword',
    });
    expect(updated.consent.sms?.transactional?.granted).toBe(true);
  });
});
