import { FlowBuilder } from '../../flow-language/builder.ts';
import type { FlowDocument } from '../../flow-language/model.ts';

const TEXT = {
  ja: {
    known:
      '$.Attributes.greetingName 様、 $.Attributes.tier のお客様です。ご用件は $.Attributes.topic 。前回は $.Attributes.lastChannel で $.Attributes.lastTopic のお問い合わせでした。',
    unknown: '登録のないお客様です。ご用件は $.Attributes.topic です。',
  },
  en: {
    known:
      '$.Attributes.greetingName, a $.Attributes.tier customer, about $.Attributes.topic. Last contact: $.Attributes.lastTopic by $.Attributes.lastChannel.',
    unknown: 'A caller we do not know, about $.Attributes.topic.',
  },
} as const;

/**
 * The agent whisper flow: before the caller is connected, the agent hears who is calling and the
 * context (tier, what the call is about, the last channel and topic), in the caller's language.
 */
export function agentWhisperFlow(): FlowDocument {
  const b = new FlowBuilder({ type: 'AGENT_WHISPER', name: 'agent-whisper', channels: ['VOICE', 'CHAT'] });
  const end = b.endFlow('end');
  const say = (name: string, text: string) => b.playPrompt(name, { text }).next(end).onError(end);
  const perLanguage = (lang: 'ja' | 'en') =>
    b
      .checkAttribute(`${lang}-known`, '$.Attributes.known')
      .when('true', say(`${lang}-known-caller`, TEXT[lang].known))
      .onNoMatch(say(`${lang}-unknown-caller`, TEXT[lang].unknown));
  const ja = perLanguage('ja');
  const en = perLanguage('en');
  b.start(b.checkAttribute('language', '$.Attributes.language').when('en', en).onNoMatch(ja));
  return b.build();
}
