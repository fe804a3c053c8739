import { type AttributeCheckBlock, FlowBuilder, type Target } from '../../flow-language/builder.ts';
import type { FlowDocument } from '../../flow-language/model.ts';
import type { Lang } from './blocks.ts';
import { attribute } from './contact-attributes.ts';
import type { FlowRefs } from './refs.ts';

const TEXT = {
  ja: {
    intro: 'サービス向上のため、3つの短い質問にお答えください。',
    csat: '今回の対応の満足度を、1から5の数字で押してください。5が最も満足です。',
    nps: 'このサービスを友人や同僚に勧める可能性を、0から10の数字で押してください。1桁の数字のときは、続けて#を押してください。',
    resolved: 'ご用件は解決しましたか。解決した場合は1を、解決しなかった場合は2を押してください。',
    invalid: '入力が正しくありません。',
    thanks: 'ご協力ありがとうございました。失礼いたします。',
  },
  en: {
    intro: 'Please help us improve by answering three short questions.',
    csat: 'How satisfied were you today? Press a number from 1 to 5, where 5 is very satisfied.',
    nps: 'How likely are you to recommend us to a friend? Press a number from 0 to 10. For a single digit, press the pound key after it.',
    resolved: 'Was your issue resolved? Press 1 for yes, or 2 for no.',
    invalid: 'Sorry, that is not a valid answer.',
    thanks: 'Thank you for your feedback. Goodbye.',
  },
} as const;

/** The questions in order: key (the survey-answer Lambda's `step`), valid range, digits to collect. */
const QUESTIONS = [
  { key: 'csat', min: 1, max: 5, maxDigits: 1, timeoutSeconds: 8 },
  { key: 'nps', min: 0, max: 10, maxDigits: 2, timeoutSeconds: 10 },
  { key: 'resolved', min: 1, max: 2, maxDigits: 1, timeoutSeconds: 8 },
] as const;

/**
 * The post-call survey, run as the disconnect flow (the CustomerRemaining hook) when the agent
 * hangs up, for customers who agreed to surveys and were not asked in the last 14 days. Three
 * questions; each answer is checked here and saved by the survey-answer Lambda to the survey
 * response and the customer's timeline. An invalid answer is asked once more, then skipped; a
 * timeout ends the survey (what was answered is kept), with thanks.
 */
export function postCallSurveyFlow(refs: Pick<FlowRefs, 'functions'>): FlowDocument {
  const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'post-call-survey', channels: ['VOICE'] });
  const end = b.disconnect('end');
  const lambda = (name: string, step: string, next: Target, answer?: string) =>
    b
      .invokeLambda(name, {
        functionArn: refs.functions.surveyAnswer,
        timeoutSeconds: 3,
        attributes: {
          step,
          customerId: attribute('customerId'),
          language: attribute('language'),
          queue: '$.Queue.Name',
          ...(answer ? { answer } : {}),
        },
      })
      .next(next)
      .onError(next);

  const perLanguage = (lang: Lang) => {
    const t = TEXT[lang];
    const id = (name: string) => `${lang}-${name}`;
    const thanks = b.playPrompt(id('thanks'), { text: t.thanks }).next(end).onError(end);

    // Built last to first: each question goes on to the next one.
    let next: Target = thanks;
    for (const q of [...QUESTIONS].reverse()) {
      const save = lambda(id(`save-${q.key}`), q.key, next, '$.StoredCustomerInput');
      const retry = b.loop(id(`retry-${q.key}`), 1);
      const invalid = b
        .playPrompt(id(`invalid-${q.key}`), { text: t.invalid })
        .next(retry)
        .onError(retry);
      const ask = b
        .getDigits(id(`ask-${q.key}`), {
          text: t[q.key],
          maxDigits: q.maxDigits,
          timeoutSeconds: q.timeoutSeconds,
          ...(q.maxDigits > 1 ? { endKeys: '#', interdigitTimeoutSeconds: 3 } : {}),
        })
        .onError(thanks);
      retry.onContinue(ask).onDone(next);
      const check: AttributeCheckBlock = b
        .checkAttribute(id(`check-${q.key}`), '$.StoredCustomerInput')
        .when('Timeout', thanks)
        .whenLessThan(q.min, invalid)
        .whenGreaterThan(q.max, invalid)
        .whenGreaterOrEqual(q.min, save)
        .onNoMatch(invalid);
      ask.next(check);
      next = ask;
    }
    const intro = b.playPrompt(id('intro'), { text: t.intro }).next(next).onError(next);
    return b
      .setContactData(id('language'), { languageCode: lang === 'ja' ? 'ja-JP' : 'en-US' })
      .next(intro)
      .onError(intro);
  };
  const ja = perLanguage('ja');
  const en = perLanguage('en');
  const language = b.checkAttribute('language', attribute('language')).when('en', en).onNoMatch(ja);
  const start = lambda('start', 'start', language);
  b.start(b.setLogging('logging', 'Enabled').next(start));
  return b.build();
}
