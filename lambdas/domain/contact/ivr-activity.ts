import type { Language } from '../customer/customer.ts';
import { isE164 } from '../customer/phone.ts';
import type { ProfileStore } from '../customer/profile-store.ts';
import type { Interaction } from '../customer/timeline.ts';
import { CustomerNotFoundError } from '../errors.ts';
import type { SmsSender } from '../messaging/sms.ts';

/**
 * What the IVR records on the caller's timeline: the menu choice that routed the call, a callback
 * request, the switch to chat by SMS link, or a call that came after hours.
 */
export const IVR_ACTIVITIES = ['menu', 'callback', 'chat-link', 'after-hours'] as const;
export type IvrActivityKind = (typeof IVR_ACTIVITIES)[number];

export interface IvrActivity {
  readonly kind: IvrActivityKind;
  readonly contactId: string;
  readonly customerId: string;
  readonly at: Date;
  readonly language: Language;
  /** What the call is about: the menu choice or notice topic (`billing`, `delivery-delayed`). */
  readonly topic?: string;
  /** The queue's name (`billing`) for routed calls and callbacks. */
  readonly queue?: string;
}

const SUMMARIES: Record<Language, Record<IvrActivityKind, (a: IvrActivity) => string>> = {
  ja: {
    menu: (a) => `IVR: ${a.topic ?? 'general'} を選択（${a.queue ?? 'general'} キュー）`,
    callback: (a) => `コールバック予約（${a.queue ?? 'general'} キュー）`,
    'chat-link': () => 'チャットのリンクを SMS でご案内',
    'after-hours': () => '営業時間外のお電話',
  },
  en: {
    menu: (a) => `IVR: chose ${a.topic ?? 'general'} (${a.queue ?? 'general'} queue)`,
    callback: (a) => `Callback requested (${a.queue ?? 'general'} queue)`,
    'chat-link': () => 'Switched to chat: link requested by SMS',
    'after-hours': () => 'Called after hours',
  },
};

const STATUS: Record<IvrActivityKind, (a: IvrActivity) => string> = {
  menu: () => 'routed',
  callback: () => 'callback-requested',
  // The SMS itself is the SMS channel's record; this is the caller's switch to chat.
  'chat-link': () => 'requested',
  'after-hours': () => 'after-hours',
};

/**
 * The timeline entry for an IVR activity. Its id is the contact id and the kind, so Connect
 * retrying the Lambda (it does, within 8 s) records it once; a chat link is an outbound SMS.
 */
export function activityInteraction(a: IvrActivity): Interaction {
  const sms = a.kind === 'chat-link';
  return {
    id: `${a.contactId}:${a.kind}`,
    customerId: a.customerId,
    at: a.at.toISOString(),
    channel: sms ? 'sms' : 'voice',
    direction: sms ? 'outbound' : 'inbound',
    contactId: a.contactId,
    ...(a.queue ? { queue: a.queue } : {}),
    topic: sms ? 'chat-link' : (a.topic ?? a.kind),
    summary: SUMMARIES[a.language][a.kind](a),
    status: STATUS[a.kind](a),
  };
}

/**
 * The text with the chat link: one SMS segment in Japanese (UCS-2, 70 characters) for a link of up
 * to 60 characters (the stage config's limit). The chat knows the customer by their identity,
 * not by anything in the link.
 */
export function chatLinkMessage(language: Language, url: string): string {
  return language === 'ja' ? `チャットはこちら: ${url}` : `Chat with us: ${url}`;
}

/** What the IVR asks to record; the customer is known only when the lookup found them. */
export interface IvrActivityRequest extends Omit<IvrActivity, 'customerId'> {
  readonly customerId?: string;
  /** The number that is calling, E.164, when the contact is a phone call. */
  readonly callerNumber?: string;
}

/** What happened, as the flow reads it back (`$.External.recorded`, `.sent`, `.reason`). */
export interface IvrActivityOutcome {
  readonly recorded: 'true' | 'duplicate' | 'false';
  /** Only for a chat link: whether the customer has it (or an earlier invocation sent it). */
  readonly sent?: 'true' | 'false';
  readonly reason?: string;
  /** Why recording failed, for the log; never part of the reply. */
  readonly recordError?: unknown;
  /** Why sending the chat link failed, for the log; never part of the reply. */
  readonly sendError?: unknown;
}

/** The keys of the ivr-activity Lambda's reply, as a flow reads them (`$.External.sent`). */
export type IvrActivityReplyKey = Exclude<keyof IvrActivityOutcome, 'recordError' | 'sendError'>;

export interface IvrActivitiesDeps {
  readonly profiles: Pick<ProfileStore, 'appendInteraction'>;
  readonly sms: SmsSender;
  /** Where the chat lives; without it, no chat link is sent (`not-configured`). */
  readonly chatLinkUrl?: string;
}

/**
 * What the caller did in the IVR, onto their timeline, and the chat link by SMS. Fail soft: the
 * outcome says what happened, and nothing is thrown, so the caller goes on whatever fails.
 *
 * The chat link goes to known customers only, at the number that is calling (which is theirs:
 * that is how they were found), never to a number the flow or the caller chooses. It is recorded
 * before it is sent: Connect retries a slow invocation, and the record (idempotent by contact id)
 * decides that only the first invocation sends.
 */
export class IvrActivities {
  constructor(private readonly deps: IvrActivitiesDeps) {}

  async record(request: IvrActivityRequest): Promise<IvrActivityOutcome> {
    const { customerId, callerNumber, ...activity } = request;
    const chatLink = activity.kind === 'chat-link';
    if (!customerId) {
      return { recorded: 'false', reason: 'unknown-customer', ...(chatLink ? { sent: 'false' } : {}) };
    }
    const recorded = await this.append({ ...activity, customerId });
    if (!chatLink) return recorded;
    // An earlier invocation for this contact claimed the send: do not text the customer twice.
    if (recorded.recorded === 'duplicate') return { ...recorded, sent: 'true' };
    if (recorded.reason === 'unknown-customer') return { ...recorded, sent: 'false' };
    return { ...recorded, ...(await this.sendChatLink(request.language, customerId, callerNumber)) };
  }

  private async append(activity: IvrActivity): Promise<IvrActivityOutcome> {
    try {
      const { duplicate } = await this.deps.profiles.appendInteraction(activityInteraction(activity));
      return { recorded: duplicate ? 'duplicate' : 'true' };
    } catch (error) {
      // A customer deleted since the lookup, or an id that was never ours: nothing to record on.
      if (error instanceof CustomerNotFoundError) return { recorded: 'false', reason: 'unknown-customer' };
      return { recorded: 'false', reason: 'error', recordError: error };
    }
  }

  private async sendChatLink(
    language: Language,
    customerId: string,
    to: string | undefined,
  ): Promise<Omit<IvrActivityOutcome, 'recorded'>> {
    if (!to || !isE164(to)) return { sent: 'false', reason: 'no-caller-number' };
    if (!this.deps.chatLinkUrl) return { sent: 'false', reason: 'not-configured' };
    try {
      const result = await this.deps.sms.send({
        to,
        body: chatLinkMessage(language, this.deps.chatLinkUrl),
        purpose: 'transactional',
        customerId,
      });
      return result.sent ? { sent: 'true' } : { sent: 'false', reason: result.reason };
    } catch (error) {
      return { sent: 'false', reason: 'error', sendError: error };
    }
  }
}
