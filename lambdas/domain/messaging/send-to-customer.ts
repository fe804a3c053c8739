import * as z from 'zod';
import { type Customer, hasConsent, PURPOSES, type Purpose } from '../customer/customer.ts';
import type { E164 } from '../customer/phone.ts';
import type { ProfileStore } from '../customer/profile-store.ts';
import { CustomerNotFoundError } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import type { EmailSender } from './email.ts';
import { renderMessage } from './message-rendering.ts';
import type { SmsSender } from './sms.ts';
import { checkSmsLength } from './sms-segments.ts';
import { isTemplateName, MESSAGE_TEMPLATES } from './templates/index.ts';
import type { UnsubscribeClaims } from './unsubscribe-token.ts';

export type MessageChannel = 'sms' | 'email';

const messageRequest = z.strictObject({
  template: z.string().min(1, 'template is required, e.g. "order-shipped" or "custom"').max(60),
  variables: z.record(z.string(), z.unknown()).optional(),
  purpose: z.enum(PURPOSES, 'purpose must be "transactional", "marketing" or "survey"').optional(),
  channel: z.enum(['sms', 'email'], 'channel must be "sms" or "email"').optional(),
});

export type SendRefusal =
  | 'unknown-template'
  | 'invalid-template-data'
  | 'unreachable'
  | 'no-consent'
  | 'suppressed'
  | 'too-long'
  | 'not-configured'
  | 'rejected'
  | 'error';

export type SendResult =
  | {
      readonly sent: true;
      readonly channel: MessageChannel;
      readonly messageId: string;
      readonly interactionId: string;
      readonly segments?: number;
    }
  | {
      readonly sent: false;
      readonly reason: SendRefusal;
      readonly channel?: MessageChannel;
      readonly field?: string;
      readonly message: string;
    };

/** Addresses no message may go to (permanent bounces). */
export interface SuppressionList {
  isSuppressed(channel: MessageChannel, address: string): Promise<boolean>;
  suppress(channel: MessageChannel, address: string, reason: string, at: string): Promise<void>;
}

export interface SendToCustomerDeps {
  readonly profiles: Pick<ProfileStore, 'get' | 'appendInteraction'>;
  readonly sms: SmsSender;
  readonly email: EmailSender;
  readonly suppressions: SuppressionList;
  /** The signed one-click unsubscribe link for these claims; undefined when unsubscribing is not set up. */
  readonly unsubscribeUrl?: (claims: UnsubscribeClaims) => string | Promise<string>;
  /** Longest SMS, in segments (stage config `sms.maxSegments`). */
  readonly maxSmsSegments: number;
  readonly timeZone: string;
  readonly clock: () => Date;
  readonly newId: () => string;
}

/** How long an unsubscribe link stays valid. */
const UNSUBSCRIBE_DAYS = 90;

/**
 * "Send this to the customer", on whichever channel fits: the one asked for; else their preference;
 * else SMS, then email. A channel needs an address, consent for the message's purpose, and no
 * suppression. The message is rendered from its template in the customer's language (variables
 * checked, customer data escaped in HTML), sent, and recorded on the timeline. Every refusal is a
 * typed result (`no-consent`, `suppressed`, `unreachable`, `invalid-template-data`, …), never a throw.
 */
export class SendToCustomer {
  constructor(private readonly deps: SendToCustomerDeps) {}

  async send(customerId: string, input: unknown): Promise<SendResult> {
    const request = parseInput(messageRequest, input);
    const customer = await this.deps.profiles.get(customerId);
    if (!customer) throw new CustomerNotFoundError(customerId);
    if (!isTemplateName(request.template)) {
      return refuse('unknown-template', `no template named ${request.template}`, { field: 'template' });
    }
    const purpose = request.purpose ?? MESSAGE_TEMPLATES[request.template].purpose;

    const picked = await this.pickChannel(customer, purpose, request.channel);
    if ('refusal' in picked) return picked.refusal;
    const { channel, address } = picked;
    const now = this.deps.clock();
    // Transactional messages never carry the link: no signing (and no secret read) for them.
    const unsubscribeUrl =
      purpose === 'transactional'
        ? undefined
        : await this.deps.unsubscribeUrl?.({
            customerId: customer.id,
            channel,
            purpose,
            expiresAt: new Date(now.getTime() + UNSUBSCRIBE_DAYS * 86_400_000),
          });
    const options = {
      purpose,
      language: customer.language,
      customer,
      variables: request.variables ?? {},
      timeZone: customer.timeZone || this.deps.timeZone,
      ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
    };

    let sent: { sent: true; messageId: string } | { sent: false; reason: SendRefusal; detail?: string };
    let summary: string;
    let segments: number | undefined;
    if (channel === 'sms') {
      const rendered = renderMessage(request.template, { ...options, channel: 'sms' });
      if (!rendered.ok) return refuse(rendered.reason, rendered.message, { field: rendered.field, channel });
      const length = checkSmsLength(rendered.body, this.deps.maxSmsSegments);
      if (!length.ok) {
        return refuse(
          'too-long',
          `the SMS is ${length.segments} segments; at most ${length.max} are allowed`,
          {
            channel,
          },
        );
      }
      segments = length.segments;
      summary = rendered.body;
      sent = await this.deps.sms.send({
        to: address as E164,
        body: rendered.body,
        purpose,
        customerId: customer.id,
      });
    } else {
      const rendered = renderMessage(request.template, { ...options, channel: 'email' });
      if (!rendered.ok) return refuse(rendered.reason, rendered.message, { field: rendered.field, channel });
      summary = rendered.subject;
      sent = await this.deps.email.send({
        to: address,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        ...(rendered.headers ? { headers: rendered.headers } : {}),
        purpose,
        customerId: customer.id,
      });
    }
    if (!sent.sent) {
      return refuse(sent.reason, sent.detail ?? `the ${channel} was not sent (${sent.reason})`, { channel });
    }
    const interactionId = `msg:${this.deps.newId()}`;
    await this.deps.profiles.appendInteraction({
      id: interactionId,
      customerId: customer.id,
      at: now.toISOString(),
      channel,
      direction: 'outbound',
      topic: request.template,
      summary: summary.slice(0, 200),
      status: 'sent',
    });
    return {
      sent: true,
      channel,
      messageId: sent.messageId,
      interactionId,
      ...(segments !== undefined ? { segments } : {}),
    };
  }

  private async pickChannel(
    customer: Customer,
    purpose: Purpose,
    requested: MessageChannel | undefined,
  ): Promise<{ channel: MessageChannel; address: string } | { refusal: SendResult & { sent: false } }> {
    const preferred =
      customer.preferredChannel === 'sms' || customer.preferredChannel === 'email'
        ? [customer.preferredChannel]
        : [];
    const candidates = requested ? [requested] : [...new Set<MessageChannel>([...preferred, 'sms', 'email'])];
    let first: (SendResult & { sent: false }) | undefined;
    for (const channel of candidates) {
      const address = channel === 'sms' ? customer.phone : customer.email;
      if (!address) {
        first ??= refuse(
          'unreachable',
          `the customer has no ${channel === 'sms' ? 'phone number' : 'email address'}`,
          {
            channel,
          },
        );
        continue;
      }
      if (!hasConsent(customer, channel, purpose)) {
        first ??= refuse('no-consent', `the customer has not agreed to ${purpose} messages by ${channel}`, {
          channel,
        });
        continue;
      }
      if (await this.deps.suppressions.isSuppressed(channel, address)) {
        first ??= refuse('suppressed', `the customer's ${channel} address is suppressed`, { channel });
        continue;
      }
      return { channel, address };
    }
    return { refusal: first ?? refuse('unreachable', 'no channel to reach the customer on') };
  }
}

function refuse(
  reason: SendRefusal,
  message: string,
  more: { field?: string; channel?: MessageChannel } = {},
): SendResult & { sent: false } {
  return { sent: false, reason, message, ...more };
}
