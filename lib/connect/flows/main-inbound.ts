import { FlowBuilder } from '../../flow-language/builder.ts';
import type { FlowDocument } from '../../flow-language/model.ts';

/** What the main inbound flow refers to: resolved to ARNs (CDK tokens) by the Connect stack, to ids in tests. */
export interface MainInboundRefs {
  readonly customerContextArn: string;
  readonly queues: { readonly general: string; readonly billing: string; readonly technicalSupport: string };
}

type Lang = 'ja' | 'en';

const TEXT = {
  ja: {
    greetKnown: '$.Attributes.honorificName、お電話ありがとうございます。',
    greetUnknown: 'お電話ありがとうございます。',
    menu: 'ご注文の状況は1を、ご請求については2を、技術的なお問い合わせは3を、オペレーターは0を押してください。',
    closed: '本日の受付は終了いたしました。営業時間は平日9時から18時です。お電話ありがとうございました。',
    sorry: '申し訳ございません。担当者におつなぎします。',
    queued: 'ただいま担当者におつなぎします。しばらくお待ちください。',
    bye: 'お電話ありがとうございました。',
  },
  en: {
    greetKnown: 'Hello $.Attributes.honorificName, thank you for calling.',
    greetUnknown: 'Thank you for calling.',
    menu: 'For order status, press 1. For billing, press 2. For technical support, press 3. To speak to an agent, press 0.',
    closed:
      'We are closed now. Our hours are weekdays from 9 a.m. to 6 p.m. Japan time. Thank you for calling.',
    sorry: 'We are sorry. Let us connect you to an agent.',
    queued: 'Connecting you to an agent. Please hold.',
    bye: 'Thank you for calling.',
  },
} as const;

/**
 * The main inbound IVR (first slice, issue 5): the customer-context Lambda (AP1, fail open), the
 * caller's language or a bilingual menu, a greeting by name, the hours check and the main menu to
 * the queues. Every error leads to an apology and the general queue.
 */
export function mainInboundFlow(refs: MainInboundRefs): FlowDocument {
  const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'main-inbound' });
  const end = b.disconnect('end');

  const perLanguage = (lang: Lang) => {
    const t = TEXT[lang];
    const bye = b.playPrompt(`${lang}-bye`, { text: t.bye }).next(end).onError(end);
    const general = b
      .setQueue(`${lang}-queue-general`, { queueId: refs.queues.general })
      .next(b.ref(`${lang}-transfer`))
      .onError(bye);
    const sorry = b.playPrompt(`${lang}-sorry`, { text: t.sorry }).next(general).onError(general);
    const transfer = b.transferToQueue(`${lang}-transfer`).onAtCapacity(sorry).onError(bye);
    const hold = b.playPrompt(`${lang}-queued`, { text: t.queued }).next(transfer).onError(transfer);
    const queueFor = (key: 'billing' | 'technicalSupport', id: string) =>
      b.setQueue(`${lang}-queue-${key}`, { queueId: id }).next(hold).onError(sorry);
    const menu = b
      .getInput(`${lang}-menu`, { text: t.menu, timeoutSeconds: 8 })
      .when(
        '1',
        b.setQueue(`${lang}-queue-orders`, { queueId: refs.queues.general }).next(hold).onError(sorry),
      )
      .when('2', queueFor('billing', refs.queues.billing))
      .when('3', queueFor('technicalSupport', refs.queues.technicalSupport))
      .when(
        '0',
        b.setQueue(`${lang}-queue-agent`, { queueId: refs.queues.general }).next(hold).onError(sorry),
      )
      .onTimeout(sorry)
      .onNoMatch(sorry)
      .onError(sorry);
    const closed = b.playPrompt(`${lang}-closed`, { text: t.closed }).next(end).onError(end);
    const hours = b.checkHours(`${lang}-hours`).onOpen(menu).onClosed(closed).onError(menu);
    const greetKnown = b.playPrompt(`${lang}-greet-known`, { text: t.greetKnown }).next(hours).onError(hours);
    const greetUnknown = b
      .playPrompt(`${lang}-greet-unknown`, { text: t.greetUnknown })
      .next(hours)
      .onError(hours);
    const greet = b
      .checkAttribute(`${lang}-known`, '$.Attributes.known')
      .when('true', greetKnown)
      .onNoMatch(greetUnknown);
    // Working queue first, so the hours check has the general queue's hours to go by.
    const start = b
      .setQueue(`${lang}-working-queue`, { queueId: refs.queues.general })
      .next(greet)
      .onError(greet);
    const voice = b
      .setVoice(
        `${lang}-voice`,
        lang === 'ja' ? { voice: 'Kazuha', engine: 'neural' } : { voice: 'Joanna', engine: 'neural' },
      )
      .next(start)
      .onError(start);
    return b
      .setContactData(`${lang}-language`, { languageCode: lang === 'ja' ? 'ja-JP' : 'en-US' })
      .next(voice)
      .onError(voice);
  };
  const ja = perLanguage('ja');
  const en = perLanguage('en');

  const languageMenu = b
    .getInput('language-menu', { text: '日本語は1を、For English, press 2.', timeoutSeconds: 6 })
    .when('1', ja)
    .when('2', en)
    .onTimeout(ja)
    .onNoMatch(ja)
    .onError(ja);
  const byLanguage = b
    .checkAttribute('known-language', '$.Attributes.language')
    .when('ja', ja)
    .when('en', en)
    .onNoMatch(languageMenu);
  const knownCaller = b
    .checkAttribute('known-caller', '$.Attributes.known')
    .when('true', byLanguage)
    .onNoMatch(languageMenu);
  const remember = b
    .setAttributes('context', {
      known: '$.External.known',
      customerId: '$.External.customerId',
      honorificName: '$.External.honorificName',
      language: '$.External.language',
      tier: '$.External.tier',
      lastChannel: '$.External.lastChannel',
      lastTopic: '$.External.lastTopic',
      noticeTopic: '$.External.noticeTopic',
    })
    .next(knownCaller)
    .onError(languageMenu);
  // Fail open: if the lookup fails, the caller goes on as an unknown caller.
  const lookup = b
    .invokeLambda('customer-context', { functionArn: refs.customerContextArn, timeoutSeconds: 3 })
    .next(remember)
    .onError(languageMenu);
  b.start(b.setLogging('logging', 'Enabled').next(lookup));
  return b.build();
}
