import type { EmailMessage, EmailResult, EmailSender } from '../../domain/messaging/email.ts';

export type SentEmail = EmailMessage & { readonly messageId: string; readonly at: string };

/** Keeps every email in memory, in order, as sent: the local twin's outbox and the tests' view of it. */
export class EmailOutbox implements EmailSender {
  readonly messages: SentEmail[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async send(message: EmailMessage): Promise<EmailResult> {
    const messageId = `local-email-${String(this.messages.length + 1).padStart(6, '0')}`;
    this.messages.push({ ...message, messageId, at: this.clock().toISOString() });
    return { sent: true, messageId };
  }
}
