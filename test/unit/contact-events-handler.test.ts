import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTACT_TIMES, contactEvent } from '../support/contact-events.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const bus = mockClient(EventBridgeClient);
const sqs = mockClient(SQSClient);
const QUEUE_ARN =
  'arn:aws:connect:ap-northeast-1:111122223333:instance/9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e/queue/2d3c1b7e-6a1f-4b0e-8c9d-5e4f3a2b1c0d';

let handler: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

beforeAll(async () => {
  // The module reads its configuration at import, as in Lambda.
  vi.stubEnv('EVENT_BUS_NAME', 'tsunagu-test');
  vi.stubEnv(
    'DEAD_LETTER_QUEUE_URL',
    'https://sqs.ap-northeast-1.amazonaws.com/111122223333/contact-events-dlq',
  );
  vi.stubEnv('QUEUE_NAMES', JSON.stringify([{ arn: QUEUE_ARN, name: 'billing' }]));
  ({ handler } = await import('../../lambdas/handlers/contact-events.ts'));
  vi.unstubAllEnvs();
});

afterEach(() => {
  ddb.reset();
  bus.reset();
  sqs.reset();
});

const record = (messageId: string, body: unknown): SQSRecord =>
  ({ messageId, body: typeof body === 'string' ? body : JSON.stringify(body) }) as SQSRecord;
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

describe('the contact events Lambda (SQS batch)', () => {
  it('puts a contact on its customer timeline in two DynamoDB requests, and announces its end on the tsunagu bus', async () => {
    ddb
      .on(BatchGetCommand)
      .resolves({ Responses: { 'unit-test-table': [{ pk: 'CONTACT#c-1', customerId: 'C1' }] } });
    ddb.on(UpdateCommand).resolves({});
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });

    const result = await handler(batch(record('m1', contactEvent('DISCONNECTED', 'c-1'))));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(ddb.calls()).toHaveLength(2);
    const update = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.Key).toEqual({ pk: 'CUSTOMER#C1', sk: `TL#${CONTACT_TIMES.initiation}#c-1` });
    expect(update?.ConditionExpression).toBe(
      'attribute_not_exists(#statusRank) OR #statusRank <= :statusRank',
    );
    expect(update?.ExpressionAttributeValues).toMatchObject({ ':status': 'ended', ':queue': 'billing' });
    const entry = bus.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({
      EventBusName: 'tsunagu-test',
      Source: 'tsunagu.contacts',
      DetailType: 'ContactCompleted',
    });
    expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({
      contactId: 'c-1',
      customerId: 'C1',
      answered: true,
    });
  });

  it('sends a malformed event to the dead-letter queue with its reason, and the rest of the batch succeeds', async () => {
    ddb
      .on(BatchGetCommand)
      .resolves({ Responses: { 'unit-test-table': [{ pk: 'CONTACT#c-2', customerId: 'C2' }] } });
    ddb.on(UpdateCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({});

    const result = await handler(
      batch(
        record('bad-json', '{"oops'),
        record('not-connect', { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }),
        record('good', contactEvent('QUEUED', 'c-2')),
      ),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    const dead = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(dead.map((d) => [d.MessageBody, d.MessageAttributes?.reason?.StringValue])).toEqual([
      ['{"oops', 'the body is not JSON'],
      [
        JSON.stringify({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }),
        'not an Amazon Connect contact event (source aws.ec2, detail-type EC2 Instance State-change Notification)',
      ],
    ]);
    expect(dead[0]?.QueueUrl).toMatch(/contact-events-dlq$/);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('retries only the message that failed for a passing reason (partial batch response)', async () => {
    ddb
      .on(BatchGetCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }))
      .resolves({ Responses: { 'unit-test-table': [{ pk: 'CONTACT#c-4', customerId: 'C4' }] } });
    ddb.on(UpdateCommand).resolves({});

    const result = await handler(
      batch(
        record('throttled', contactEvent('QUEUED', 'c-3')),
        record('fine', contactEvent('QUEUED', 'c-4')),
      ),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'throttled' }] });
  });

  it('retries the message when the dead-letter queue cannot be reached, rather than losing it', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('network down'));

    const result = await handler(batch(record('bad', 'not json')));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
  });

  it('acknowledges event types it does not use without touching DynamoDB', async () => {
    const event = contactEvent('QUEUED', 'c-5');
    (event.detail as Record<string, unknown>).eventType = 'CONTACT_DATA_UPDATED';

    const result = await handler(batch(record('m', event)));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(ddb.calls()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('retries the ending event when the bus refuses the announcement', async () => {
    ddb
      .on(BatchGetCommand)
      .resolves({ Responses: { 'unit-test-table': [{ pk: 'CONTACT#c-6', customerId: 'C6' }] } });
    ddb.on(UpdateCommand).resolves({});
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });

    const result = await handler(batch(record('end', contactEvent('DISCONNECTED', 'c-6'))));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'end' }] });
  });
});
