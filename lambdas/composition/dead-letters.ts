import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsDeadLetters } from '../adapters/sqs/sqs-dead-letters.ts';
import type { DeadLetters } from '../commons/dead-letters.ts';
import type { ServiceAdapters } from './service-adapters.ts';

/** The function's dead-letter queue: the one given, else SQS at `queueUrl`. */
export function deadLettersAt(adapters: Partial<ServiceAdapters>, queueUrl: string): DeadLetters {
  return adapters.deadLetters?.(queueUrl) ?? new SqsDeadLetters(new SQSClient({}), queueUrl);
}
