import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { DynamoSurveyStore } from '../../lambdas/adapters/dynamodb/survey-store.ts';
import { CustomerService } from '../../lambdas/domain/customer/customer-service.ts';
import { CustomerNotFoundError } from '../../lambdas/domain/errors.ts';
import type { SurveyResponse } from '../../lambdas/domain/survey/survey-response.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';
import { TEST_POLICY } from '../support/policy.ts';

let table: TestTable;
let profiles: DynamoProfileStore;
let surveys: DynamoSurveyStore;
let customers: CustomerService;

beforeAll(async () => {
  table = await createTestTable();
  profiles = new DynamoProfileStore(table.documentClient, table.tableName);
  surveys = new DynamoSurveyStore(table.documentClient, table.tableName, profiles);
  customers = new CustomerService({
    profiles,
    policy: TEST_POLICY,
    clock: () => new Date('2026-11-01T00:00:00.000Z'),
    newId: ulid,
  });
});

afterAll(async () => {
  await table.drop();
});

beforeEach(() => {
  table.requests.reset();
});

function survey(customerId: string, startedAt: string, language: 'ja' | 'en' = 'ja'): SurveyResponse {
  return {
    contactId: randomUUID(),
    customerId,
    channel: 'voice',
    queue: 'billing',
    language,
    startedAt,
    answers: {},
  };
}

async function surveyItem(contactId: string) {
  const { Item } = await table.documentClient.send(
    new GetCommand({ TableName: table.tableName, Key: { pk: `SURVEY#${contactId}`, sk: 'RESPONSE' } }),
  );
  return Item;
}

describe('starting a survey', () => {
  it('stores one response, one timeline entry and one surveyedAt time however often it is started', async () => {
    // Prepare
    const c = await customers.create({ name: '佐藤 花子' });
    const s = survey(c.id, '2026-11-23T01:05:00.000Z');
    table.requests.reset();

    // Act
    const first = await surveys.start(s);
    const firstRequests = table.requests.operations;
    table.requests.reset();
    const again = await surveys.start({ ...s, startedAt: '2026-11-23T01:06:00.000Z' });
    const againRequests = table.requests.operations;
    await customers.recordInteraction(c.id, {
      channel: 'sms',
      direction: 'outbound',
      at: '2026-11-01T00:00:00Z',
    });

    // Assess
    expect(firstRequests).toEqual(['PutItem', 'GetItem', 'TransactWriteItems']);
    expect(againRequests).toEqual(['PutItem', 'GetItem', 'TransactWriteItems']);
    expect(first).toEqual({ alreadyStarted: false, onTimeline: true });
    expect(again).toEqual({ alreadyStarted: true, onTimeline: true });
    const items = await table.allItems();
    expect(items.filter((i) => i.pk === `SURVEY#${s.contactId}`)).toHaveLength(1);
    expect(await surveyItem(s.contactId)).toMatchObject({
      customerId: c.id,
      channel: 'voice',
      queue: 'billing',
      language: 'ja',
      startedAt: '2026-11-23T01:05:00.000Z',
      answers: {},
    });
    const timeline = await profiles.timeline(c.id, { limit: 10 });
    expect(timeline.items.filter((i) => i.topic === 'survey')).toEqual([
      expect.objectContaining({
        id: `${s.contactId}:survey`,
        at: '2026-11-23T01:05:00.000Z',
        channel: 'voice',
        direction: 'inbound',
        topic: 'survey',
        status: 'started',
        contactId: s.contactId,
        queue: 'billing',
      }),
    ]);
    const profile = await profiles.get(c.id);
    // The SMS appended afterwards is no survey: it leaves `surveyedAt` as it was.
    expect(profile?.surveyedAt).toEqual(['2026-11-23T01:05:00.000Z']);
    expect(profile?.recent.map((r) => r.topic ?? r.channel)).toEqual(['survey', 'sms']);
  });

  it('keeps the 10 newest survey times on the profile, newest first', async () => {
    const c = await customers.create({ name: 'Often Asked' });
    const times = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, 9, 1 + i)).toISOString());

    for (const at of times) await surveys.start(survey(c.id, at));

    expect((await profiles.get(c.id))?.surveyedAt).toEqual(times.slice(2).reverse());
  });

  it('completes a start that failed after storing the survey, at the first start’s time', async () => {
    // Prepare: the first attempt stores the survey, then its timeline write fails.
    const c = await customers.create({ name: 'Half Started' });
    const s = survey(c.id, '2026-11-23T02:00:00.000Z');
    const failing = new DynamoSurveyStore(table.documentClient, table.tableName, {
      appendInteraction: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
    });
    await expect(failing.start(s)).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(await profiles.timeline(c.id, { limit: 10 })).toEqual({ items: [] });

    // Act
    const retried = await surveys.start({ ...s, startedAt: '2026-11-23T02:00:09.000Z' });
    await surveys.saveAnswer(s.contactId, 'csat', 5, '2026-11-23T02:00:20.000Z');

    // Assess
    expect(retried).toEqual({ alreadyStarted: true, onTimeline: true });
    const [entry] = (await profiles.timeline(c.id, { limit: 10 })).items;
    expect(entry).toMatchObject({ at: '2026-11-23T02:00:00.000Z', summary: 'アンケート: 満足度 5/5' });
    expect((await profiles.get(c.id))?.surveyedAt).toEqual(['2026-11-23T02:00:00.000Z']);
  });

  it('keeps the response of a customer with no profile, off any timeline', async () => {
    const s = survey('no-such-customer', '2026-11-23T03:00:00.000Z');

    const started = await surveys.start(s);
    const answered = await surveys.saveAnswer(s.contactId, 'nps', 3, '2026-11-23T03:00:10.000Z');

    expect(started).toEqual({ alreadyStarted: false, onTimeline: false });
    expect(answered).toMatchObject({ saved: true, status: 'partial', onTimeline: false });
    expect((await surveyItem(s.contactId))?.answers).toEqual({ nps: 3 });
    const stray = (await table.allItems()).filter((i) => i.pk === 'CUSTOMER#no-such-customer');
    expect(stray).toEqual([]);
    await expect(customers.get('no-such-customer')).rejects.toThrow(CustomerNotFoundError);
  });
});

describe('saving answers', () => {
  it('sets each answer on the response and the summary and status on the timeline, 2 requests each', async () => {
    // Prepare
    const c = await customers.create({ name: 'Emily Carter', language: 'en' });
    const s = survey(c.id, '2026-11-23T04:00:00.000Z', 'en');
    await surveys.start(s);
    table.requests.reset();

    // Act
    const csat = await surveys.saveAnswer(s.contactId, 'csat', 4, '2026-11-23T04:00:10.000Z');
    const csatRequests = table.requests.operations;
    const nps = await surveys.saveAnswer(s.contactId, 'nps', 9, '2026-11-23T04:00:20.000Z');
    const midway = (await profiles.timeline(c.id, { limit: 1 })).items[0];
    const resolved = await surveys.saveAnswer(s.contactId, 'resolved', true, '2026-11-23T04:00:30.000Z');

    // Assess
    expect(csatRequests).toEqual(['UpdateItem', 'UpdateItem']);
    expect([csat, nps, resolved].map((r) => r.saved && r.status)).toEqual(['partial', 'partial', 'complete']);
    expect(midway).toMatchObject({ summary: 'Survey: satisfaction 4/5, recommend 9/10', status: 'partial' });
    expect(await surveyItem(s.contactId)).toMatchObject({
      answers: { csat: 4, nps: 9, resolved: true },
      startedAt: '2026-11-23T04:00:00.000Z',
      updatedAt: '2026-11-23T04:00:30.000Z',
    });
    const timeline = await profiles.timeline(c.id, { limit: 10 });
    expect(timeline.items).toHaveLength(1);
    expect(timeline.items[0]).toMatchObject({
      summary: 'Survey: satisfaction 4/5, recommend 9/10, resolved yes',
      status: 'complete',
    });
  });

  it('is harmless when an answer is saved twice, and a changed answer overwrites', async () => {
    const c = await customers.create({ name: '鈴木 一郎' });
    const s = survey(c.id, '2026-11-23T05:00:00.000Z');
    await surveys.start(s);

    await surveys.saveAnswer(s.contactId, 'nps', 7, '2026-11-23T05:00:10.000Z');
    await surveys.saveAnswer(s.contactId, 'nps', 7, '2026-11-23T05:00:10.000Z');
    const before = await table.allItems();
    const changed = await surveys.saveAnswer(s.contactId, 'nps', 10, '2026-11-23T05:00:15.000Z');

    expect(changed).toMatchObject({ saved: true, response: { answers: { nps: 10 } } });
    expect((await surveyItem(s.contactId))?.answers).toEqual({ nps: 10 });
    expect((await profiles.timeline(c.id, { limit: 10 })).items[0]?.summary).toBe('アンケート: 推奨度 10/10');
    expect(await table.allItems()).toHaveLength(before.length);
  });

  it('refuses an answer for a survey never started, writing nothing', async () => {
    const contactId = randomUUID();
    const before = await table.allItems();

    const result = await surveys.saveAnswer(contactId, 'csat', 3, '2026-11-23T06:00:00.000Z');

    expect(result).toEqual({ saved: false, reason: 'not-started' });
    expect(await surveyItem(contactId)).toBeUndefined();
    expect(await table.allItems()).toHaveLength(before.length);
  });
});

describe('AP6: survey responses by month on the byReport index', () => {
  it('finds a response in its start month and time range, and not in another month', async () => {
    // Prepare
    const c = await customers.create({ name: 'Reported' });
    const december = survey(c.id, '2026-12-01T09:30:00.000Z');
    await surveys.start(december);
    await surveys.saveAnswer(december.contactId, 'csat', 2, '2026-12-01T09:30:10.000Z');
    const query = (month: string, from: string, to: string) =>
      table.documentClient.send(
        new QueryCommand({
          TableName: table.tableName,
          IndexName: 'byReport',
          KeyConditionExpression: 'reportPk = :month AND reportSk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':month': `SURVEYS#${month}`, ':from': from, ':to': to },
        }),
      );

    // Act
    const inRange = await query('2026-12', '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z');
    const laterThatMonth = await query('2026-12', '2026-12-02T00:00:00.000Z', '2026-12-31T23:59:59.999Z');
    const november = await query('2026-11', '2026-11-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z');

    // Assess
    expect(inRange.Items).toEqual([
      expect.objectContaining({ contactId: december.contactId, answers: { csat: 2 }, queue: 'billing' }),
    ]);
    expect(laterThatMonth.Items).toEqual([]);
    expect(november.Items?.some((i) => i.contactId === december.contactId)).toBe(false);
  });
});
