import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { ConnectContactFlowEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { DynamoSurveyStore } from '../../lambdas/adapters/dynamodb/survey-store.ts';
import { createLogger } from '../../lambdas/commons/logger.ts';
import { createDocumentClient } from '../../lambdas/composition/dynamodb.ts';
import { handler, makeHandler } from '../../lambdas/handlers/survey-answer.ts';
import { storedProfile } from '../support/profiles.ts';

const ddb = mockClient(DynamoDBDocumentClient);

const CONTACT_ID = '5ca32fbd-8f92-46af-92a5-6b0f970f0efe';
const NOW = '2026-11-23T01:05:00.000Z';
const TIMELINE_SK = `TL#${NOW}#${CONTACT_ID}:survey`;

function surveyEvent(parameters: Record<string, string>, channel = 'VOICE'): ConnectContactFlowEvent {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: { customerId: 'C1', language: 'ja' },
        Channel: channel,
        ContactId: CONTACT_ID,
        CustomerEndpoint: { Address: '+819012345678', Type: 'TELEPHONE_NUMBER' },
        InitialContactId: CONTACT_ID,
        InitiationMethod: 'INBOUND',
        InstanceARN:
          'arn:aws:connect:ap-northeast-1:111122223333:instance/9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e',
        PreviousContactId: CONTACT_ID,
        Queue: { Name: 'billing', ARN: 'arn:aws:connect:ap-northeast-1:111122223333:queue/q1' },
        SystemEndpoint: { Address: '+81501234567', Type: 'TELEPHONE_NUMBER' },
        MediaStreams: { Customer: { Audio: null } },
      },
      Parameters: parameters,
    },
  } as unknown as ConnectContactFlowEvent;
}

const start = (extra: Record<string, string> = {}) =>
  surveyEvent({ step: 'start', customerId: 'C1', queue: 'billing', language: 'ja', ...extra });
const answer = (step: string, digits: string, customerId = 'C1') =>
  surveyEvent({ step, answer: digits, customerId });

const profile = storedProfile({ surveyedAt: ['2026-10-01T00:00:00.000Z'] });

/** The survey item as DynamoDB stores it. */
function surveyItem(answers: Record<string, unknown>, startedAt = NOW) {
  return {
    pk: `SURVEY#${CONTACT_ID}`,
    sk: 'RESPONSE',
    _et: 'SurveyResponse',
    contactId: CONTACT_ID,
    customerId: 'C1',
    channel: 'voice',
    queue: 'billing',
    language: 'ja',
    startedAt,
    updatedAt: NOW,
    answers,
    timelineSk: `TL#${startedAt}#${CONTACT_ID}:survey`,
    reportPk: `SURVEYS#${startedAt.slice(0, 7)}`,
    reportSk: `${startedAt}#${CONTACT_ID}`,
  };
}

function conditionFailed(item?: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item ? { Item: marshall(item) } : {}),
  });
}

function deps() {
  const documentClient = createDocumentClient({ region: 'ap-northeast-1' });
  const logger = createLogger('test');
  logger.setLogLevel('SILENT');
  return {
    surveys: new DynamoSurveyStore(
      documentClient,
      'profiles',
      new DynamoProfileStore(documentClient, 'profiles'),
    ),
    logger,
    clock: () => new Date(NOW),
  };
}

describe('starting the post-call survey', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('stores the response, puts it on the timeline and marks the customer surveyed in 3 requests', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    ddb.on(GetCommand).resolves({ Item: profile });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const reply = await makeHandler(deps())(start());

    // Assess
    expect(reply).toEqual({ started: 'true' });
    expect(ddb.calls()).toHaveLength(3);
    expect(ddb).toReceiveCommandTimes(PutCommand, 1);
    expect(ddb).toReceiveCommandTimes(GetCommand, 1);
    expect(ddb).toReceiveCommandTimes(TransactWriteCommand, 1);
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.ConditionExpression).toContain('attribute_not_exists');
    expect(put?.Item).toMatchObject({
      pk: `SURVEY#${CONTACT_ID}`,
      sk: 'RESPONSE',
      customerId: 'C1',
      channel: 'voice',
      queue: 'billing',
      language: 'ja',
      startedAt: NOW,
      answers: {},
      timelineSk: TIMELINE_SK,
      reportPk: 'SURVEYS#2026-11',
      reportSk: `${NOW}#${CONTACT_ID}`,
    });
    expect(put?.Item).not.toHaveProperty('expiresAt');
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.find((i) => i.Put?.Item?.sk === TIMELINE_SK)?.Put?.Item).toMatchObject({
      topic: 'survey',
      status: 'started',
      channel: 'voice',
      direction: 'inbound',
      contactId: CONTACT_ID,
      queue: 'billing',
      summary: 'アンケート: 回答なし',
    });
    const profileUpdate = items.find((i) => i.Update?.Key?.sk === 'PROFILE')?.Update;
    expect(Object.values(profileUpdate?.ExpressionAttributeValues ?? {})).toContainEqual([
      NOW,
      '2026-10-01T00:00:00.000Z',
    ]);
  });

  it('changes nothing when started again, and keeps the timeline entry where the first start put it', async () => {
    // Prepare: the first start (a minute earlier) stored the survey; this one's put fails its condition.
    const first = '2026-11-23T01:04:00.000Z';
    ddb.on(PutCommand).rejects(conditionFailed(surveyItem({}, first)));
    ddb.on(GetCommand).resolves({ Item: profile });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [
          { Code: 'ConditionalCheckFailed' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
        ],
      }),
    );

    // Act
    const reply = await makeHandler(deps())(start());

    // Assess
    expect(reply).toEqual({ started: 'true' });
    expect(ddb.calls()).toHaveLength(3);
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.some((i) => i.Put?.Item?.sk === `TL#${first}#${CONTACT_ID}:survey`)).toBe(true);
  });

  it('saves nothing for an unknown caller', async () => {
    const survey = makeHandler(deps());

    expect(await survey(start({ customerId: '' }))).toEqual({ started: 'false', reason: 'unknown-customer' });
    expect(await survey(surveyEvent({ step: 'start' }))).toEqual({
      started: 'false',
      reason: 'unknown-customer',
    });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('leaves out a language it does not speak instead of refusing the survey', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(GetCommand).resolves({ Item: profile });
    ddb.on(TransactWriteCommand).resolves({});

    expect(await makeHandler(deps())(start({ language: 'fr', queue: '' }))).toEqual({ started: 'true' });

    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.Item).not.toHaveProperty('language');
    expect(put?.Item).not.toHaveProperty('queue');
  });
});

describe('saving an answer', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('sets the one answer and refreshes the timeline summary and status in 2 requests, no read', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .resolvesOnce({ Attributes: surveyItem({ csat: 4, nps: 9 }) })
      .resolvesOnce({});

    // Act
    const reply = await makeHandler(deps())(answer('nps', '09'));

    // Assess
    expect(reply).toEqual({ saved: 'true', status: 'partial' });
    expect(ddb.calls()).toHaveLength(2);
    const [survey, timeline] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(survey?.Key).toEqual({ pk: `SURVEY#${CONTACT_ID}`, sk: 'RESPONSE' });
    expect(survey?.ConditionExpression).toContain('attribute_exists');
    expect(survey?.ReturnValues).toBe('ALL_NEW');
    expect(survey?.UpdateExpression).toMatch(/#\w+\.#\w+ = :\w+/);
    expect(Object.values(survey?.ExpressionAttributeNames ?? {})).toEqual(
      expect.arrayContaining(['answers', 'nps']),
    );
    expect(Object.values(survey?.ExpressionAttributeValues ?? {})).toContain(9);
    expect(timeline?.Key).toEqual({ pk: 'CUSTOMER#C1', sk: TIMELINE_SK });
    expect(timeline?.ConditionExpression).toContain('attribute_exists');
    expect(Object.values(timeline?.ExpressionAttributeValues ?? {})).toEqual(
      expect.arrayContaining(['アンケート: 満足度 4/5、推奨度 9/10', 'partial']),
    );
  });

  it('reports complete with the third answer', async () => {
    ddb
      .on(UpdateCommand)
      .resolvesOnce({ Attributes: surveyItem({ csat: 4, nps: 9, resolved: false }) })
      .resolvesOnce({});

    const reply = await makeHandler(deps())(answer('resolved', '2'));

    expect(reply).toEqual({ saved: 'true', status: 'complete' });
    const survey = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(Object.values(survey?.ExpressionAttributeValues ?? {})).toContain(false);
  });

  it('says not-started, without throwing, when no survey was started for the contact', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());

    const reply = await makeHandler(deps())(answer('csat', '4'));

    expect(reply).toEqual({ saved: 'false', reason: 'not-started' });
    expect(ddb.calls()).toHaveLength(1);
  });

  it('still counts an answer whose timeline entry is missing', async () => {
    ddb
      .on(UpdateCommand)
      .resolvesOnce({ Attributes: surveyItem({ csat: 4 }) })
      .rejectsOnce(conditionFailed());

    expect(await makeHandler(deps())(answer('csat', '4'))).toEqual({ saved: 'true', status: 'partial' });
  });

  it.each([
    ['csat', 'Timeout', 'timeout'],
    ['csat', '', 'timeout'],
    ['csat', '9', 'invalid-answer'],
    ['nps', '100', 'invalid-answer'],
    ['resolved', '*', 'invalid-answer'],
  ])('does not save %s ← "%s" (%s)', async (step, digits, reason) => {
    expect(await makeHandler(deps())(answer(step, digits))).toEqual({ saved: 'false', reason });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('saves nothing for an unknown caller', async () => {
    expect(await makeHandler(deps())(answer('csat', '4', ''))).toEqual({
      saved: 'false',
      reason: 'unknown-customer',
    });
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('fail soft: the caller always hears "thank you"', () => {
  afterEach(() => {
    ddb.reset();
  });

  it.each(['the survey put', 'the profile read', 'the timeline transaction'])(
    'replies started=false when %s fails, and logs the error once',
    async (failing) => {
      // Prepare
      const throttled = new Error('ProvisionedThroughputExceededException');
      const put = ddb.on(PutCommand);
      const get = ddb.on(GetCommand);
      const transaction = ddb.on(TransactWriteCommand);
      if (failing === 'the survey put') put.rejects(throttled);
      else put.resolves({});
      if (failing === 'the profile read') get.rejects(throttled);
      else get.resolves({ Item: profile });
      if (failing === 'the timeline transaction') transaction.rejects(throttled);
      else transaction.resolves({});
      const d = deps();
      const logged = vi.spyOn(d.logger, 'error').mockImplementation(() => {});

      // Act
      const reply = await makeHandler(d)(start());

      // Assess
      expect(reply).toEqual({ started: 'false', reason: 'error' });
      expect(logged).toHaveBeenCalledOnce();
    },
  );

  it('replies saved=false when saving an answer fails', async () => {
    ddb.on(UpdateCommand).rejects(new Error('ThrottlingException'));
    const d = deps();
    const logged = vi.spyOn(d.logger, 'error').mockImplementation(() => {});

    expect(await makeHandler(d)(answer('csat', '4'))).toEqual({ saved: 'false', reason: 'error' });
    expect(logged).toHaveBeenCalledOnce();
  });

  it('answers a malformed event or an unknown step without touching DynamoDB', async () => {
    const survey = makeHandler(deps());

    expect(await survey({ Details: {} } as unknown as ConnectContactFlowEvent)).toEqual({
      saved: 'false',
      reason: 'invalid-event',
    });
    expect(await survey(answer('mood', '4'))).toEqual({ saved: 'false', reason: 'invalid-event' });
    expect(await survey(surveyEvent({ step: 'csat', answer: '4', customerId: 'C1' }, 'CHAT'))).toEqual({
      saved: 'false',
      reason: 'invalid-event',
    });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('does not label a contact with the previous contact’s keys (warm containers)', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const d = deps();
    const reset = vi.spyOn(d.logger, 'resetKeys');
    const survey = makeHandler(d);

    await survey(answer('csat', '4'));
    await survey(answer('nps', '9'));

    expect(reset).toHaveBeenCalledTimes(2);
  });
});

describe('module wiring', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('writes to the table named by TABLE_NAME', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());

    await handler(answer('csat', '4'));

    expect(ddb).toReceiveCommandWith(UpdateCommand, { TableName: 'unit-test-table' });
  });
});
