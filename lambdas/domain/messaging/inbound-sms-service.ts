import { type Customer, hasConsent, PURPOSES } from '../customer/customer.ts';
import type { E164 } from '../customer/phone.ts';
import type { ProfileStore } from '../customer/profile-store.ts';
import { classifyInboundSms, type InboundSmsIntent, KEYWORD_REPLIES } from './inbound-sms.ts';
import type { SmsSender } from './sms.ts';

export interface InboundSms {
  /** The customer's number (`originationNumber`). */
  readonly from: E164;
  readonly body: string;
  /** `inboundMessageId`: a redelivery carries the same one. */
  readonly messageId: string;
  /** When it arrived (the SNS envelope's Timestamp). */
  readonly at: string;
}

export type InboundSmsResult = {
  readonly intent: InboundSmsIntent['kind'];
  /** The customer the number belongs to, if any. */
  readonly customerId?: string;
  /** Whether tsunagu replied (a keyword confirmation or help). */
  readonly replied: boolean;
  /** Text for a person (free text, or digits with no survey to answer): the task seam takes it. */
  readonly forAgent?: string;
};

export interface InboundSmsDeps {
  readonly profiles: Pick<ProfileStore, 'findByPhone' | 'setConsent' | 'appendInteraction'>;
  readonly sms: SmsSender;
}

/**
 * A customer's text. STOP (停止, 配信停止, UNSUBSCRIBE, …) withdraws every SMS consent and is
 * confirmed once: a repeated STOP finds nothing to withdraw and is not answered again, and no SMS
 * at all goes out until START (再開), which gives transactional SMS consent back (marketing needs a
 * fresh opt-in). HELP (ヘルプ) is answered unless the customer stopped SMS. Anything else goes on
 * the timeline for a person to read. Numbers tsunagu does not know
 * get no answer: it never texts them.
 */
export class InboundSmsService {
  constructor(private readonly deps: InboundSmsDeps) {}

  async handle(message: InboundSms): Promise<InboundSmsResult> {
    const intent = classifyInboundSms(message.body);
    const customer = await this.deps.profiles.findByPhone(message.from);
    if (!customer) return { intent: intent.kind, replied: false };
    const base = { intent: intent.kind, customerId: customer.id };
    const record = { at: message.at, source: 'sms-keyword' };

    switch (intent.kind) {
      case 'stop': {
        const granted = PURPOSES.filter((p) => hasConsent(customer, 'sms', p));
        if (granted.length === 0) return { ...base, replied: false };
        await this.deps.profiles.setConsent(customer.id, 'sms', PURPOSES, { ...record, granted: false });
        return { ...base, replied: await this.reply(customer, message.from, 'stop') };
      }
      case 'start': {
        if (hasConsent(customer, 'sms', 'transactional')) return { ...base, replied: false };
        await this.deps.profiles.setConsent(customer.id, 'sms', 'transactional', {
          ...record,
          granted: true,
        });
        return { ...base, replied: await this.reply(customer, message.from, 'start') };
      }
      case 'help':
        // After STOP, nothing: not even help (it is on the phone and chat).
        if (customer.consent.sms?.transactional?.granted === false) return { ...base, replied: false };
        return { ...base, replied: await this.reply(customer, message.from, 'help') };
      default: {
        const text = intent.kind === 'text' ? intent.text : intent.digits;
        await this.deps.profiles.appendInteraction({
          id: `sms:${message.messageId}`,
          customerId: customer.id,
          at: message.at,
          channel: 'sms',
          direction: 'inbound',
          topic: intent.kind === 'digits' ? 'sms-digits' : 'sms',
          summary: text.slice(0, 1000),
          status: 'received',
        });
        return { ...base, replied: false, forAgent: text };
      }
    }
  }

  /** Keyword replies are the one SMS sent without consent: the law requires them. */
  private async reply(customer: Customer, to: E164, keyword: 'stop' | 'start' | 'help'): Promise<boolean> {
    const result = await this.deps.sms.send({
      to,
      body: KEYWORD_REPLIES[customer.language][keyword],
      purpose: 'transactional',
      customerId: customer.id,
    });
    return result.sent;
  }
}
