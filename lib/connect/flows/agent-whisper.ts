import { FlowBuilder } from '../../flow-language/builder.ts';
import type { FlowDocument } from '../../flow-language/model.ts';

const TEXT = {
  ja: {
    known:
      '$.Attributes.greetingName 様、 $.Attributes.tier のお客様です。ご用件は $.Attributes.topicLabel 。',
    history: '前回は $.Attributes.lastChannel で $.Attributes.lastTopic のお問い合わせでした。',
    noHistory: 'これまでのお問い合わせはありません。',
    unknown: '登録のないお客様です。ご用件は $.Attributes.topicLabel 。',
  },
  en: {
    known: '$.Attributes.greetingName, a $.Attributes.tier customer, about $.Attributes.topicLabel.',
    history: 'Last contact: $.Attributes.lastTopic by $.Attributes.lastChannel.',
    noHistory: 'No earlier contact.',
    unknown: 'A caller we do not know, about $.Attributes.topicLabel.',
  },
} as const;

/** Channels an interaction can have: a customer with one of these as the last channel has history. */
const CHANNELS = ['voice', 'sms', 'email', 'chat', 'task'] as const;

/**
 * The agent whisper flow: before the caller is connected, the agent hears who is calling and the
 * context (tier, what the call is about, the last channel and topic when there is one), in the
 * caller's language.
 */
export function agentWhisperFlow(): FlowDocument {
  const b = new FlowBuilder({ type: 'AGENT_WHISPER', name: 'agent-whisper', channels: ['VOICE', 'CHAT'] });
  const end = b.endFlow('end');
  const say = (name: string, text: string) => b.playPrompt(name, { text }).next(end).onError(end);
  const perLanguage = (lang: 'ja' | 'en') => {
    const t = TEXT[lang];
    const history = b.checkAttribute(`${lang}-history`, '$.Attributes.lastChannel');
    for (const channel of CHANNELS) history.when(channel, say(`${lang}-last-${channel}`, t.history));
    history.onNoMatch(say(`${lang}-no-history`, t.noHistory));
    const known = b.playPrompt(`${lang}-known-caller`, { text: t.known }).next(history).onError(history);
    return b
      .checkAttribute(`${lang}-known`, '$.Attributes.known')
      .when('true', known)
      .onNoMatch(say(`${lang}-unknown-caller`, t.unknown));
  };
  const ja = perLanguage('ja');
  const en = perLanguage('en');
  b.start(b.checkAttribute('language', '$.Attributes.language').when('en', en).onNoMatch(ja));
  return b.build();
}
