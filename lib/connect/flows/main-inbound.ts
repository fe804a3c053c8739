import type { IvrActivityKind } from '../../../lambdas/domain/contact/ivr-activity.ts';
import { LANGUAGES } from '../../../lambdas/domain/customer/customer.ts';
import { FlowBuilder, type Target } from '../../flow-language/builder.ts';
import type { FlowDocument } from '../../flow-language/model.ts';
import { bookCallback, type Lang, languageBlocks, recordActivity } from './blocks.ts';
import { activityReply, attribute, CONTEXT_ATTRIBUTES, contextReply } from './contact-attributes.ts';
import { type FlowRefs, sayHours, tierPriorities } from './refs.ts';

// Prompts. A reference inside Japanese text is followed by a space: a JSONPath ends at the first
// character that cannot be part of a key, and the space makes that unambiguous for every reader.
const TEXT = {
  ja: {
    greetKnown: `${attribute('honorificName')} 、お電話ありがとうございます。`,
    greetUnknown: 'お電話ありがとうございます。',
    shortcut: `${attribute('recentNoticeSummary')} についてのお問い合わせでしたら1を、その他のご用件は2を押してください。`,
    menu: 'ご注文の状況は1を、ご請求については2を、技術的なお問い合わせは3を、オペレーターは0を押してください。',
    orderStatus: `ご注文の最新の状況をお知らせします。 ${attribute('orderStatus')} 。担当者とお話しになる場合は1を、終了する場合は2を押してください。`,
    noOrderStatus: '最近のご注文の情報が見つかりませんでした。担当者におつなぎします。',
    longWait:
      'ただいま大変混み合っております。折り返しのお電話をご希望の場合は1を、このままお待ちいただく場合は2を押してください。',
    callbackBooked: 'かしこまりました。順番が来ましたら、おかけいただいた番号にお電話いたします。',
    cannotCallBack: '申し訳ございません。この番号にはおかけ直しできません。このままお待ちください。',
    queued: 'ただいま担当者におつなぎします。しばらくお待ちください。',
    closed: '本日の受付は終了いたしました。営業時間は{hours}です。',
    afterHoursMenu:
      'チャットのご案内をSMSでお送りする場合は1を、翌営業日の折り返しをご希望の場合は2を押してください。',
    linkSent: 'チャットのご案内をSMSでお送りしました。',
    linkFailed: '申し訳ございません。SMSをお送りできませんでした。営業時間内におかけ直しください。',
    afterHoursCallbackOnly: '翌営業日の折り返しをご希望の場合は2を押してください。',
    callbackFailed:
      '申し訳ございません。折り返しのご予約ができませんでした。営業時間内におかけ直しください。',
    nextDayCallback: 'かしこまりました。翌営業日に、おかけいただいた番号にお電話いたします。',
    sorry: '申し訳ございません。担当者におつなぎします。',
    busy: '申し訳ございません。ただいまお電話が大変混み合っております。しばらくしてからおかけ直しください。',
    topicLabels: {
      'order-status': 'ご注文の状況',
      billing: 'ご請求',
      'technical-support': '技術的なお問い合わせ',
      agent: 'オペレーター',
      general: 'その他',
      notice: attribute('recentNoticeSummary'),
    },
    bye: 'お電話ありがとうございました。',
  },
  en: {
    greetKnown: `Hello ${attribute('honorificName')}, thank you for calling.`,
    greetUnknown: 'Thank you for calling.',
    shortcut: `If you are calling about ${attribute('recentNoticeSummary')}, press 1. For anything else, press 2.`,
    menu: 'For order status, press 1. For billing, press 2. For technical support, press 3. To speak to an agent, press 0.',
    orderStatus: `Here is the latest on your order: ${attribute('orderStatus')}. To speak to an agent, press 1. To end the call, press 2.`,
    noOrderStatus: 'We could not find a recent order. Let us connect you to an agent.',
    longWait:
      'We are very busy right now. To get a call back instead of waiting, press 1. To keep holding, press 2.',
    callbackBooked: 'Thank you. We will call you back on this number when it is your turn.',
    cannotCallBack: 'We are sorry, we cannot call this number back. Please stay on the line.',
    queued: 'Connecting you to an agent. Please hold.',
    closed: 'We are closed now. Our hours are {hours}.',
    afterHoursMenu:
      'To get a link to chat with us by text message, press 1. To get a call back on the next business day, press 2.',
    linkSent: 'We have sent you a text message with the link.',
    linkFailed: 'We are sorry, we could not send the text message. Please call us during business hours.',
    afterHoursCallbackOnly: 'To get a call back on the next business day, press 2.',
    callbackFailed: 'We are sorry, we could not book a call back. Please call us during business hours.',
    nextDayCallback: 'Thank you. We will call you back on this number on the next business day.',
    sorry: 'We are sorry. Let us connect you to an agent.',
    busy: 'We are sorry, all our lines are busy. Please call again later.',
    topicLabels: {
      'order-status': 'order status',
      billing: 'billing',
      'technical-support': 'technical support',
      agent: 'a request for an agent',
      general: 'no menu choice',
      notice: attribute('recentNoticeSummary'),
    },
    bye: 'Thank you for calling.',
  },
} as const;

/** Topics of recent notices the IVR offers a shortcut for (a delayed delivery, a shipped order). */
const SHORTCUT_TOPICS = ['delivery', 'order'] as const;
const DEFAULT_CALLBACK_OFFER_SECONDS = 300;
const DEFAULT_CALLBACK_OFFER_CONTACTS = 10;

/**
 * The main inbound IVR, in the order a caller meets it. Who is calling (the customer-context
 * Lambda; fail open: a failed lookup makes an unknown caller), their language or a bilingual
 * menu, a greeting by name, the hours check, then:
 * - a notice of the last 48 hours (delivery delayed): "calling about that? press 1", a shortcut;
 * - the main menu: 1 order status (self-service, then an agent), 2 billing, 3 technical support,
 *   0 an agent;
 * - routing: the choice is recorded on the timeline; a long wait offers a callback to the calling
 *   number; otherwise routing priority by tier, the queue, whisper and (for customers who agreed
 *   and were not asked in 14 days) survey flows, and the transfer;
 * - after hours: a chat link by SMS or a callback on the next business day, then goodbye.
 * Every error branch ends in an apology and the general queue, or a goodbye.
 */
export function mainInboundFlow(refs: FlowRefs): FlowDocument {
  const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'main-inbound', channels: ['VOICE'] });
  const askLanguage = 'language-menu-ja-voice';
  b.start(b.setLogging('logging', 'Enabled').next('customer-context'));

  // Who is calling. Fail open: if the lookup fails, the caller goes on as an unknown caller.
  b.invokeLambda('customer-context', { functionArn: refs.functions.customerContext, timeoutSeconds: 3 })
    .next('context')
    .onError(askLanguage);
  b.setAttributes('context', Object.fromEntries(CONTEXT_ATTRIBUTES.map((key) => [key, contextReply(key)])))
    .next('known-caller')
    .onError(askLanguage);

  // The language: a known caller's own, else a menu with each half in its own voice (an English
  // voice cannot read Japanese).
  b.checkAttribute('known-caller', attribute('known')).when('true', 'known-language').otherwise(askLanguage);
  b.checkAttribute('known-language', attribute('language'))
    .when('ja', 'ja-language')
    .when('en', 'en-language')
    .otherwise(askLanguage);
  b.setVoice(askLanguage, { voice: 'Kazuha', engine: 'neural' }).continueTo('language-menu-ja');
  b.playPrompt('language-menu-ja', { text: '日本語をご希望の方は1を押してください。' }).continueTo(
    'language-menu-en-voice',
  );
  b.setVoice('language-menu-en-voice', { voice: 'Joanna', engine: 'neural' }).continueTo('language-menu');
  b.getInput('language-menu', { text: 'For English, press 2.', timeoutSeconds: 6 })
    .when('1', 'ja-language')
    .when('2', 'en-language')
    .otherwise('ja-language');

  for (const lang of LANGUAGES) restOfCall(b, refs, lang);
  b.disconnect('end');
  return b.build();
}

/** The rest of the call in one language, from `${lang}-language` on; every block named `${lang}-…`. */
function restOfCall(b: FlowBuilder, refs: FlowRefs, lang: Lang): void {
  const t = TEXT[lang];
  const { id, say } = languageBlocks(b, lang);
  const activity = (name: string, kind: IvrActivityKind, next: Target, topic?: string) =>
    recordActivity(b, id(name), {
      functionArn: refs.functions.ivrActivity,
      kind,
      lang,
      next,
      ...(topic ? { topic } : {}),
    });
  /** Sets what the call is about (a key, and a label the agent hears) and its queue, then routes it. */
  const routeTo = (
    name: string,
    topic: keyof typeof t.topicLabels,
    queueId: string,
    topicKey: string = topic,
  ): string => {
    b.setAttributes(id(`topic-${name}`), { topic: topicKey, topicLabel: t.topicLabels[topic] })
      .next(id(`queue-${name}`))
      .onError(id('sorry'));
    b.setQueue(id(`queue-${name}`), { queueId })
      .next(id('record-choice'))
      .onError(id('sorry'));
    return id(`topic-${name}`);
  };

  // The language of every prompt; the queue, whisper and survey flows speak the one the attribute
  // names. Working queue first, so the hours check has the general queue's hours to go by.
  b.setContactData(id('language'), { languageCode: lang === 'ja' ? 'ja-JP' : 'en-US' }).continueTo(
    id('language-attribute'),
  );
  b.setAttributes(id('language-attribute'), { language: lang }).continueTo(id('voice'));
  b.setVoice(
    id('voice'),
    lang === 'ja' ? { voice: 'Kazuha', engine: 'neural' } : { voice: 'Joanna', engine: 'neural' },
  ).continueTo(id('working-queue'));
  b.setQueue(id('working-queue'), { queueId: refs.queues.general }).continueTo(id('known'));

  // A greeting, by name for a caller we know; then the hours (when they cannot be read: open).
  b.checkAttribute(id('known'), attribute('known'))
    .when('true', say('greet-known', t.greetKnown, id('hours')))
    .otherwise(say('greet-unknown', t.greetUnknown, id('hours')));
  b.checkHours(id('hours')).onOpen(id('recent-notice')).onClosed(id('closed')).onError(id('recent-notice'));

  // A notice of the last 48 hours: "are you calling about that?"
  const noticeCheck = b.checkAttribute(id('recent-notice'), attribute('recentNoticeTopic'));
  for (const topic of SHORTCUT_TOPICS) noticeCheck.whenStartsWith(topic, id('shortcut'));
  noticeCheck.otherwise(id('menu'));
  b.getInput(id('shortcut'), { text: t.shortcut, timeoutSeconds: 6 })
    .when('1', routeTo('notice', 'notice', refs.queues.general, attribute('recentNoticeTopic')))
    .when('2', id('menu'))
    .otherwise(id('menu'));

  // The main menu. No choice made: an agent in the general queue, routed like any choice.
  const topTier = refs.tiers.length > 1 ? refs.tiers.at(-1) : undefined;
  b.getInput(id('menu'), { text: t.menu, timeoutSeconds: 8 })
    .when('1', id('has-order-status'))
    .when('2', routeTo('billing', 'billing', refs.queues.billing))
    .when('3', routeTo('technical', 'technical-support', refs.queues.technicalSupport))
    .when('0', topTier ? id('agent-tier') : routeTo('agent', 'agent', refs.queues.general))
    .otherwise(say('no-choice', t.sorry, routeTo('default', 'general', refs.queues.general)));

  // 1: order status, answered from the latest order notice; then an agent if wanted.
  const toOrders = routeTo('orders', 'order-status', refs.queues.general);
  const orderDone = id('record-order-status');
  b.checkAttribute(id('has-order-status'), attribute('hasOrderStatus'))
    .when('true', id('order-status'))
    .otherwise(say('no-order-status', t.noOrderStatus, toOrders));
  b.getInput(id('order-status'), { text: t.orderStatus, timeoutSeconds: 6 })
    .when('1', toOrders)
    .when('2', orderDone)
    .onTimeout(orderDone)
    .onNoMatch(orderDone)
    .onError(toOrders);
  activity('record-order-status', 'menu', id('bye'), 'order-status');

  // 0: an agent; the highest tier's callers go to the priority queue (the senior agents).
  if (topTier) {
    b.checkAttribute(id('agent-tier'), attribute('tier'))
      .when(topTier, routeTo('agent-priority', 'agent', refs.queues.priority))
      .otherwise(routeTo('agent', 'agent', refs.queues.general));
  }

  // Routing: the choice goes on the timeline. A long wait (the oldest caller has waited long, or
  // many are waiting) offers a callback to the number that is calling. Then routing priority by
  // tier; with one tier every caller has Connect's default, and there is nothing to check.
  const prioritized = [...tierPriorities(refs.tiers)].filter(([, priority]) => priority !== 5);
  const intoQueue = prioritized.length > 0 ? id('tier') : id('hook-queue');
  activity('record-choice', 'menu', id('wait'));
  b.checkQueueMetrics(id('wait'), { metric: 'OldestContactInQueueAgeSeconds' })
    .whenGreaterThan(refs.callbackOfferSeconds ?? DEFAULT_CALLBACK_OFFER_SECONDS, id('long-wait'))
    .onNoMatch(id('crowd'))
    .onError(intoQueue);
  b.checkQueueMetrics(id('crowd'), { metric: 'NumberOfContactsInQueue' })
    .whenGreaterThan(refs.callbackOfferContacts ?? DEFAULT_CALLBACK_OFFER_CONTACTS, id('long-wait'))
    .otherwise(intoQueue);
  const callback = bookCallback(b, {
    prefix: id('callback'),
    functionArn: refs.functions.ivrActivity,
    lang,
    initialDelaySeconds: 60,
    retryDelaySeconds: 600,
    maxAttempts: 2,
    booked: say('callback-booked', t.callbackBooked, 'end'),
    cannotCallBack: say('cannot-call-back', t.cannotCallBack, intoQueue),
    onError: id('sorry'),
  });
  b.getInput(id('long-wait'), { text: t.longWait, timeoutSeconds: 6 })
    .when('1', callback)
    .when('2', intoQueue)
    .otherwise(intoQueue);

  // Into the queue: routing priority by tier, hooks for the wait, the agent and (if eligible) the
  // survey, then the transfer.
  if (prioritized.length > 0) {
    const tierCheck = b.checkAttribute(id('tier'), attribute('tier'));
    for (const [tier, priority] of prioritized) {
      tierCheck.when(tier, b.setRoutingPriority(id(`priority-${tier}`), priority).next(id('hook-queue')));
    }
    tierCheck.otherwise(id('hook-queue'));
  }
  b.setEventHook(id('hook-queue'), 'CustomerQueue', refs.flows.customerQueue).continueTo(id('hook-whisper'));
  b.setEventHook(id('hook-whisper'), 'AgentWhisper', refs.flows.agentWhisper).continueTo(
    id('survey-eligible'),
  );
  b.checkAttribute(id('survey-eligible'), attribute('surveyEligible'))
    .when('true', id('hook-survey'))
    .otherwise(id('queued'));
  b.setEventHook(id('hook-survey'), 'CustomerRemaining', refs.flows.survey).continueTo(id('queued'));
  say('queued', t.queued, id('transfer'));
  b.transferToQueue(id('transfer')).otherwise(id('sorry'));

  // After hours: a chat link by SMS, or a callback on the next business day. The chat link goes
  // only to known customers (their own number), and only when the stage has a chat page.
  const afterHoursMenu = refs.chatLink ? id('after-hours-known') : id('after-hours-callback-menu');
  say('closed', t.closed.replace('{hours}', sayHours(lang, refs.hours)), afterHoursMenu);
  const nextDayCallback = bookCallback(b, {
    prefix: id('next-day-callback'),
    functionArn: refs.functions.ivrActivity,
    lang,
    queueId: refs.queues.general,
    initialDelaySeconds: 60,
    retryDelaySeconds: 1800,
    maxAttempts: 3,
    topic: 'callback',
    booked: say('next-day-booked', t.nextDayCallback, id('bye')),
    cannotCallBack: id('callback-failed'),
    onError: id('callback-failed'),
  });
  const afterHoursChoice = (name: string, text: string, withLink: boolean) => {
    const menu = b.getInput(id(name), { text, timeoutSeconds: 6 });
    if (withLink) menu.when('1', id('send-chat-link'));
    return menu.when('2', nextDayCallback).otherwise(id('record-after-hours'));
  };
  if (refs.chatLink) {
    b.checkAttribute(id('after-hours-known'), attribute('known'))
      .when('true', afterHoursChoice('after-hours-menu', t.afterHoursMenu, true))
      .otherwise(id('after-hours-callback-menu'));
  }
  afterHoursChoice('after-hours-callback-menu', t.afterHoursCallbackOnly, false);
  b.invokeLambda(id('send-chat-link'), {
    functionArn: refs.functions.ivrActivity,
    timeoutSeconds: 5,
    attributes: { activity: 'chat-link', customerId: attribute('customerId'), language: lang },
  })
    .next(id('link-sent-check'))
    .onError(id('link-failed'));
  b.checkAttribute(id('link-sent-check'), activityReply('sent'))
    .when('true', say('link-sent', t.linkSent, id('bye')))
    .otherwise(say('link-failed', t.linkFailed, id('bye')));
  say('callback-failed', t.callbackFailed, id('bye'));
  activity('record-after-hours', 'after-hours', id('bye'), 'after-hours');

  // When something fails: an apology and the general queue; if even that is full, goodbye.
  say('sorry', t.sorry, id('queue-general'));
  b.setQueue(id('queue-general'), { queueId: refs.queues.general })
    .next(id('transfer-general'))
    .onError(id('bye'));
  b.transferToQueue(id('transfer-general')).otherwise(id('busy'));
  say('busy', t.busy, 'end');
  say('bye', t.bye, 'end');
}
