import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ParseResult } from '../domain/parse-input.ts';
import type { DeadLetters } from './dead-letters.ts';
import { invocation, type LambdaHandler } from './envelope.ts';
import { answerFor } from './error-answers.ts';
import type { Logger } from './logger.ts';

/** What every queue-fed function is given. */
export interface QueueFunctionDeps {
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
}

export interface SqsBatchOptions<T> {
  /** Names the messages in logs: `contact event`, `email event`. */
  readonly what: string;
  readonly parse: (body: unknown) => ParseResult<T>;
  /** Acts on one message; what it returns is logged. Throwing retries that message alone. */
  readonly apply: (value: T) => Promise<Record<string, unknown>>;
}

/**
 * The function every queue-fed handler is. Partial batch responses: a message that fails for a
 * passing reason is retried alone (and lands in the DLQ after the queue's receive limit); one that
 * can never be processed (not JSON, not the expected event, or refused by the domain as bad input)
 * goes to the DLQ at once with its reason; the rest of the batch goes on.
 */
export function sqsBatchFunction<T>(
  deps: QueueFunctionDeps,
  o: SqsBatchOptions<T>,
): LambdaHandler<SQSEvent, SQSBatchResponse> {
  const { deadLetters, logger } = deps;
  return invocation(logger, async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    const deadLetter = async (body: string, messageId: string, reason: string) => {
      logger.warn(`${o.what} refused: to the dead-letter queue`, { messageId, reason });
      await deadLetters.send(body, reason);
    };
    for (const record of event.Records ?? []) {
      let raw: unknown;
      try {
        raw = JSON.parse(record.body);
      } catch {
        raw = undefined;
      }
      const parsed: ParseResult<T> =
        raw === undefined ? { kind: 'invalid', reason: 'the body is not JSON' } : o.parse(raw);
      try {
        if (parsed.kind === 'invalid') {
          await deadLetter(record.body, record.messageId, parsed.reason);
        } else if (parsed.kind === 'ignored') {
          logger.info(`${o.what} ignored`, { messageId: record.messageId, reason: parsed.reason });
        } else {
          try {
            const applied = await o.apply(parsed.value);
            logger.info(`${o.what} applied`, { messageId: record.messageId, ...applied });
          } catch (error) {
            const answer = answerFor(error);
            if (answer.batch === 'retry') throw error;
            await deadLetter(record.body, record.messageId, `${answer.error}: ${answer.message}`);
          }
        }
      } catch (error) {
        logger.error(`${o.what} failed: it will be retried`, {
          messageId: record.messageId,
          error: error as Error,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
}
