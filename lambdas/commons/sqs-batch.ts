import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { DeadLetters } from '../adapters/sqs/dead-letters.ts';
import type { Logger } from './logger.ts';

/** What a message of the queue is: one to act on, one to acknowledge unused, or one never readable. */
export type Parsed<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface SqsBatchOptions<T> {
  /** Names the messages in logs: `contact event`, `email event`. */
  readonly what: string;
  readonly parse: (body: unknown) => Parsed<T>;
  /** Acts on one message; what it returns is logged. Throwing retries that message alone. */
  readonly apply: (value: T) => Promise<Record<string, unknown>>;
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
}

/**
 * The loop every queue-fed function shares. Partial batch responses: a message that fails for a
 * passing reason is retried alone (and lands in the DLQ after the queue's receive limit); one that
 * can never be processed (not JSON, not the expected event) goes to the DLQ at once with its
 * reason; the rest of the batch goes on.
 */
export async function processSqsBatch<T>(event: SQSEvent, o: SqsBatchOptions<T>): Promise<SQSBatchResponse> {
  o.logger.resetKeys();
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records ?? []) {
    let raw: unknown;
    try {
      raw = JSON.parse(record.body);
    } catch {
      raw = undefined;
    }
    const parsed: Parsed<T> =
      raw === undefined ? { kind: 'invalid', reason: 'the body is not JSON' } : o.parse(raw);
    try {
      if (parsed.kind === 'invalid') {
        o.logger.warn(`${o.what} refused: to the dead-letter queue`, {
          messageId: record.messageId,
          reason: parsed.reason,
        });
        await o.deadLetters.send(record.body, parsed.reason);
      } else if (parsed.kind === 'ignored') {
        o.logger.info(`${o.what} ignored`, { messageId: record.messageId, reason: parsed.reason });
      } else {
        o.logger.info(`${o.what} applied`, { messageId: record.messageId, ...(await o.apply(parsed.value)) });
      }
    } catch (error) {
      o.logger.error(`${o.what} failed: it will be retried`, {
        messageId: record.messageId,
        error: error as Error,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
