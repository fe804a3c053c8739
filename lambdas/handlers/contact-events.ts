import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoContactTimelineStore } from '../adapters/dynamodb/contact-timeline-store.ts';
import { EventBridgePublisher } from '../adapters/eventbridge/event-publisher.ts';
import { type DeadLetters, SqsDeadLetters } from '../adapters/sqs/dead-letters.ts';
import { createDocumentClient } from '../commons/clients/dynamodb.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import type { ServiceAdapters } from '../commons/service-adapters.ts';
import { processSqsBatch } from '../commons/sqs-batch.ts';
import { parseContactEvent } from '../domain/contact/contact-event.ts';
import { ContactTimeline } from '../domain/contact/contact-timeline.ts';

export interface ContactEventsDeps {
  readonly timeline: Pick<ContactTimeline, 'apply'>;
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
}

/**
 * Amazon Connect contact events (EventBridge rule → SQS → here) onto the customer's timeline.
 * Partial batch responses: a message that fails for a passing reason (DynamoDB throttled, the bus
 * unavailable) is retried alone, and lands in the DLQ after the queue's receive limit; a message
 * that can never be processed (not JSON, not a contact event) goes to the DLQ at once with its
 * reason, and the rest of the batch goes on.
 */
export function makeHandler(deps: ContactEventsDeps) {
  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    processSqsBatch(event, {
      what: 'contact event',
      parse: (body) => {
        const parsed = parseContactEvent(body);
        return parsed.kind === 'progress' ? { kind: 'ok', value: parsed.progress } : parsed;
      },
      apply: async (progress) => ({
        contactId: progress.contactId,
        eventType: progress.eventType,
        result: await deps.timeline.apply(progress),
      }),
      deadLetters: deps.deadLetters,
      logger: deps.logger,
    });
}

const env = z
  .object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    EVENT_BUS_NAME: z.string().check(z.minLength(1)),
    DEAD_LETTER_QUEUE_URL: z.string().check(z.minLength(1)),
    /** `[{"arn":"…","name":"billing"},…]`: the Connect queues by ARN. */
    QUEUE_NAMES: z._default(z.string(), '[]'),
  })
  .parse(process.env);

const queueNames = z
  .array(z.object({ arn: z.string(), name: z.string() }))
  .parse(JSON.parse(env.QUEUE_NAMES));

/** This function with other service adapters: how the local twin gives it its event router. */
export function handlerWith(adapters: Partial<ServiceAdapters> = {}) {
  return makeHandler({
    timeline: new ContactTimeline({
      store: new DynamoContactTimelineStore(createDocumentClient(), env.TABLE_NAME),
      events: adapters.events ?? new EventBridgePublisher(new EventBridgeClient({}), env.EVENT_BUS_NAME),
      queueNames: new Map(queueNames.map((q) => [q.arn, q.name])),
      clock: () => new Date(),
    }),
    deadLetters:
      adapters.deadLetters?.(env.DEAD_LETTER_QUEUE_URL) ??
      new SqsDeadLetters(new SQSClient({}), env.DEAD_LETTER_QUEUE_URL),
    logger: createLogger(),
  });
}

export const handler = handlerWith();
