import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { ulid } from 'ulid';
import { DynamoContactTimelineStore } from '../lambdas/adapters/dynamodb/contact-timeline-store.ts';
import { DynamoProfileStore } from '../lambdas/adapters/dynamodb/profile-store.ts';
import { DynamoSuppressionList } from '../lambdas/adapters/dynamodb/suppression-store.ts';
import { EmailOutbox } from '../lambdas/adapters/email/outbox.ts';
import { SmsOutbox } from '../lambdas/adapters/sms/senders.ts';
import { createLogger } from '../lambdas/commons/logger.ts';
import { CONTACT_STAGES, type ContactProgress } from '../lambdas/domain/contact/contact-event.ts';
import { ContactTimeline } from '../lambdas/domain/contact/contact-timeline.ts';
import { newCustomer } from '../lambdas/domain/customer/customer-input.ts';
import { SendToCustomer } from '../lambdas/domain/messaging/send-to-customer.ts';
import type { RequestLog } from '../lib/local/request-log.ts';

const BENCH_POLICY = {
  tiers: ['standard'],
  defaultTier: 'standard',
  defaultLanguage: 'ja',
  defaultTimeZone: 'Asia/Tokyo',
  phoneRegion: 'JP',
} as const;

/**
 * Budgets: a contact event is one BatchGetItem + one UpdateItem (docs/data-model.md); an SMS sent
 * is the profile, the suppression check and the timeline append (GetItem, GetItem, GetItem,
 * TransactWriteItems); through the API with an Idempotency-Key, the claim and the completion of the
 * idempotency record come on top (PutItem, UpdateItem).
 */
export const MESSAGING_BUDGETS = { contactEvent: 2, smsSent: 4, apiMessageSent: 6 } as const;

export interface PerOperation {
  readonly operation: keyof typeof MESSAGING_BUDGETS;
  readonly description: string;
  readonly runs: number;
  readonly requestsPerOperation: number;
  readonly budget: number;
  readonly overBudget: boolean;
  readonly commands: readonly string[];
}

/**
 * DynamoDB requests per contact event (the contact-events function's work) and per SMS sent to a
 * customer (profile, suppression check, timeline), counted on a client against DynamoDB Local.
 */
export async function measureMessaging(o: {
  client: DynamoDBDocumentClient;
  requests: RequestLog;
  tableName: string;
  customerIds: readonly string[];
  runs: number;
  /** The idempotency table and a client on it with its own request log (the send-message API). */
  idempotency: { client: DynamoDBClient; requests: RequestLog; tableName: string };
}): Promise<PerOperation[]> {
  const profiles = new DynamoProfileStore(o.client, o.tableName);
  const timeline = new ContactTimeline({
    store: new DynamoContactTimelineStore(o.client, o.tableName),
    events: { publish: async () => {} },
    queueNames: new Map(),
    clock: () => new Date(),
  });
  const messages = new SendToCustomer({
    profiles,
    sms: new SmsOutbox(),
    email: new EmailOutbox(),
    suppressions: new DynamoSuppressionList(o.client, o.tableName),
    maxSmsSegments: 3,
    timeZone: 'Asia/Tokyo',
    clock: () => new Date(),
    newId: ulid,
  });
  const customer = (i: number) => o.customerIds[i % o.customerIds.length] as string;

  const measure = async (
    operation: PerOperation['operation'],
    description: string,
    count: number,
    run: (i: number) => Promise<unknown>,
  ): Promise<PerOperation> => {
    o.requests.reset();
    o.idempotency.requests.reset();
    for (let i = 0; i < o.runs; i++) await run(i);
    const requestsPerOperation = (o.requests.count + o.idempotency.requests.count) / (o.runs * count);
    const budget = MESSAGING_BUDGETS[operation];
    return {
      operation,
      description,
      runs: o.runs * count,
      requestsPerOperation,
      budget,
      overBudget: requestsPerOperation > budget,
      commands: [...new Set([...o.requests.operations, ...o.idempotency.requests.operations])],
    };
  };

  const stages = Object.keys(CONTACT_STAGES).filter(
    (t) => t !== 'CONNECTED_TO_SYSTEM',
  ) as ContactProgress['eventType'][];
  // A customer who agreed to transactional SMS (not counted: set-up).
  const texted = newCustomer(
    { name: '計測 太郎', phone: '+819000000999', consent: { sms: { transactional: true } } },
    { id: ulid(), now: new Date(), policy: BENCH_POLICY, source: 'bench' },
  );
  await profiles.create(texted);
  // Contacts the IVR already tied to customers (not counted: that is the IVR's request).
  const contacts = Array.from({ length: o.runs }, () => `bench-${ulid()}`);
  for (const [i, contactId] of contacts.entries()) {
    await profiles.recordContact(contactId, customer(i), new Date().toISOString());
  }
  // The deployed send-message handler, on these tables, with the outboxes as senders; its log lines
  // would bury the figures.
  const logger = createLogger('bench');
  logger.setLogLevel('CRITICAL');
  const api = (await import('../lambdas/handlers/send-message.ts')).makeHandler({
    send: messages,
    idempotency: new DynamoDBPersistenceLayer({
      tableName: o.idempotency.tableName,
      awsSdkV3Client: o.idempotency.client,
    }),
    logger,
  });
  const apiRequest = (i: number): APIGatewayProxyEventV2 => ({
    version: '2.0',
    routeKey: 'POST /customers/{id}/messages',
    rawPath: `/customers/${texted.id}/messages`,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${i}-${ulid()}` },
    pathParameters: { id: texted.id },
    requestContext: {
      requestId: `bench-${i}`,
      http: { method: 'POST' },
    } as APIGatewayProxyEventV2['requestContext'],
    body: JSON.stringify({
      template: 'custom',
      channel: 'sms',
      variables: { text: 'ご注文を発送しました。' },
    }),
    isBase64Encoded: false,
  });
  const benchContext = { getRemainingTimeInMillis: () => 14_000 } as Context;
  return [
    await measure('contactEvent', 'a Connect contact event onto the timeline', stages.length, async (i) => {
      for (const eventType of stages) {
        await timeline.apply({
          eventId: ulid(),
          eventType,
          contactId: contacts[i] as string,
          channel: 'voice',
          direction: 'inbound',
          startedAt: '2026-11-20T01:12:53.000Z',
          endedAt: '2026-11-20T01:18:37.000Z',
        });
      }
    }),
    await measure('smsSent', 'an SMS sent to a customer (consent, suppression, timeline)', 1, async () => {
      const result = await messages.send(texted.id, {
        template: 'custom',
        channel: 'sms',
        variables: { text: 'ご注文を発送しました。' },
      });
      if (!result.sent) throw new Error(`bench send refused: ${result.reason}`);
    }),
    await measure(
      'apiMessageSent',
      'the same SMS through POST /customers/{id}/messages with an Idempotency-Key',
      1,
      async (i) => {
        const response = (await api(apiRequest(i), benchContext)) as { statusCode: number; body?: string };
        if (response.statusCode !== 201)
          throw new Error(`bench API send: ${response.statusCode} ${response.body}`);
      },
    ),
  ];
}
