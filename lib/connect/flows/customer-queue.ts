import { FlowBuilder } from '../../flow-language/builder.ts';
import type { FlowDocument } from '../../flow-language/model.ts';
import { bookCallback } from './blocks.ts';
import { attribute } from './contact-attributes.ts';
import type { FlowRefs } from './refs.ts';

const TEXT = {
  ja: {
    position: 'お待ちいただいているお客様は、あなたを含めて $.Metrics.Queue.Size 名です。',
    offer: '折り返しのお電話をご希望の場合は1を押してください。このままお待ちいただくこともできます。',
    booked: 'かしこまりました。順番が来ましたら、おかけいただいた番号にお電話いたします。',
    cannot: '申し訳ございません。この番号にはおかけ直しできません。',
    hold: 'ただいま担当者が他のお客様と通話中です。順番におつなぎしますので、そのままお待ちください。',
  },
  en: {
    position: 'There are $.Metrics.Queue.Size callers waiting, including you.',
    offer: 'To get a call back instead of waiting, press 1. Or stay on the line.',
    booked: 'Thank you. We will call you back on this number when it is your turn.',
    cannot: 'We are sorry, we cannot call this number back.',
    hold: 'All our agents are busy. Please stay on the line and we will be with you shortly.',
  },
} as const;

/**
 * The customer queue flow: what a caller hears while waiting. Their position in the queue, the
 * offer of a callback (1: the call is replaced by a callback to the calling number, recorded on
 * the timeline), then a hold message, round again until an agent answers.
 */
export function customerQueueFlow(refs: FlowRefs): FlowDocument {
  const b = new FlowBuilder({ type: 'CUSTOMER_QUEUE', name: 'customer-queue', channels: ['VOICE'] });
  const end = b.disconnect('end');

  const perLanguage = (lang: 'ja' | 'en') => {
    const t = TEXT[lang];
    const id = (name: string) => `${lang}-${name}`;
    const metrics = b.action(id('metrics'), 'GetMetricData', {});
    const hold = b.playPrompt(id('hold'), { text: t.hold }).next(metrics).onError(metrics);
    const booked = b.playPrompt(id('booked'), { text: t.booked }).next(end).onError(end);
    const number = bookCallback(b, {
      prefix: id('callback'),
      functionArn: refs.functions.ivrActivity,
      lang,
      initialDelaySeconds: 5,
      retryDelaySeconds: 600,
      maxAttempts: 2,
      booked,
      cannotCallBack: b.playPrompt(id('cannot'), { text: t.cannot }).next(hold).onError(hold),
      onError: hold,
    });
    const offer = b
      .getInput(id('offer'), { text: t.offer, timeoutSeconds: 10 })
      .when('1', number)
      .onTimeout(hold)
      .onNoMatch(hold)
      .onError(hold);
    const position = b.playPrompt(id('position'), { text: t.position }).next(offer).onError(offer);
    metrics.next(position);
    metrics.onErrorType('NoMatchingError', offer);
    return metrics;
  };
  const ja = perLanguage('ja');
  const en = perLanguage('en');
  b.start(b.checkAttribute('language', attribute('language')).when('en', en).onNoMatch(ja));
  return b.build();
}
