import type { SmsMessage, SmsResult, SmsSender } from '../../domain/messaging/sms.ts';

/**
 * The deployed sender until the SMS channel is built (issue 6): every send is refused as
 * `not-configured`, so the IVR says so instead of promising a message that never comes.
 */
export class UnconfiguredSmsSender implements SmsSender {
  async send(): Promise<SmsResult> {
    return { sent: false, reason: 'not-configured', detail: 'the SMS channel is not deployed yet' };
  }
}

export type SentSms = SmsMessage & { readonly messageId: string; readonly at: string };

/** Keeps every message in memory, in order: the local twin's outbox and the tests' view of what was sent. */
export class SmsOutbox implements SmsSender {
  readonly messages: SentSms[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async send(message: SmsMessage): Promise<SmsResult> {
    const messageId = `local-sms-${String(this.messages.length + 1).padStart(6, '0')}`;
    this.messages.push({ ...message, messageId, at: this.clock().toISOString() });
    return { sent: true, messageId };
  }
}
