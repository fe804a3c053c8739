import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Logger } from '../../commons/logger.ts';
import { redactText } from '../../commons/redact.ts';
import { isE164, maskPhone } from '../../domain/customer/phone.ts';
import type { SmsMessage, SmsResult, SmsSender } from '../../domain/messaging/sms.ts';
import { checkSmsLength, smsSegments } from '../../domain/messaging/sms-segments.ts';

// SNS's own rule for sender ids: 3-11 letters, digits or hyphens, at least one letter.
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9-]{3,11}$/;

// Errors about this message or this number: sending it again will not help.
const REJECTED = new Set([
  'InvalidParameterException',
  'InvalidParameterValueException',
  'OptedOutException',
  'ValidationException',
]);

/** A sender configured in a way SNS cannot send with; the message says what to change. */
export class SmsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsConfigError';
  }
}

export interface SnsSmsSenderOptions {
  /**
   * Who the message comes from: an E.164 number (sent as `AWS.MM.SMS.OriginationNumber`) or an
   * alphanumeric sender id (`AWS.SNS.SMS.SenderID`). Stage config `sms.originationIdentity`.
   * @default none: SNS picks from the account's origination identities
   */
  readonly originationIdentity?: string;
  /**
   * Longest body, in segments, this sender will publish; longer ones are refused unsent.
   * Stage config `sms.maxSegments` (1-10).
   * @default no limit beyond SNS's own (1,600 bytes per publish)
   */
  readonly maxSegments?: number;
  readonly logger?: Logger;
}

/**
 * SMS through SNS Publish to a phone number. Never throws: a refused or failed send comes back as
 * `{ sent: false, reason }`, `rejected` when resending the same message would fail again.
 */
export class SnsSmsSender implements SmsSender {
  private readonly origination: Record<string, MessageAttributeValue>;
  private readonly maxSegments: number | undefined;
  private readonly logger: Logger | undefined;

  constructor(
    private readonly client: SNSClient,
    options: SnsSmsSenderOptions = {},
  ) {
    this.origination = originationAttributes(options.originationIdentity);
    const { maxSegments } = options;
    if (
      maxSegments !== undefined &&
      !(Number.isInteger(maxSegments) && maxSegments >= 1 && maxSegments <= 10)
    ) {
      throw new SmsConfigError(
        `stage config \`sms.maxSegments\` must be a whole number from 1 to 10, got \`${maxSegments}\``,
      );
    }
    this.maxSegments = maxSegments;
    this.logger = options.logger;
  }

  async send(message: SmsMessage): Promise<SmsResult> {
    const to = maskPhone(message.to);
    const refused = this.refusal(message);
    if (refused) {
      this.logger?.warn('SMS refused before sending', { to, purpose: message.purpose, detail: refused });
      return { sent: false, reason: 'rejected', detail: refused };
    }
    const { segments, encoding } = smsSegments(message.body);
    try {
      const { MessageId } = await this.client.send(
        new PublishCommand({
          PhoneNumber: message.to,
          Message: message.body,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': text(message.purpose === 'marketing' ? 'Promotional' : 'Transactional'),
            ...this.origination,
          },
        }),
      );
      // SNS always returns an id once it has accepted the message; not resending is the safe side.
      const messageId = MessageId ?? 'unknown';
      this.logger?.info('SMS sent', { to, purpose: message.purpose, messageId, segments, encoding });
      return { sent: true, messageId };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'UnknownError';
      // The service's message can quote the number: mask it before it leaves here.
      const detail = redactText(error instanceof Error ? `${name}: ${error.message}` : String(error));
      const reason = REJECTED.has(name) ? 'rejected' : 'error';
      this.logger?.warn('SMS not sent', { to, purpose: message.purpose, reason, detail });
      return { sent: false, reason, detail };
    }
  }

  /** Why the message is refused without asking SNS, if it is. */
  private refusal(message: SmsMessage): string | undefined {
    if (!isE164(message.to)) return 'the destination must be an E.164 number such as +819012345678';
    if (message.body.length === 0) return 'the message body is empty';
    if (this.maxSegments === undefined) return undefined;
    const check = checkSmsLength(message.body, this.maxSegments);
    if (check.ok) return undefined;
    return `the message is ${check.segments} ${check.encoding} segments; at most ${check.max} are allowed (stage config \`sms.maxSegments\`)`;
  }
}

function text(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value };
}

function originationAttributes(identity: string | undefined): Record<string, MessageAttributeValue> {
  if (identity === undefined) return {};
  if (isE164(identity)) return { 'AWS.MM.SMS.OriginationNumber': text(identity) };
  if (SENDER_ID.test(identity)) return { 'AWS.SNS.SMS.SenderID': text(identity) };
  throw new SmsConfigError(
    `stage config \`sms.originationIdentity\` must be an E.164 number (+81...) or a sender id of 3-11 letters, digits or hyphens with at least one letter for SNS Publish, got \`${identity}\``,
  );
}
