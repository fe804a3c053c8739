import { LANGUAGES } from '../../../lambdas/domain/customer/customer.ts';
import { FlowBuilder } from '../../flow-language/builder.ts';
import type { FlowDocument } from '../../flow-language/model.ts';
import { bookCallback, type Lang, languageBlocks } from './blocks.ts';
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
 * The customer queue flow: what a caller hears while waiting, round again until an agent
 * answers. Their position in the queue, the offer of a callback (1: the call is replaced by a
 * callback to the calling number, recorded on the timeline), then a hold message.
 */
export function customerQueueFlow(refs: FlowRefs): FlowDocument {
  const b = new FlowBuilder({ type: 'CUSTOMER_QUEUE', name: 'customer-queue', channels: ['VOICE'] });
  b.start(
    b.checkAttribute('language', attribute('language')).when('en', 'en-metrics').otherwise('ja-metrics'),
  );
  for (const lang of LANGUAGES) waitingRound(b, refs, lang);
  b.disconnect('end');
  return b.build();
}

/** One round of the wait in one language, from `${lang}-metrics` back to it. */
function waitingRound(b: FlowBuilder, refs: FlowRefs, lang: Lang): void {
  const t = TEXT[lang];
  const { id, say } = languageBlocks(b, lang);

  // The position in the queue ($.Metrics.Queue.Size); without the metrics, straight to the offer.
  b.action(id('metrics'), 'GetMetricData', {})
    .next(id('position'))
    .onErrorType('NoMatchingError', id('offer'));
  say('position', t.position, id('offer'));

  // The offer of a callback to the number that is calling; no answer: the hold message.
  b.getInput(id('offer'), { text: t.offer, timeoutSeconds: 10 })
    .when(
      '1',
      bookCallback(b, {
        prefix: id('callback'),
        functionArn: refs.functions.ivrActivity,
        lang,
        initialDelaySeconds: 5,
        retryDelaySeconds: 600,
        maxAttempts: 2,
        booked: say('booked', t.booked, 'end'),
        cannotCallBack: say('cannot', t.cannot, id('hold')),
        onError: id('hold'),
      }),
    )
    .otherwise(id('hold'));

  // Hold, then round again.
  say('hold', t.hold, id('metrics'));
}
