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
  /** Digits that answered an open survey question. */
  readonly surveyAnswered?: true;
  /** The same message was handled before (a redelivery): nothing was done or sent again. */
  readonly duplicate?: true;
};

/**
 * The survey seam: digits a customer texts may answer the survey question tsunagu last sent them.
 * `no-open-survey` sends them on to a person, like any other text.
 */
export interface SmsSurveyAnswers {
  answer(
    customer: Customer,
    answer: { readonly digits: string; readonly messageId: string; readonly at: string },
  ): Promise<'answered' | 'no-open-survey'>;
}

/** Until surveys are sent by SMS, no question is ever open: digits go to a person. */
export const NO_SMS_SURVEYS: SmsSurveyAnswers = { answer: async () => 'no-open-survey' };

export interface InboundSmsDeps {
  readonly profiles: Pick<ProfileStore, 'findByPhone' | 'setConsent' | 'appendInteraction'>;
  readonly sms: SmsSender;
  readonly surveys?: SmsSurveyAnswers;
}

/**
 * A customer's text. STOP (停止, 配信停止, UNSUBSCRIBE, …) withdraws every SMS consent and is
 * confirmed once: a repeated STOP finds nothing to withdraw and is not answered again, and no SMS
 * at all goes out until START (再開), which gives transactional SMS consent back (marketing needs a
 * fresh opt-in). HELP (ヘルプ) is answered unless the customer stopped SMS. Digits may answer an
 * open survey question (the survey seam); anything else is for a person. Numbers tsunagu does not
 * know get no answer: it never texts them.
 *
 * Every text of a known customer goes on the timeline under its message id, before any reply: a
 * redelivered message (SNS and Lambda retry) finds it there and is not answered again; a consent
 * change is still made, since it is idempotent.
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
        if (granted.length > 0) {
          await this.deps.profiles.setConsent(customer.id, 'sms', PURPOSES, { ...record, granted: false });
        }
        return this.claimThenReply(customer, message, intent, granted.length > 0 ? 'stop' : undefined);
      }
      case 'start': {
        const restore = !hasConsent(customer, 'sms', 'transactional');
        if (restore) {
          await this.deps.profiles.setConsent(customer.id, 'sms', 'transactional', {
            ...record,
            granted: true,
          });
        }
        return this.claimThenReply(customer, message, intent, restore ? 'start' : undefined);
      }
      case 'help': {
        // After STOP, nothing: not even help (it is on the phone and chat).
        const stopped = customer.consent.sms?.transactional?.granted === false;
        return this.claimThenReply(customer, message, intent, stopped ? undefined : 'help');
      }
      case 'digits': {
        const { duplicate } = await this.record(customer, message, intent);
        if (duplicate) return { ...base, replied: false, duplicate: true };
        const surveys = this.deps.surveys ?? NO_SMS_SURVEYS;
        const answered = await surveys.answer(customer, {
          digits: intent.digits,
          messageId: message.messageId,
          at: message.at,
        });
        if (answered === 'answered') return { ...base, replied: false, surveyAnswered: true };
        return { ...base, replied: false, forAgent: intent.digits };
      }
      default: {
        // A redelivered text still reaches the task seam: the task's client token is the message id.
        await this.record(customer, message, intent);
        return { ...base, replied: false, forAgent: intent.text };
      }
    }
  }

  /** Records the text, then sends the reply only if this is the first time the message is seen. */
  private async claimThenReply(
    customer: Customer,
    message: InboundSms,
    intent: InboundSmsIntent,
    reply: 'stop' | 'start' | 'help' | undefined,
  ): Promise<InboundSmsResult> {
    const base = { intent: intent.kind, customerId: customer.id };
    const { duplicate } = await this.record(customer, message, intent);
    if (duplicate) return { ...base, replied: false, duplicate: true };
    return { ...base, replied: reply ? await this.reply(customer, message.from, reply) : false };
  }

  private record(customer: Customer, message: InboundSms, intent: InboundSmsIntent) {
    const keyword = intent.kind === 'stop' || intent.kind === 'start' || intent.kind === 'help';
    return this.deps.profiles.appendInteraction({
      id: `sms:${message.messageId}`,
      customerId: customer.id,
      at: message.at,
      channel: 'sms',
      direction: 'inbound',
      topic: keyword ? `sms-${intent.kind}` : intent.kind === 'digits' ? 'sms-digits' : 'sms',
      summary: message.body.trim().slice(0, 1000),
      status: 'received',
    });
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
