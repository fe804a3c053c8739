import { readFileSync } from 'node:fs';
import type { SNSEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { SmsOutbox } from '../../lambdas/adapters/sms/senders.ts';
import { createLogger } from '../../lambdas/commons/logger.ts';
import { newCustomer } from '../../lambdas/domain/customer/customer-input.ts';
import type { E164 } from '../../lambdas/domain/customer/phone.ts';
import { InboundSmsService } from '../../lambdas/domain/messaging/inbound-sms-service.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';
import { fixturePath } from '../support/fixtures.ts';
import { TEST_POLICY } from '../support/policy.ts';

let table: TestTable;
let profiles: DynamoProfileStore;
let phoneSeq = 20_000_000;

beforeAll(async () => {
  table = await createTestTable();
  profiles = new DynamoProfileStore(table.documentClient, table.tableName);
});

afterAll(async () => {
  await table.drop();
});

async function customer(language: 'ja' | 'en' = 'ja') {
  phoneSeq += 1;
  const c = newCustomer(
    {
      name: language === 'ja' ? '佐藤 花子' : 'Emily Carter',
      phone: `+8190${phoneSeq}`,
      language,
      consent: { sms: { transactional: true, marketing: true } },
    },
    { id: ulid(), now: new Date(), policy: TEST_POLICY, source: 'api' },
  );
  await profiles.create(c);
  return c;
}

function service(outbox = new SmsOutbox()) {
  return { outbox, inbound: new InboundSmsService({ profiles, sms: outbox }) };
}
const text = (from: string, body: string) => ({
  from: from as E164,
  body,
  messageId: ulid(),
  at: new Date().toISOString(),
});

describe('texts from customers', () => {
  it('停止 withdraws every SMS consent and is confirmed once; a second 停止 is not answered', async () => {
    const c = await customer();
    const { outbox, inbound } = service();

    const first = await inbound.handle(text(String(c.phone), '停止'));
    const second = await inbound.handle(text(String(c.phone), 'STOP'));

    expect([first.replied, second.replied]).toEqual([true, false]);
    expect(outbox.messages.map((m) => [m.to, m.body])).toEqual([
      [c.phone, '配信を停止しました。今後SMSはお送りしません。再開は「再開」と返信してください。'],
    ]);
    const stored = await profiles.get(c.id);
    expect(stored?.consent.sms).toMatchObject({
      transactional: { granted: false, source: 'sms-keyword' },
      marketing: { granted: false, source: 'sms-keyword' },
      survey: { granted: false, source: 'sms-keyword' },
    });
  });

  it('再開 gives transactional SMS back, not marketing', async () => {
    const c = await customer();
    const { outbox, inbound } = service();
    await inbound.handle(text(String(c.phone), '停止'));

    await inbound.handle(text(String(c.phone), '再開'));

    const stored = await profiles.get(c.id);
    expect(stored?.consent.sms?.transactional?.granted).toBe(true);
    expect(stored?.consent.sms?.marketing?.granted).toBe(false);
    expect(outbox.messages.at(-1)?.body).toBe('SMSの配信を再開しました。停止は「停止」と返信してください。');
  });

  it('answers HELP in the customer language, but not once the customer has stopped SMS', async () => {
    const c = await customer('en');
    const { outbox, inbound } = service();

    const before = await inbound.handle(text(String(c.phone), 'help'));
    await inbound.handle(text(String(c.phone), 'STOP'));
    const after = await inbound.handle(text(String(c.phone), 'HELP'));

    expect([before.replied, after.replied]).toEqual([true, false]);
    expect(outbox.messages.map((m) => m.body)).toEqual([
      'For help, call us or chat with us. Reply STOP to unsubscribe.',
      'You are unsubscribed and will get no more texts. Reply START to resubscribe.',
    ]);
  });

  it('puts free text on the timeline once per message, for a person to answer', async () => {
    const c = await customer();
    const { inbound } = service();
    const message = text(String(c.phone), '荷物がまだ届きません');

    const result = await inbound.handle(message);
    await inbound.handle(message);

    expect(result).toMatchObject({ intent: 'text', forAgent: '荷物がまだ届きません', replied: false });
    const page = await profiles.timeline(c.id, { limit: 10 });
    expect(page.items.filter((i) => i.summary === '荷物がまだ届きません')).toEqual([
      expect.objectContaining({ channel: 'sms', direction: 'inbound', status: 'received' }),
    ]);
  });

  it('answers a redelivered HELP once, and keeps every keyword on the timeline', async () => {
    const c = await customer();
    const { outbox, inbound } = service();
    const help = text(String(c.phone), 'ヘルプ');

    const first = await inbound.handle(help);
    const redelivered = await inbound.handle(help);

    expect(first).toMatchObject({ intent: 'help', replied: true });
    expect(redelivered).toMatchObject({ intent: 'help', replied: false, duplicate: true });
    expect(outbox.messages).toHaveLength(1);
    const page = await profiles.timeline(c.id, { limit: 10 });
    expect(page.items).toEqual([
      expect.objectContaining({ id: `sms:${help.messageId}`, topic: 'sms-help', summary: 'ヘルプ' }),
    ]);
  });

  it('hands digits to the survey seam: an answer stays there, digits with no open survey go to a person', async () => {
    const c = await customer();
    const answers: { customerId: string; digits: string }[] = [];
    const inbound = new InboundSmsService({
      profiles,
      sms: new SmsOutbox(),
      surveys: {
        answer: async (customer, answer) => {
          if (answer.digits === '99') return 'no-open-survey';
          answers.push({ customerId: customer.id, digits: answer.digits });
          return 'answered';
        },
      },
    });

    const answered = await inbound.handle(text(String(c.phone), '９'));
    const notAnswered = await inbound.handle(text(String(c.phone), '99'));
    const withoutSeam = await service().inbound.handle(text(String(c.phone), '3'));

    expect(answered).toEqual({ intent: 'digits', customerId: c.id, replied: false, surveyAnswered: true });
    expect(answers).toEqual([{ customerId: c.id, digits: '9' }]);
    expect(notAnswered).toMatchObject({ intent: 'digits', forAgent: '99' });
    expect(withoutSeam).toMatchObject({ intent: 'digits', forAgent: '3' });
  });

  it('never answers a number it does not know', async () => {
    const { outbox, inbound } = service();

    const result = await inbound.handle(text('+819099990000', 'STOP'));

    expect(result).toEqual({ intent: 'stop', replied: false });
    expect(outbox.messages).toEqual([]);
  });

  it('reads the documented SNS envelope, and sends a message it cannot read to the DLQ with the reason', async () => {
    const c = await customer();
    const envelope = JSON.parse(
      readFileSync(fixturePath('events', 'sms-inbound-sns-envelope.json'), 'utf8'),
    ) as SNSEvent;
    const record = envelope.Records[0] as SNSEvent['Records'][number];
    const message = JSON.parse(record.Sns.Message);
    const ours = {
      ...record,
      Sns: { ...record.Sns, Message: JSON.stringify({ ...message, originationNumber: c.phone }) },
    };
    const broken = {
      ...record,
      Sns: { ...record.Sns, Message: JSON.stringify({ ...message, originationNumber: '090' }) },
    };
    const dead: { body: string; reason: string }[] = [];
    const { outbox, inbound } = service();

    // The module reads its configuration at import, as in Lambda.
    vi.stubEnv('TABLE_NAME', table.tableName);
    vi.stubEnv('DEAD_LETTER_QUEUE_URL', 'http://127.0.0.1/local-sqs/sms-inbound-dlq');
    const { makeHandler } = await import('../../lambdas/handlers/sms-inbound.ts');
    vi.unstubAllEnvs();
    await makeHandler({
      inbound,
      deadLetters: { send: async (body, reason) => void dead.push({ body, reason }) },
      logger: createLogger('test'),
    })({ Records: [ours, broken] });

    expect(outbox.messages.map((m) => m.to)).toEqual([c.phone]);
    expect(dead.map((d) => d.reason)).toEqual(['originationNumber: originationNumber must be E.164']);
  });
});
