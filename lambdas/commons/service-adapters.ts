import type { DeadLetters } from '../adapters/sqs/dead-letters.ts';
import type { EventPublisher } from '../domain/events/domain-event.ts';
import type { EmailSender } from '../domain/messaging/email.ts';
import type { SmsSender } from '../domain/messaging/sms.ts';

/**
 * Adapters for the services that have no local engine (SNS/SMS, SES, EventBridge, SQS dead letters):
 * AWS adapters in Lambda; outboxes and the local event router in the twin and tests. A handler
 * module that uses one exports `handlerWith(adapters)` next to `handler`, so the twin runs the
 * same module with its own adapters (no `if (local)` anywhere).
 */
export interface ServiceAdapters {
  readonly sms: SmsSender;
  readonly email: EmailSender;
  readonly events: EventPublisher;
  /** The dead-letter queue by its URL (the function's environment names it). */
  readonly deadLetters: (queueUrl: string) => DeadLetters;
}
