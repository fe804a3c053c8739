import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { DynamoSuppressionList } from '../adapters/dynamodb/suppression-store.ts';
import type { LambdaHandler } from '../commons/envelope.ts';
import { createLogger } from '../commons/logger.ts';
import { type QueueFunctionDeps, sqsBatchFunction } from '../commons/sqs-batch.ts';
import { deadLettersAt } from '../composition/dead-letters.ts';
import { createDocumentClient } from '../composition/dynamodb.ts';
import type { ServiceAdapters } from '../composition/service-adapters.ts';
import { EmailEventService, parseEmailEvent } from '../domain/messaging/email-events.ts';

export interface EmailEventsHandlerDeps extends QueueFunctionDeps {
  readonly emailEvents: Pick<EmailEventService, 'handle'>;
}

/**
 * SES sending events (configuration-set event destination → EventBridge rule → SQS → here):
 * bounces, complaints and deliveries onto the suppression list, the customer's consent and
 * timeline, one SQS batch at a time (sqsBatchFunction: partial batch responses, dead letters with
 * reasons).
 */
export function makeHandler(deps: EmailEventsHandlerDeps): LambdaHandler<SQSEvent, SQSBatchResponse> {
  return sqsBatchFunction(deps, {
    what: 'email event',
    parse: parseEmailEvent,
    apply: async (e) => ({
      sesMessageId: e.messageId,
      type: e.type,
      ...(e.bounceType ? { bounceType: e.bounceType } : {}),
      ...(e.purpose ? { purpose: e.purpose } : {}),
      result: await deps.emailEvents.handle(e),
    }),
  });
}

const env = z
  .object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    DEAD_LETTER_QUEUE_URL: z.string().check(z.minLength(1)),
  })
  .parse(process.env);

/** This function with other service adapters: how the local twin gives it its dead-letter queue. */
export function handlerWith(adapters: Partial<ServiceAdapters> = {}) {
  const documentClient = createDocumentClient();
  return makeHandler({
    emailEvents: new EmailEventService({
      suppressions: new DynamoSuppressionList(documentClient, env.TABLE_NAME),
      profiles: new DynamoProfileStore(documentClient, env.TABLE_NAME),
    }),
    deadLetters: deadLettersAt(adapters, env.DEAD_LETTER_QUEUE_URL),
    logger: createLogger(),
  });
}

export const handler = handlerWith();
