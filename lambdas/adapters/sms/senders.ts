import type { SmsMessage, SmsResult, SmsSender } from '../../domain/messaging/sms.ts';
import { type SmsEncoding, smsSegments } from '../../domain/messaging/sms-segments.ts';

/**
 * The sender of a function the stack gives no SMS origination identity: every send is refused as
 * `not-configured`, so the IVR says so instead of promising a message that never comes.
 */
export class UnconfiguredSmsSender implements SmsSender {
  async send(): Promise<SmsResult> {
    return {
      sent: false,
      reason: 'not-configured',
      detail: 'this function has no SMS origination identity (SMS_ORIGINATION)',
    };
  }
}

/** A message as the outbox keeps it, with what it would cost: its segments and their encoding. */
export type SentSms = SmsMessage & {
  readonly messageId: string;
  readonly at: string;
  readonly segments: number;
  readonly encoding: SmsEncoding;
};

/** Keeps every message in memory, in order: the local twin's outbox and the tests' view of what was sent. */
export class SmsOutbox implements SmsSender {
  readonly messages: SentSms[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async send(message: SmsMessage): Promise<SmsResult> {
    const messageId = `local-sms-${String(this.messages.length + 1).padStart(6, '0')}`;
    const { segments, encoding } = smsSegments(message.body);
    this.messages.push({ ...message, messageId, at: this.clock().toISOString(), segments, encoding });
    return { sent: true, messageId };
  }
}
