import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { DynamoSuppressionList } from '../../lambdas/adapters/dynamodb/suppression-store.ts';
import { EmailOutbox } from '../../lambdas/adapters/email/outbox.ts';
import { SmsOutbox } from '../../lambdas/adapters/sms/senders.ts';
import { newCustomer } from '../../lambdas/domain/customer/customer-input.ts';
import type { E164 } from '../../lambdas/domain/customer/phone.ts';
import { InboundSmsService } from '../../lambdas/domain/messaging/inbound-sms-service.ts';
import { SendToCustomer } from '../../lambdas/domain/messaging/send-to-customer.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';
import { TEST_POLICY } from '../support/policy.ts';

let table: TestTable;
let profiles: DynamoProfileStore;
let suppressions: DynamoSuppressionList;
let phoneSeq = 30_000_000;

beforeAll(async () => {
  table = await createTestTable();
  profiles = new DynamoProfileStore(table.documentClient, table.tableName);
  suppressions = new DynamoSuppressionList(table.documentClient, table.tableName);
});

afterAll(async () => {
  await table.drop();
});

async function customer(
  input: { consent?: unknown; email?: string; preferredChannel?: string; language?: string } = {},
) {
  phoneSeq += 1;
  const c = newCustomer(
    {
      name: input.language === 'en' ? 'Emily Carter' : '佐藤 花子',
      phone: `+8190${phoneSeq}`,
      ...input,
      consent: input.consent ?? {
        sms: { transactional: true, marketing: true },
        email: { transactional: true },
      },
    },
    { id: ulid(), now: new Date(), policy: TEST_POLICY, source: 'api' },
  );
  await profiles.create(c);
  return c;
}

function world() {
  const sms = new SmsOutbox();
  const email = new EmailOutbox();
  const messages = new SendToCustomer({
    profiles,
    sms,
    email,
    suppressions,
    unsubscribeUrl: (claims) => `https://example.com/unsubscribe?c=${claims.customerId}&p=${claims.purpose}`,
    maxSmsSegments: 3,
    timeZone: 'Asia/Tokyo',
    clock: () => new Date(),
    newId: ulid,
  });
  return { sms, email, messages, inbound: new InboundSmsService({ profiles, sms }) };
}

describe('sending to a customer', () => {
  it('sends an order SMS in Japanese, counts its segments and records it on the timeline', async () => {
    const c = await customer();
    const { sms, messages } = world();

    const result = await messages.send(c.id, { template: 'order-shipped', variables: { orderId: 'A1024' } });

    expect(result).toMatchObject({ sent: true, channel: 'sms', segments: 1 });
    expect(sms.messages).toEqual([
      expect.objectContaining({ to: c.phone, purpose: 'transactional', encoding: 'UCS-2', segments: 1 }),
    ]);
    expect(sms.messages[0]?.body).toContain('A1024');
    const page = await profiles.timeline(c.id, { limit: 5 });
    expect(page.items[0]).toMatchObject({
      channel: 'sms',
      direction: 'outbound',
      topic: 'order-shipped',
      status: 'sent',
    });
  });

  it('uses the customer preference, and email when asked, with the unsubscribe headers on marketing', async () => {
    const c = await customer({
      email: 'hanako@example.jp',
      preferredChannel: 'email',
      consent: { email: { transactional: true, marketing: true } },
    });
    const { email, messages } = world();

    const shipped = await messages.send(c.id, { template: 'order-shipped', variables: { orderId: 'B7' } });
    const news = await messages.send(c.id, {
      template: 'custom',
      purpose: 'marketing',
      channel: 'email',
      variables: { text: '冬のセールのお知らせです。' },
    });

    expect([shipped, news].map((r) => r.sent && r.channel)).toEqual(['email', 'email']);
    expect(email.messages[1]?.headers).toMatchObject({
      'List-Unsubscribe': `<https://example.com/unsubscribe?c=${c.id}&p=marketing>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it.each([
    [
      { template: 'order-shipped', variables: { orderId: 'A1' }, purpose: 'marketing' },
      { sms: { transactional: true } },
      'no-consent',
    ],
    [{ template: 'order-shipped', variables: { orderId: 'A1' }, channel: 'email' }, undefined, 'unreachable'],
    [{ template: 'order-shipped', variables: {} }, undefined, 'invalid-template-data'],
    [{ template: 'teleport' }, undefined, 'unknown-template'],
    [{ template: 'custom', variables: { text: 'あ'.repeat(300) } }, undefined, 'too-long'],
  ])('refuses %j with a typed reason: %s', async (request, consent, reason) => {
    const c = await customer(consent ? { consent } : {});
    const { sms, messages } = world();

    const result = await messages.send(c.id, request);

    expect(result).toMatchObject({ sent: false, reason: reason as string });
    expect(sms.messages).toEqual([]);
  });

  it('never sends to a suppressed address', async () => {
    const c = await customer({ email: 'bounced@example.jp', consent: { email: { transactional: true } } });
    await suppressions.suppress('email', 'bounced@example.jp', 'permanent bounce', new Date().toISOString());
    const { email, messages } = world();

    const result = await messages.send(c.id, {
      template: 'order-shipped',
      variables: { orderId: 'C3' },
      channel: 'email',
    });

    expect(result).toMatchObject({ sent: false, reason: 'suppressed' });
    expect(email.messages).toEqual([]);
  });

  it('a customer who texts 停止 gets one confirmation and then no SMS, ever (any sends and keywords after)', async () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('send' as const),
        purpose: fc.constantFrom('transactional', 'marketing', 'survey'),
      }),
      fc.record({
        kind: fc.constant('text' as const),
        body: fc.constantFrom('停止', '配信停止', 'STOP', 'stop', 'ヘルプ', 'HELP', 'こんにちは'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 6 }),
        fc.array(op, { maxLength: 6 }),
        async (before, after) => {
          const c = await customer({
            consent: { sms: { transactional: true, marketing: true, survey: true } },
          });
          const { sms, messages, inbound } = world();
          const run = async (o: (typeof before)[number]) => {
            if (o.kind === 'send') {
              await messages.send(c.id, {
                template: 'custom',
                purpose: o.purpose,
                channel: 'sms',
                variables: { text: 'お知らせ' },
              });
            } else {
              await inbound.handle({
                from: c.phone as E164,
                body: o.body,
                messageId: ulid(),
                at: new Date().toISOString(),
              });
            }
          };
          for (const o of before) await run(o);
          const sentBefore = sms.messages.length;
          await inbound.handle({
            from: c.phone as E164,
            body: '停止',
            messageId: ulid(),
            at: new Date().toISOString(),
          });
          for (const o of after) await run(o);

          const afterStop = sms.messages.slice(sentBefore);
          const alreadyStopped = before.some((o) => o.kind === 'text' && /停止|STOP/i.test(o.body));
          expect(afterStop.map((m) => m.body)).toEqual(
            alreadyStopped
              ? []
              : ['配信を停止しました。今後SMSはお送りしません。再開は「再開」と返信してください。'],
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});
