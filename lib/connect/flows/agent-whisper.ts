import { FlowBuilder } from '../../flow-language/builder.ts';
import type { FlowDocument } from '../../flow-language/model.ts';
import { attribute } from './contact-attributes.ts';

const TEXT = {
  ja: {
    known: `${attribute('greetingName')} 様、 ${attribute('tier')} のお客様です。ご用件は ${attribute('topicLabel')} 。`,
    history: `前回は ${attribute('lastChannel')} で ${attribute('lastTopic')} のお問い合わせでした。`,
    noHistory: 'これまでのお問い合わせはありません。',
    unknown: `登録のないお客様です。ご用件は ${attribute('topicLabel')} 。`,
  },
  en: {
    known: `${attribute('greetingName')}, a ${attribute('tier')} customer, about ${attribute('topicLabel')}.`,
    history: `Last contact: ${attribute('lastTopic')} by ${attribute('lastChannel')}.`,
    noHistory: 'No earlier contact.',
    unknown: `A caller we do not know, about ${attribute('topicLabel')}.`,
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
    const history = b.checkAttribute(`${lang}-history`, attribute('lastChannel'));
    for (const channel of CHANNELS) history.when(channel, say(`${lang}-last-${channel}`, t.history));
    history.onNoMatch(say(`${lang}-no-history`, t.noHistory));
    const known = b.playPrompt(`${lang}-known-caller`, { text: t.known }).next(history).onError(history);
    return b
      .checkAttribute(`${lang}-known`, attribute('known'))
      .when('true', known)
      .onNoMatch(say(`${lang}-unknown-caller`, t.unknown));
  };
  const ja = perLanguage('ja');
  const en = perLanguage('en');
  b.start(b.checkAttribute('language', attribute('language')).when('en', en).onNoMatch(ja));
  return b.build();
}
