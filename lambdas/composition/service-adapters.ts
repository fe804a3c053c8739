import type { DeadLetters } from '../commons/dead-letters.ts';
import type { ConnectContacts } from '../domain/contact/connect-contacts.ts';
import type { EventPublisher } from '../domain/events/domain-event.ts';
import type { EmailSender } from '../domain/messaging/email.ts';
import type { SmsSender } from '../domain/messaging/sms.ts';
import type { SigningSecrets } from '../domain/signed-token.ts';

/**
 * Adapters for the services that have no local engine (SNS/SMS, SES, EventBridge, SQS dead letters,
 * Connect's contact APIs, Secrets Manager): AWS adapters in Lambda; outboxes, the local event
 * router and fakes in the twin and tests. A handler module exports `handlerWith(adapters)` next to
 * `handler`, so the twin runs the same module with its own adapters (no `if (local)` anywhere);
 * what it is not given, the functions of this folder make from the environment.
 */
export interface ServiceAdapters {
  readonly sms: SmsSender;
  readonly email: EmailSender;
  readonly events: EventPublisher;
  /** The dead-letter queue by its URL (the function's environment names it). */
  readonly deadLetters: (queueUrl: string) => DeadLetters;
  /** Amazon Connect's chat and task APIs. */
  readonly connect: ConnectContacts;
  /** Signs and checks the tokens host sites give customers for the chat start. */
  readonly customerTokenSecrets: SigningSecrets;
  /** Signs and checks unsubscribe links. */
  readonly unsubscribeSecrets: SigningSecrets;
}
