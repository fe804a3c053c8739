import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ConnectContactFlowEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoCallerLookup } from '../../lambdas/adapters/dynamodb/caller-lookup.ts';
import { createLogger } from '../../lambdas/commons/logger.ts';
import { createDocumentClient } from '../../lambdas/composition/dynamodb.ts';
import { CONTEXT_KEYS } from '../../lambdas/domain/customer/contact-attributes.ts';
import { handler, makeHandler } from '../../lambdas/handlers/customer-context.ts';
import { storedProfile } from '../support/profiles.ts';

const ddb = mockClient(DynamoDBDocumentClient);

function contactFlowEvent(address: string | null, channel = 'VOICE'): ConnectContactFlowEvent {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: channel,
        ContactId: '5ca32fbd-8f92-46af-92a5-6b0f970f0efe',
        CustomerEndpoint: address ? { Address: address, Type: 'TELEPHONE_NUMBER' } : null,
        InitialContactId: '5ca32fbd-8f92-46af-92a5-6b0f970f0efe',
        InitiationMethod: 'INBOUND',
        InstanceARN:
          'arn:aws:connect:ap-northeast-1:111122223333:instance/9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e',
        PreviousContactId: '5ca32fbd-8f92-46af-92a5-6b0f970f0efe',
        Queue: null,
        SystemEndpoint: { Address: '+81501234567', Type: 'TELEPHONE_NUMBER' },
        MediaStreams: { Customer: { Audio: null } },
      },
      Parameters: {},
    },
  } as unknown as ConnectContactFlowEvent;
}

const sato = storedProfile({
  tier: 'vip',
  consent: { sms: { transactional: { granted: true, at: '2026-11-01T00:00:00.000Z', source: 'api' } } },
  recent: [
    {
      id: 'i1',
      at: '2026-11-22T23:00:00.000Z',
      channel: 'sms',
      direction: 'outbound',
      topic: 'delivery-delayed',
    },
  ],
  notices: [
    {
      id: 'n1',
      topic: 'delivery-delayed',
      summary: '配送遅延',
      at: '2026-11-22T23:00:00.000Z',
      expiresAt: '2026-11-24T23:00:00.000Z',
    },
  ],
  updatedAt: '2026-11-22T23:00:00.000Z',
});

function deps() {
  return {
    callers: new DynamoCallerLookup(createDocumentClient({ region: 'ap-northeast-1' }), 'profiles'),
    logger: createLogger('test'),
    clock: () => new Date('2026-11-23T01:00:00.000Z'),
    defaultLanguage: 'ja',
  };
}

/** An unknown caller's reply: every key present, only these four filled. */
function unknown(reason: string) {
  return {
    ...Object.fromEntries(Object.keys(EVERY_KEY).map((k) => [k, ''])),
    known: 'false',
    language: 'ja',
    reason,
    hasOrderStatus: 'false',
    surveyEligible: 'false',
  };
}
const EVERY_KEY = Object.fromEntries(CONTEXT_KEYS.map((k) => [k, true]));

describe('customer context for the IVR', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('greets a known caller by family name, with tier, last channel and open notice, in one request', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [sato] });
    const lookup = makeHandler(deps());

    // Act
    const attributes = await lookup(contactFlowEvent('+819012345678'));

    // Assess
    expect(attributes).toMatchObject({
      known: 'true',
      customerId: 'C1',
      greetingName: '佐藤',
      honorificName: '佐藤様',
      language: 'ja',
      tier: 'vip',
      smsTransactional: 'true',
      smsMarketing: 'false',
      lastChannel: 'sms',
      lastTopic: 'delivery-delayed',
      noticeTopic: 'delivery-delayed',
    });
    // Every key is there, so a flow copying $.External.x never meets a missing one.
    expect(Object.keys(attributes).sort()).toEqual(Object.keys(EVERY_KEY).sort());
    expect(Object.values(attributes).every((v) => typeof v === 'string')).toBe(true);
    // The delayed-delivery notice of 2 hours ago is recent enough for the IVR's shortcut.
    expect(attributes).toMatchObject({
      recentNoticeTopic: 'delivery-delayed',
      recentNoticeSummary: '配送遅延',
      orderStatus: '配送遅延',
      hasOrderStatus: 'true',
      surveyEligible: 'false',
    });
    expect(ddb).toReceiveCommandTimes(QueryCommand, 1);
    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: 'profiles',
      IndexName: 'byPhone',
      Limit: 1,
    });
    const query = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(Object.values(query?.ExpressionAttributeValues ?? {})).toContain('+819012345678');
    expect(ddb.calls()).toHaveLength(1);
  });

  it('treats a number nobody has as an unknown caller in the default language', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    const attributes = await makeHandler(deps())(contactFlowEvent('+819099999999'));

    expect(attributes).toEqual(unknown('not-found'));
  });

  it('fails open: when DynamoDB fails the caller continues as unknown instead of hitting the error branch', async () => {
    ddb.on(QueryCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    const d = deps();
    const logged = vi.spyOn(d.logger, 'error').mockImplementation(() => {});

    const attributes = await makeHandler(d)(contactFlowEvent('+819012345678'));

    expect(attributes).toEqual(unknown('lookup-failed'));
    expect(logged).toHaveBeenCalledOnce();
  });

  it('does not query for a chat contact with no phone number, nor for a malformed event', async () => {
    const lookup = makeHandler(deps());

    expect(await lookup(contactFlowEvent(null, 'CHAT'))).toMatchObject({
      known: 'false',
      reason: 'no-caller-number',
    });
    expect(await lookup({ Details: {} } as unknown as ConnectContactFlowEvent)).toMatchObject({
      reason: 'invalid-event',
    });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('treats a caller number that is not E.164 as unknown without a lookup (Connect always sends E.164)', async () => {
    const attributes = await makeHandler(deps())(contactFlowEvent('090-1234-5678'));

    expect(attributes).toEqual(unknown('unreadable-number'));
    expect(ddb.calls()).toHaveLength(0);
  });

  it('offers the survey only to a customer who agreed and was not asked in the last 14 days', async () => {
    const consent = {
      ...sato.consent,
      email: { survey: { granted: true, at: '2026-11-01T00:00:00.000Z', source: 'web' } },
    };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ ...sato, consent }] })
      .resolvesOnce({ Items: [{ ...sato, consent, surveyedAt: ['2026-11-15T00:00:00.000Z'] }] })
      .resolvesOnce({ Items: [{ ...sato, consent, surveyedAt: ['2026-11-01T00:00:00.000Z'] }] })
      .resolves({ Items: [sato] });
    const lookup = makeHandler(deps());

    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push((await lookup(contactFlowEvent('+819012345678'))).surveyEligible);

    expect(answers).toEqual(['true', 'false', 'true', 'false']);
  });

  it('offers no shortcut for a notice older than 48 hours, and no order status for other topics', async () => {
    const notices = [
      {
        id: 'n2',
        topic: 'outage',
        summary: '停電',
        at: '2026-11-22T00:00:00.000Z',
        expiresAt: '2026-11-30T00:00:00.000Z',
      },
      {
        id: 'n1',
        topic: 'order-shipped',
        summary: '発送済み',
        at: '2026-11-20T00:00:00.000Z',
        expiresAt: '2026-11-30T00:00:00.000Z',
      },
    ];
    ddb.on(QueryCommand).resolves({ Items: [{ ...sato, notices }] });

    const attributes = await makeHandler(deps())(contactFlowEvent('+819012345678'));

    expect(attributes).toMatchObject({
      recentNoticeTopic: 'outage',
      orderStatus: '発送済み',
      hasOrderStatus: 'true',
      noticeTopic: 'outage',
    });
    ddb.on(QueryCommand).resolves({ Items: [{ ...sato, notices: [notices[1]] }] });
    expect(await makeHandler(deps())(contactFlowEvent('+819012345678'))).toMatchObject({
      recentNoticeTopic: '',
      orderStatus: '発送済み',
    });
  });

  it('is wired at module scope to the table named by TABLE_NAME', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await handler(contactFlowEvent('+819012345678'));

    expect(ddb).toReceiveCommandWith(QueryCommand, { TableName: 'unit-test-table', IndexName: 'byPhone' });
  });
});
