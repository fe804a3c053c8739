import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { DynamoSuppressionList } from '../adapters/dynamodb/suppression-store.ts';
import { type DeadLetters, SqsDeadLetters } from '../adapters/sqs/dead-letters.ts';
import { createDocumentClient } from '../commons/clients/dynamodb.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import type { ServiceAdapters } from '../commons/service-adapters.ts';
import { processSqsBatch } from '../commons/sqs-batch.ts';
import { EmailEventService, parseEmailEvent } from '../domain/messaging/email-events.ts';

export interface EmailEventsHandlerDeps {
  readonly emailEvents: Pick<EmailEventService, 'handle'>;
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
}

/**
 * SES sending events (configuration-set event destination → EventBridge rule → SQS → here):
 * bounces, complaints and deliveries onto the suppression list, the customer's consent and timeline.
 * Partial batch responses: a message that fails for a passing reason (DynamoDB throttled) is retried
 * alone, and lands in the DLQ after the queue's receive limit; a message that can never be processed
 * (not JSON, not an SES event, no message id) goes to the DLQ at once with its reason, and the rest
 * of the batch goes on.
 */
export function makeHandler(deps: EmailEventsHandlerDeps) {
  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    processSqsBatch(event, {
      what: 'email event',
      parse: (body) => {
        const parsed = parseEmailEvent(body);
        return parsed.kind === 'event' ? { kind: 'ok', value: parsed.event } : parsed;
      },
      apply: async (e) => ({
        sesMessageId: e.messageId,
        type: e.type,
        ...(e.bounceType ? { bounceType: e.bounceType } : {}),
        ...(e.purpose ? { purpose: e.purpose } : {}),
        result: await deps.emailEvents.handle(e),
      }),
      deadLetters: deps.deadLetters,
      logger: deps.logger,
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
    deadLetters:
      adapters.deadLetters?.(env.DEAD_LETTER_QUEUE_URL) ??
      new SqsDeadLetters(new SQSClient({}), env.DEAD_LETTER_QUEUE_URL),
    logger: createLogger(),
  });
}

export const handler = handlerWith();
