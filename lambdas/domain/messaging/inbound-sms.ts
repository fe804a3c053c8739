import type { Language } from '../customer/customer.ts';

/** What a customer's text means to tsunagu. */
export type InboundSmsIntent =
  | { readonly kind: 'stop' }
  | { readonly kind: 'start' }
  | { readonly kind: 'help' }
  /** One or two digits: an answer to an open survey question, if there is one. */
  | { readonly kind: 'digits'; readonly digits: string }
  | { readonly kind: 'text'; readonly text: string };

// Opt-out words carriers and law require (US/EU lists) and their Japanese equivalents; matched on
// the whole message, after width and case are folded, so "ｓｔｏｐ" and "停止。" count too.
const STOP = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'ARRET',
  'CANCEL',
  'END',
  'OPT-OUT',
  'OPTOUT',
  'QUIT',
  'REMOVE',
  'TD',
  '停止',
  '配信停止',
  'ストップ',
  '解除',
];
const START = ['START', 'UNSTOP', 'YES', '再開', '配信再開'];
const HELP = ['HELP', 'INFO', 'ヘルプ', '助けて'];

/** Full-width letters and digits to ASCII, upper case, trailing punctuation and spaces off. */
export function normalizeSms(body: string): string {
  return body
    .normalize('NFKC')
    .trim()
    .replace(/[\s。．.!！?？、,]+$/u, '')
    .toUpperCase();
}

export function classifyInboundSms(body: string): InboundSmsIntent {
  const word = normalizeSms(body);
  if (STOP.includes(word)) return { kind: 'stop' };
  if (START.includes(word)) return { kind: 'start' };
  if (HELP.includes(word)) return { kind: 'help' };
  if (/^\d{1,2}$/.test(word)) return { kind: 'digits', digits: word };
  return { kind: 'text', text: body.trim() };
}

/** The replies tsunagu sends to keywords, short enough for one SMS segment. */
export const KEYWORD_REPLIES: Readonly<Record<Language, Record<'stop' | 'start' | 'help', string>>> = {
  ja: {
    stop: '配信を停止しました。今後SMSはお送りしません。再開は「再開」と返信してください。',
    start: 'SMSの配信を再開しました。停止は「停止」と返信してください。',
    help: 'お問い合わせはお電話またはチャットでどうぞ。配信停止は「停止」と返信してください。',
  },
  en: {
    stop: 'You are unsubscribed and will get no more texts. Reply START to resubscribe.',
    start: 'You are subscribed to texts again. Reply STOP to unsubscribe.',
    help: 'For help, call us or chat with us. Reply STOP to unsubscribe.',
  },
};
