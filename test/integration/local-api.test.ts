import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { createLogger } from '../../lambdas/commons/logger.ts';
import { CustomerService } from '../../lambdas/domain/customer/customer-service.ts';
import { createLocalApi } from '../../lib/local/http-api.ts';
import { seedDemoCustomers } from '../../lib/local/seed.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';
import { TEST_POLICY } from '../support/policy.ts';

let table: TestTable;
let api: ReturnType<typeof createLocalApi>;
let satoId: string;

beforeAll(async () => {
  table = await createTestTable();
  const customers = new CustomerService({
    profiles: new DynamoProfileStore(table.documentClient, table.tableName),
    policy: TEST_POLICY,
    clock: () => new Date(),
    newId: ulid,
  });
  await seedDemoCustomers(customers, new Date());
  api = createLocalApi({ customers, logger: createLogger('test') });
  const sato = await call('GET', '/customers?phone=090-1234-5678');
  satoId = String(sato.body.id);
});

afterAll(async () => {
  await table.drop();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await api.request(path, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text };
}

describe('local API: customers', () => {
  it('finds a seeded customer by any common phone format, stored as E.164', async () => {
    for (const phone of ['090-1234-5678', '+81 90 1234 5678', '09012345678']) {
      const { status, body } = await call('GET', `/customers?phone=${encodeURIComponent(phone)}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: satoId, name: '佐藤 花子', phone: '+819012345678' });
    }
  });

  it('creates a customer (201, with an id) and reads it back by id and by email', async () => {
    const created = await call('POST', '/customers', {
      name: 'Olivia Brown',
      phone: '+1 206 555 0100',
      email: 'Olivia@Example.co.uk',
      language: 'en',
      tier: 'vip',
      consent: { email: { marketing: true } },
    });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ phone: '+12065550100', email: 'olivia@example.co.uk', tier: 'vip' });
    const id = String(created.body.id);
    expect((await call('GET', `/customers/${id}`)).body.name).toBe('Olivia Brown');
    expect((await call('GET', '/customers?email=olivia@example.co.uk')).body.id).toBe(id);
  });

  it('answers 409 for a phone another customer owns', async () => {
    const { status, body } = await call('POST', '/customers', { name: 'Impostor', phone: '+819012345678' });

    expect(status).toBe(409);
    expect(body).toMatchObject({ field: 'phone' });
  });

  it('answers 404 for unknown customers on every per-customer endpoint', async () => {
    for (const path of [
      '/customers/01UNKNOWN',
      '/customers/01UNKNOWN/timeline',
      '/customers/01UNKNOWN/context',
    ]) {
      const { status, body } = await call('GET', path);
      expect(status, path).toBe(404);
      expect(body.error).toBeTypeOf('string');
    }
    expect((await call('GET', '/customers?phone=080-0000-0001')).status).toBe(404);
  });

  it('serves the AP1 context: greeting name, tier, recent interactions and the open delivery notice', async () => {
    const { status, body } = await call('GET', `/customers/${satoId}/context`);

    expect(status).toBe(200);
    expect(body).toMatchObject({ greetingName: '佐藤', tier: 'vip', language: 'ja' });
    expect((body.recent as { topic: string }[])[0]?.topic).toBe('delivery-delayed');
    expect((body.notices as { topic: string }[])[0]?.topic).toBe('delivery-delayed');
  });

  it('pages the timeline newest first with limit and cursor', async () => {
    const first = await call('GET', `/customers/${satoId}/timeline?limit=1`);
    const second = await call(
      'GET',
      `/customers/${satoId}/timeline?limit=1&cursor=${String(first.body.cursor)}`,
    );

    const firstItems = first.body.items as { at: string; channel: string }[];
    const secondItems = second.body.items as { at: string; channel: string }[];
    expect(firstItems[0]?.channel).toBe('sms');
    expect(secondItems[0]?.channel).toBe('chat');
    expect(String(firstItems[0]?.at) > String(secondItems[0]?.at)).toBe(true);
  });

  it('records interactions, consent and profile changes through the API', async () => {
    const { body: c } = await call('POST', '/customers', { name: '山田 太郎' });
    const id = String(c.id);

    const added = await call('POST', `/customers/${id}/timeline`, {
      channel: 'email',
      direction: 'outbound',
      topic: 'order-shipped',
    });
    const consent = await call('POST', `/customers/${id}/consent`, {
      channel: 'email',
      purpose: 'transactional',
      granted: true,
    });
    const patched = await call('PATCH', `/customers/${id}`, { language: 'en', tier: 'vip' });

    expect(added.status).toBe(201);
    expect(consent.body).toMatchObject({
      consent: { email: { transactional: { granted: true, source: 'api' } } },
    });
    expect(patched.body).toMatchObject({ language: 'en', tier: 'vip', name: '山田 太郎' });
  });
});

describe('local API: bad input is a 400 that names the field, never a stack trace', () => {
  it.each([
    ['POST', '/customers', '{"name":', 'body'],
    ['POST', '/customers', '[1,2]', 'body'],
    ['POST', '/customers', { phone: '090-1111-2222' }, 'name'],
    ['POST', '/customers', { name: 'x', phone: 'call me' }, 'phone'],
    ['POST', '/customers', { name: 'x', email: 'nope' }, 'email'],
    ['POST', '/customers', { name: 'x', language: 'de' }, 'language'],
    ['POST', '/customers', { name: 'x', tier: 'platinum' }, 'tier'],
    ['POST', '/customers', { name: 'x', timeZone: 'Nowhere' }, 'timeZone'],
    ['POST', '/customers', { name: 'x', consent: { sms: { marketing: 'yes' } } }, 'consent.sms.marketing'],
    ['POST', '/customers', { name: 'x', favouriteColour: 'blue' }, 'favouriteColour'],
    ['GET', '/customers', undefined, 'phone'],
    ['GET', '/customers?phone=12', undefined, 'phone'],
    ['GET', '/customers?email=not-an-email', undefined, 'email'],
    ['GET', '/customers/:id/timeline?limit=0', undefined, 'limit'],
    ['GET', '/customers/:id/timeline?limit=many', undefined, 'limit'],
    ['GET', '/customers/:id/timeline?limit=0x10', undefined, 'limit'],
    ['GET', '/customers/:id/timeline?limit=1e1', undefined, 'limit'],
    ['GET', '/customers?phone=090-1234-5678&email=a@example.com', undefined, 'phone'],
    [
      'POST',
      '/customers/:id/timeline',
      { channel: 'sms', direction: 'inbound', at: '9999-12-31T23:59:59Z' },
      'at',
    ],
    ['GET', '/customers/:id/timeline?cursor=bm90LWEtY3Vyc29y', undefined, 'cursor'],
    ['PATCH', '/customers/:id', {}, 'body'],
    ['PATCH', '/customers/:id', { tier: 'gold' }, 'tier'],
    ['POST', '/customers/:id/consent', { channel: 'fax', purpose: 'marketing', granted: true }, 'channel'],
    ['POST', '/customers/:id/consent', { channel: 'sms', purpose: 'marketing' }, 'granted'],
    ['POST', '/customers/:id/timeline', { channel: 'sms', direction: 'up' }, 'direction'],
    ['POST', '/customers/:id/notices', { topic: 'Delivery Delayed', summary: 'x' }, 'topic'],
    ['POST', '/customers/:id/identities', { kind: 'phone', value: 'abc' }, 'value'],
  ])('%s %s %j → 400 naming %s', async (method, path, body, field) => {
    const response = await call(method, path.replace(':id', satoId), body);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: expect.any(String), field });
    expect(response.text).not.toMatch(/\bat .+\.ts:\d+/);
  });

  it('refuses a body over 64 KB with 413 before reading it all', async () => {
    const response = await call('POST', '/customers', { name: 'x'.repeat(70 * 1024) });

    expect(response.status).toBe(413);
    expect(response.body).toEqual({ error: 'body must be at most 64 KB', field: 'body' });
  });

  it('accepts bodies only as application/json (415), so a plain HTML form cannot post to the twin', async () => {
    const response = await api.request('/customers', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ name: 'Form Post' }),
    });
    // fetch(…, {mode: 'no-cors', body: new Blob([…])}) sends no content type, and no preflight.
    const untyped = await api.request('/calls', {
      method: 'POST',
      body: new Blob([JSON.stringify({ from: '+819012345678' })]),
    });

    expect(response.status).toBe(415);
    expect(untyped.status).toBe(415);
  });

  it('answers only requests addressed to the loopback host (DNS rebinding)', async () => {
    const evil = await api.request('/customers?phone=090-1234-5678', {
      headers: { host: 'evil.example:8787' },
    });
    const local = await api.request('/health', { headers: { host: '127.0.0.1:8787' } });

    expect(evil.status).toBe(403);
    expect(local.status).toBe(200);
  });

  it('answers 404 for an unknown customer even with a hand-made cursor', async () => {
    const cursor = Buffer.from(JSON.stringify({ pk: 'CUSTOMER#01UNKNOWNX', sk: 'TL#~' })).toString(
      'base64url',
    );

    const { status } = await call('GET', `/customers/01UNKNOWNX/timeline?cursor=${cursor}`);

    expect(status).toBe(404);
  });

  it('invokes a function by name, and reports an unknown one (404) or a throwing one (502) as JSON', async () => {
    const withFunctions = createLocalApi({
      customers: undefined as never,
      logger: createLogger('test'),
      functions: new Map([
        ['Echo', async () => async (event: unknown) => ({ echoed: event })],
        ['Broken', async () => async () => Promise.reject(new Error('boom'))],
      ]),
    });
    const invoke = (name: string) =>
      withFunctions.request(`/functions/${name}/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      });
    const logged = vi.spyOn(createLogger('x').constructor.prototype, 'error').mockImplementation(() => {});

    const [echo, missing, broken] = await Promise.all([invoke('Echo'), invoke('Nope'), invoke('Broken')]);

    expect([echo.status, missing.status, broken.status]).toEqual([200, 404, 502]);
    expect(await echo.json()).toEqual({ result: { echoed: { a: 1 } } });
    expect(await missing.json()).toMatchObject({ error: expect.stringContaining('Echo, Broken') });
    expect(await broken.json()).toEqual({ error: 'the function threw', message: 'boom' });
    logged.mockRestore();
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { status, body } = await call('DELETE', '/customers');

    expect(status).toBe(404);
    expect(body.error).toContain('DELETE /customers');
  });
});
