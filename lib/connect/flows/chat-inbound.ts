import { FlowBuilder } from '../../flow-language/builder.ts';
import type { FlowDocument } from '../../flow-language/model.ts';
import { attribute } from './contact-attributes.ts';
import { type FlowRefs, sayHours } from './refs.ts';

const TEXT = {
  ja: {
    known: `${attribute('honorificName')} 、チャットでのお問い合わせありがとうございます。担当者におつなぎします。`,
    unknown: 'チャットでのお問い合わせありがとうございます。担当者におつなぎします。',
    busy: '申し訳ございません。ただいま混み合っております。しばらくしてからもう一度お試しください。',
    closed: '申し訳ございません。ただいま営業時間外です。営業時間は{hours}です。',
  },
  en: {
    known: `Hello ${attribute('honorificName')}, thank you for contacting us. Connecting you to an agent.`,
    unknown: 'Thank you for contacting us. Connecting you to an agent.',
    busy: 'We are sorry, all our agents are busy. Please try again later.',
    closed: 'We are sorry, we are closed now. Our hours are {hours}.',
  },
} as const;

/**
 * The chat inbound flow. The chat start endpoint puts the customer's context in the contact's
 * attributes (customer id, name, language, tier, last interactions); the flow greets by name in
 * the customer's language, sets the whisper flow so the agent sees the context, and queues.
 */
export function chatInboundFlow(refs: Pick<FlowRefs, 'queues' | 'flows' | 'hours'>): FlowDocument {
  const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'chat-inbound', channels: ['CHAT'] });
  const end = b.disconnect('end');

  const perLanguage = (lang: 'ja' | 'en') => {
    const t = TEXT[lang];
    const id = (name: string) => `${lang}-${name}`;
    const busy = b.playPrompt(id('busy'), { text: t.busy }).next(end).onError(end);
    const transfer = b.transferToQueue(id('transfer')).onAtCapacity(busy).onError(busy);
    // Nobody answers a chat after hours: say when to come back instead of queueing it.
    const closed = b
      .playPrompt(id('closed'), { text: t.closed.replace('{hours}', sayHours(lang, refs.hours)) })
      .next(end)
      .onError(end);
    const hours = b.checkHours(id('hours')).onOpen(transfer).onClosed(closed).onError(transfer);
    const queue = b.setQueue(id('queue'), { queueId: refs.queues.general }).next(hours).onError(busy);
    const whisper = b
      .setEventHook(id('hook-whisper'), 'AgentWhisper', refs.flows.agentWhisper)
      .next(queue)
      .onError(queue);
    const topic = b
      .setAttributes(id('topic'), { topic: 'chat', topicLabel: lang === 'ja' ? 'チャット' : 'a chat' })
      .next(whisper)
      .onError(whisper);
    const greet = b
      .checkAttribute(id('known'), attribute('known'))
      .when('true', b.playPrompt(id('greet-known'), { text: t.known }).next(topic).onError(topic))
      .onNoMatch(b.playPrompt(id('greet-unknown'), { text: t.unknown }).next(topic).onError(topic));
    return b
      .setContactData(id('language'), { languageCode: lang === 'ja' ? 'ja-JP' : 'en-US' })
      .next(greet)
      .onError(greet);
  };
  const ja = perLanguage('ja');
  const en = perLanguage('en');
  const language = b.checkAttribute('language', attribute('language')).when('en', en).onNoMatch(ja);
  b.start(b.setLogging('logging', 'Enabled').next(language));
  return b.build();
}
