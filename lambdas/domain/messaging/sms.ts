import type { E164 } from '../customer/phone.ts';

/** One text message to one number. */
export interface SmsMessage {
  readonly to: E164;
  readonly body: string;
  /** What consent the message falls under: transactional (requested by the customer), marketing, survey. */
  readonly purpose: 'transactional' | 'marketing' | 'survey';
  /** Who it is for, when known: the outbox and the timeline file it under the customer. */
  readonly customerId?: string;
}

/** What a send did: sent with the provider's id, or refused with a typed reason (never thrown). */
export type SmsResult =
  | { readonly sent: true; readonly messageId: string }
  | {
      readonly sent: false;
      readonly reason: 'not-configured' | 'rejected' | 'error';
      readonly detail?: string;
    };

/**
 * The SMS channel seam. Handlers depend on this port only: SNS in AWS (SnsSmsSender); the local
 * twin and the tests give it an outbox that keeps every message as sent.
 */
export interface SmsSender {
  send(message: SmsMessage): Promise<SmsResult>;
}
