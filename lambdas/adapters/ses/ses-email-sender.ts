import { type MessageHeader, type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Logger } from '../../commons/logger.ts';
import { maskEmail, redactText } from '../../commons/redact.ts';
import type { EmailMessage, EmailResult, EmailSender } from '../../domain/messaging/email.ts';

export interface SesEmailSenderOptions {
  /**
   * The verified sender, e.g. `support@mail.example.jp` or `つなぐサポート <support@mail.example.jp>`
   * (a non-ASCII display name is encoded per RFC 2047, as SES requires).
   */
  readonly fromAddress: string;
  /** The configuration set whose event destination sends bounces and complaints to EventBridge. */
  readonly configurationSetName: string;
  readonly logger?: Pick<Logger, 'warn'>;
}

/**
 * SES answers these when this message (or the sender) can never go out as it is: retrying will not
 * help, so the caller records a refusal instead of retrying.
 */
const REFUSALS = new Set([
  'MessageRejected',
  'AccountSuspendedException',
  'MailFromDomainNotVerifiedException',
  'SendingPausedException',
]);

const UTF8 = 'UTF-8';
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Header values must be printable ASCII: anything else goes as an RFC 2047 encoded word. */
function headerValue(value: string): string {
  return PRINTABLE_ASCII.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;
}

/** `Name <address>` with the name encoded when it is not ASCII. */
function fromAddressHeader(from: string): string {
  const named = /^(.*\S)\s*<([^<>]+)>$/.exec(from.trim());
  if (!named?.[1] || !named[2] || PRINTABLE_ASCII.test(named[1])) return from;
  return `${headerValue(named[1])} <${named[2]}>`;
}

/** Tag values allow only ASCII letters, digits, `_` and `-`; ids that do not fit are left out. */
const TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;

/** Email through SES v2 (SendEmail, simple content). Never throws: failures come back as a typed result. */
export class SesEmailSender implements EmailSender {
  private readonly from: string;

  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesEmailSenderOptions,
  ) {
    if (!options.fromAddress.includes('@')) {
      throw new Error(
        `SesEmailSender fromAddress must be a verified SES identity such as support@mail.example.jp, got "${options.fromAddress}"`,
      );
    }
    if (!options.configurationSetName) {
      throw new Error(
        'SesEmailSender needs configurationSetName, so that bounces and complaints are recorded',
      );
    }
    this.from = fromAddressHeader(options.fromAddress);
  }

  async send(message: EmailMessage): Promise<EmailResult> {
    const headers: MessageHeader[] = Object.entries(message.headers ?? {}).map(([Name, value]) => ({
      Name,
      Value: headerValue(value),
    }));
    try {
      const { MessageId } = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [message.to] },
          ConfigurationSetName: this.options.configurationSetName,
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: UTF8 },
              Body: {
                Text: { Data: message.text, Charset: UTF8 },
                Html: { Data: message.html, Charset: UTF8 },
              },
              ...(headers.length > 0 ? { Headers: headers } : {}),
            },
          },
          // On every SES event (bounce, complaint...) as `mail.tags`: what the message was and for whom.
          EmailTags: [
            { Name: 'purpose', Value: message.purpose },
            ...(message.customerId && TAG_VALUE.test(message.customerId)
              ? [{ Name: 'customerId', Value: message.customerId }]
              : []),
          ],
        }),
      );
      return { sent: true, messageId: MessageId ?? '' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'UnknownError';
      // SES error messages can quote the address ("... failed the check: hanako@example.jp").
      const detail = redactText(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      const reason = REFUSALS.has(name) ? 'rejected' : 'error';
      this.options.logger?.warn('email not sent', {
        to: maskEmail(message.to),
        purpose: message.purpose,
        ...(message.customerId ? { customerId: message.customerId } : {}),
        reason,
        detail,
      });
      return { sent: false, reason, detail };
    }
  }
}
