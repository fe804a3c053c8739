import { beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.ts';
import { useTwin } from '../support/twin.ts';

// Messaging through the local twin: sending to a customer, the outbox, a customer texting, and the
// unsubscribe link of a captured email.

const session = useTwin();
const { post } = session;
let customerId: string;

beforeAll(async () => {
  const created = await post<{ id: string }>('/customers', {
    name: '高橋 美咲',
    phone: '070-3456-7000',
    email: 'misaki@example.jp',
    consent: { sms: { transactional: true }, email: { transactional: true, marketing: true } },
  });
  customerId = created.body.id;
});
const outbox = async (query = '') =>
  (await (await fetch(`${session.twin.url}/outbox${query}`)).json()) as {
    sms?: { to: string; body: string; segments: number }[];
    email?: { to: string; subject: string; html: string; headers?: Record<string, string> }[];
  };

describe('messaging in the local twin', () => {
  it('sends an order SMS, shows it in the outbox with its segments, and refuses without consent', async () => {
    const sent = await post(`/customers/${customerId}/messages`, {
      template: 'delivery-delayed',
      variables: { orderId: 'A1024', newDate: '2026-11-27' },
    });
    const refused = await post(`/customers/${customerId}/messages`, {
      template: 'custom',
      purpose: 'marketing',
      channel: 'sms',
      variables: { text: 'セール' },
    });

    expect(sent).toMatchObject({ status: 201, body: { sent: true, channel: 'sms' } });
    expect(refused).toMatchObject({
      status: 422,
      body: { sent: false, reason: 'no-consent', channel: 'sms' },
    });
    const { sms } = await outbox(`?customerId=${customerId}&channel=sms`);
    expect(sms).toEqual([expect.objectContaining({ to: '+817034567000', segments: 1 })]);
    expect(sms?.[0]?.body).toContain('A1024');
  });

  it('unsubscribes through the link of a captured marketing email: opening it asks, one-click POST does it; a tampered link changes nothing', async () => {
    await post(`/customers/${customerId}/messages`, {
      template: 'custom',
      purpose: 'marketing',
      channel: 'email',
      variables: { text: '冬のセールのお知らせです。' },
    });
    const { email } = await outbox(`?customerId=${customerId}&channel=email`);
    const header = email?.at(-1)?.headers?.['List-Unsubscribe'] ?? '';
    const link = new URL(header.slice(1, -1));
    const tampered = await fetch(`${session.twin.url}${link.pathname}${link.search.slice(0, -2)}xx`, {
      method: 'POST',
    });

    // A mail scanner (or the customer) opens the link: a confirm page, consent untouched.
    const opened = await fetch(`${session.twin.url}${link.pathname}${link.search}`);
    const openedPage = await opened.text();
    const stillGranted = (await (await fetch(`${session.twin.url}/customers/${customerId}`)).json()) as {
      consent: { email?: { marketing?: { granted: boolean } } };
    };
    const clicked = await fetch(`${session.twin.url}${link.pathname}${link.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });

    expect(link.origin).toBe('https://api.tsunagu.test');
    expect(opened.status).toBe(200);
    expect(openedPage).toContain('配信を停止しますか？');
    expect(opened.headers.get('x-frame-options')).toBe('DENY');
    expect(stillGranted.consent.email?.marketing?.granted).toBe(true);
    expect(tampered.status).toBe(400);
    expect(clicked.status).toBe(200);
    expect(await clicked.text()).toContain('配信を停止しました');
    const again = await post(`/customers/${customerId}/messages`, {
      template: 'custom',
      purpose: 'marketing',
      channel: 'email',
      variables: { text: 'もう一度' },
    });
    expect(again.body).toMatchObject({ sent: false, reason: 'no-consent' });
  });

  it('sends once per Idempotency-Key: a retry gets the first answer, the key with another body a 422', async () => {
    const key = { 'idempotency-key': `follow-up-${Date.now()}` };
    const request = {
      template: 'custom',
      channel: 'email',
      variables: { text: '本日はお電話ありがとうございました。' },
    };
    const before = (await outbox(`?customerId=${customerId}&channel=email`)).email?.length ?? 0;

    const first = await post(`/customers/${customerId}/messages`, request, key);
    const retried = await post(`/customers/${customerId}/messages`, request, key);
    const reused = await post(
      `/customers/${customerId}/messages`,
      { ...request, variables: { text: '別の本文' } },
      key,
    );

    expect(first.status).toBe(201);
    expect(retried).toEqual(first);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ error: 'idempotency-key-reused', field: 'Idempotency-Key' });
    const { email } = await outbox(`?customerId=${customerId}&channel=email`);
    expect(email?.length).toBe(before + 1);
  });

  it('answers bad message requests with a 4xx naming the problem', async () => {
    const cases: [unknown, Record<string, string>, number, Record<string, unknown>][] = [
      [{ template: 'custom', variables: { text: 'x' }, priority: 1 }, {}, 400, { field: 'priority' }],
      [{ variables: {} }, {}, 400, { field: 'template' }],
      [{ template: 'order-shipped', variables: {} }, {}, 422, { reason: 'invalid-template-data' }],
      [{ template: 'no-such' }, {}, 422, { reason: 'unknown-template', field: 'template' }],
      [
        { template: 'custom', variables: { text: 'x' } },
        { 'idempotency-key': 'short' },
        400,
        { field: 'Idempotency-Key' },
      ],
    ];
    for (const [body, headers, status, expected] of cases) {
      const response = await post(`/customers/${customerId}/messages`, body, headers);
      expect([response.status, response.body], JSON.stringify(body)).toEqual([
        status,
        expect.objectContaining(expected),
      ]);
    }
    const unknown = await post('/customers/01JUNKNOWNCUSTOMER0000000/messages', { template: 'custom' });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'unknown-customer' } });
  });

  it('takes a text from a customer: 停止 is confirmed once and stops every SMS', async () => {
    const first = await post('/sms/inbound', { from: '070-3456-7000', body: '停止' });
    const second = await post('/sms/inbound', { from: '070-3456-7000', body: '停止' });
    const afterwards = await post(`/customers/${customerId}/messages`, {
      template: 'order-shipped',
      channel: 'sms',
      variables: { orderId: 'B2' },
    });

    expect([first.body, second.body]).toMatchObject([
      { intent: 'stop', replied: true },
      { intent: 'stop', replied: false },
    ]);
    expect(afterwards.body).toMatchObject({ sent: false, reason: 'no-consent' });
  });

  it('turns a text for a person into a Connect task with the customer, once per message', async () => {
    const text = { from: '070-3456-7000', body: '荷物がまだ届きません', messageId: 'inbound-msg-1' };

    const first = await post('/sms/inbound', text);
    await post('/sms/inbound', text);

    expect(first.body).toMatchObject({ intent: 'text', customerId, forAgent: '荷物がまだ届きません' });
    const tasks = session.twin.connectContacts.tasks.filter(
      (t) => t.attributes.inboundMessageId === 'inbound-msg-1',
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      contactFlowId: 'task-inbound',
      description: '荷物がまだ届きません',
      attributes: { customerId, channel: 'sms' },
      clientToken: 'inbound-msg-1',
    });
  });

  it.each([
    ['/sms/inbound', { body: '停止' }, 'from'],
    ['/sms/inbound', { from: '12', body: '停止' }, 'from'],
    ['/sms/inbound', { from: '070-3456-7000' }, 'body'],
    ['/customers/:id/messages', { variables: {} }, 'template'],
    ['/customers/:id/messages', { template: 'custom', channel: 'fax' }, 'channel'],
  ])('POST %s %j → 400 naming %s', async (path, request, field) => {
    const { status, body } = await post(path.replace(':id', customerId), request);

    expect(status).toBe(400);
    expect(body).toMatchObject({ field });
  });
});

describe('SES events in the local twin', () => {
  it('a permanent bounce (the documented SES event) suppresses the address: no email goes there again', async () => {
    const bounce = readFixture<{ detail: { bounce: { bouncedRecipients: { emailAddress: string }[] } } }>(
      'events',
      'ses-email-bounced-permanent.json',
    );
    const address = bounce.detail.bounce.bouncedRecipients[0]?.emailAddress ?? '';
    const created = await post('/customers', {
      name: '山本 陽子',
      email: address,
      consent: { email: { transactional: true } },
    });
    const id = (created.body as { id: string }).id;

    const delivered = await post('/events', bounce);
    const result = await post(`/customers/${id}/messages`, {
      template: 'order-shipped',
      channel: 'email',
      variables: { orderId: 'Z9' },
    });

    expect((delivered.body as { deliveries: { rules: string[] }[] }).deliveries[0]?.rules).toEqual([
      'EmailEvents',
    ]);
    expect(result.body).toMatchObject({ sent: false, reason: 'suppressed' });
  });
});
