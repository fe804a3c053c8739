import type { Language } from '../customer/customer.ts';
import type { Interaction } from '../customer/timeline.ts';

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
