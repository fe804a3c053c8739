import { LANGUAGES, type Language } from '../customer/customer.ts';
import type { Interaction } from '../customer/timeline.ts';
import { QUESTION_ORDER, type SurveyAnswers } from './questions.ts';

/** One caller's post-call survey, keyed by the Connect contact id of the call it is about. */
export interface SurveyResponse {
  /** The call's contact id: the survey runs in the same contact, after the agent hangs up. */
  readonly contactId: string;
  readonly customerId: string;
  readonly channel: 'voice';
  readonly queue?: string;
  readonly language?: Language;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  readonly answers: SurveyAnswers;
}

/**
 * A survey beginning now, with nothing answered. What the flow passes is taken as it comes: a blank
 * queue is left out, and so is a language other than `ja` or `en` (the survey matters more than the
 * wording of its timeline summary).
 */
export function newSurveyResponse(input: {
  contactId: string;
  customerId: string;
  queue?: string | undefined;
  language?: string | undefined;
  startedAt: Date;
}): SurveyResponse {
  const queue = input.queue?.trim();
  const language = LANGUAGES.find((l) => l === input.language?.trim());
  return {
    contactId: input.contactId,
    customerId: input.customerId,
    channel: 'voice',
    ...(queue ? { queue } : {}),
    ...(language ? { language } : {}),
    startedAt: input.startedAt.toISOString(),
    answers: {},
  };
}

/**
 * - `started`: the survey began, nothing answered yet;
 * - `partial`: some questions answered (the caller hung up, or an answer was invalid);
 * - `complete`: every question answered.
 */
export type SurveyStatus = 'started' | 'partial' | 'complete';

export function surveyStatus(answers: SurveyAnswers): SurveyStatus {
  const answered = QUESTION_ORDER.filter((q) => answers[q] !== undefined).length;
  if (answered === 0) return 'started';
  return answered === QUESTION_ORDER.length ? 'complete' : 'partial';
}

/** The language of timeline summaries when the flow did not pass the customer's language. */
export const DEFAULT_SURVEY_LANGUAGE: Language = 'ja';

const WORDING = {
  en: {
    prefix: 'Survey: ',
    separator: ', ',
    none: 'no answers yet',
    csat: (n: number) => `satisfaction ${n}/5`,
    nps: (n: number) => `recommend ${n}/10`,
    resolved: (yes: boolean) => `resolved ${yes ? 'yes' : 'no'}`,
  },
  ja: {
    prefix: 'アンケート: ',
    separator: '、',
    none: '回答なし',
    csat: (n: number) => `満足度 ${n}/5`,
    nps: (n: number) => `推奨度 ${n}/10`,
    resolved: (yes: boolean) => `解決 ${yes ? 'はい' : 'いいえ'}`,
  },
} as const satisfies Record<Language, unknown>;

/**
 * One line for the customer's timeline, in their language, with the answers given so far:
 * `Survey: satisfaction 4/5, recommend 9/10, resolved yes` /
 * `アンケート: 満足度 4/5、推奨度 9/10、解決 はい`.
 */
export function surveySummary(answers: SurveyAnswers, language: Language = DEFAULT_SURVEY_LANGUAGE): string {
  const w = WORDING[language];
  const parts = [
    answers.csat !== undefined ? w.csat(answers.csat) : undefined,
    answers.nps !== undefined ? w.nps(answers.nps) : undefined,
    answers.resolved !== undefined ? w.resolved(answers.resolved) : undefined,
  ].filter((p) => p !== undefined);
  return w.prefix + (parts.length ? parts.join(w.separator) : w.none);
}

/** The timeline interaction id of a contact's survey: one per contact, so a retried start is a duplicate. */
export const surveyInteractionId = (contactId: string) => `${contactId}:survey`;

/** The entry a started survey puts on the customer's timeline (updated as answers arrive). */
export function surveyInteraction(response: SurveyResponse): Interaction {
  return {
    id: surveyInteractionId(response.contactId),
    customerId: response.customerId,
    at: response.startedAt,
    channel: 'voice',
    direction: 'inbound',
    contactId: response.contactId,
    ...(response.queue ? { queue: response.queue } : {}),
    topic: 'survey',
    summary: surveySummary(response.answers, response.language),
    status: surveyStatus(response.answers),
  };
}

/** How many survey dates the profile keeps (AP8 looks back days or weeks, not years). */
export const MAX_SURVEYED_AT = 10;

/** The profile's `surveyedAt` with `at` added: newest first, each time once, the 10 newest. */
export function withSurveyedAt(surveyedAt: readonly string[], at: string, max = MAX_SURVEYED_AT): string[] {
  return [...new Set([at, ...surveyedAt])].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, max);
}
