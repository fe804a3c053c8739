/** One email to one address, rendered: both an HTML and a plain-text part. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly purpose: 'transactional' | 'marketing' | 'survey';
  readonly customerId?: string;
}

/** What a send did: sent with the provider's id, or refused with a typed reason (never thrown). */
export type EmailResult =
  | { readonly sent: true; readonly messageId: string }
  | {
      readonly sent: false;
      readonly reason: 'not-configured' | 'rejected' | 'error';
      readonly detail?: string;
    };

/** The email channel seam: SES v2 in AWS, an outbox in the twin and the tests. */
export interface EmailSender {
  send(message: EmailMessage): Promise<EmailResult>;
}
