import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoContactTimelineStore } from '../adapters/dynamodb/contact-timeline-store.ts';
import type { LambdaHandler } from '../commons/envelope.ts';
import { createLogger } from '../commons/logger.ts';
import { type QueueFunctionDeps, sqsBatchFunction } from '../commons/sqs-batch.ts';
import { deadLettersAt } from '../composition/dead-letters.ts';
import { createDocumentClient } from '../composition/dynamodb.ts';
import { eventPublisherOn } from '../composition/events.ts';
import type { ServiceAdapters } from '../composition/service-adapters.ts';
import { parseContactEvent } from '../domain/contact/contact-event.ts';
import { ContactTimeline } from '../domain/contact/contact-timeline.ts';

export interface ContactEventsDeps extends QueueFunctionDeps {
  readonly timeline: Pick<ContactTimeline, 'apply'>;
}

/**
 * Amazon Connect contact events (EventBridge rule → SQS → here) onto the customer's timeline, one
 * SQS batch at a time (sqsBatchFunction: partial batch responses, dead letters with reasons).
 */
export function makeHandler(deps: ContactEventsDeps): LambdaHandler<SQSEvent, SQSBatchResponse> {
  return sqsBatchFunction(deps, {
    what: 'contact event',
    parse: parseContactEvent,
    apply: async (progress) => ({
      contactId: progress.contactId,
      eventType: progress.eventType,
      result: await deps.timeline.apply(progress),
    }),
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
      events: eventPublisherOn(adapters, env.EVENT_BUS_NAME),
      queueNames: new Map(queueNames.map((q) => [q.arn, q.name])),
      clock: () => new Date(),
    }),
    deadLetters: deadLettersAt(adapters, env.DEAD_LETTER_QUEUE_URL),
    logger: createLogger(),
  });
}

export const handler = handlerWith();
