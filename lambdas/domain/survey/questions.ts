/**
 * The post-call voice survey: three questions the caller answers on the keypad (DTMF). The flow reads
 * each answer with "Get customer input" and hands the digits (`$.StoredCustomerInput`) to the
 * survey-answer Lambda, which parses them here.
 */
export const SURVEY_QUESTIONS = {
  /** Satisfaction with the call, 1 (very dissatisfied) to 5 (very satisfied); one key. */
  csat: { kind: 'scale', min: 1, max: 5, maxDigits: 1 },
  /** Likelihood to recommend (Net Promoter Score), 0 to 10; up to two keys. */
  nps: { kind: 'scale', min: 0, max: 10, maxDigits: 2 },
  /** Whether the caller's issue was resolved: 1 = yes, 2 = no; one key. */
  resolved: { kind: 'yes-no', yes: '1', no: '2', maxDigits: 1 },
} as const;

export type SurveyQuestion = keyof typeof SURVEY_QUESTIONS;
/** The order the flow asks in, and the order of the summary. */
export const QUESTION_ORDER = ['csat', 'nps', 'resolved'] as const satisfies readonly SurveyQuestion[];

/** The answers a survey has so far; a question not answered yet is absent. */
export interface SurveyAnswers {
  readonly csat?: number;
  readonly nps?: number;
  readonly resolved?: boolean;
}

export type AnswerValue<Q extends SurveyQuestion> = NonNullable<SurveyAnswers[Q]>;

/**
 * Why digits are not an answer:
 * - `timeout`: no digits at all (Connect stores `Timeout` when the caller pressed nothing; an empty
 *   input is the caller pressing only the end key);
 * - `not-digits`: anything but 0–9 (`*`, letters, an error text the flow passed on);
 * - `too-many-digits`: more keys than the question takes (`100`, `007` for NPS; `12` for CSAT);
 * - `out-of-range`: a number outside the scale (`0` or `6` for CSAT, `3` for resolved).
 */
export type InvalidAnswerReason = 'timeout' | 'not-digits' | 'too-many-digits' | 'out-of-range';

export type ParsedAnswer<Q extends SurveyQuestion> =
  | { readonly valid: true; readonly value: AnswerValue<Q> }
  | { readonly valid: false; readonly reason: InvalidAnswerReason };

/**
 * The caller's keypad input as an answer to `question`. Leading zeros count as digits typed, not as
 * a different number: for the two-key NPS question `07` reads as 7 (a caller who types the leading
 * zero on purpose), `10` as 10, and `100` is invalid (more keys than the question takes).
 */
export function parseAnswer<Q extends SurveyQuestion>(question: Q, digits: string): ParsedAnswer<Q> {
  const q = SURVEY_QUESTIONS[question];
  if (digits === '' || digits === 'Timeout') return { valid: false, reason: 'timeout' };
  if (!/^[0-9]+$/.test(digits)) return { valid: false, reason: 'not-digits' };
  if (digits.length > q.maxDigits) return { valid: false, reason: 'too-many-digits' };
  if (q.kind === 'yes-no') {
    if (digits === q.yes) return { valid: true, value: true as AnswerValue<Q> };
    if (digits === q.no) return { valid: true, value: false as AnswerValue<Q> };
    return { valid: false, reason: 'out-of-range' };
  }
  const n = Number.parseInt(digits, 10);
  if (n < q.min || n > q.max) return { valid: false, reason: 'out-of-range' };
  return { valid: true, value: n as AnswerValue<Q> };
}

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** Net Promoter category of a 0–10 score: promoter 9–10, passive 7–8, detractor 0–6. */
export function npsCategory(score: number): NpsCategory {
  if (!Number.isInteger(score) || score < 0 || score > 10) {
    throw new RangeError(`an NPS score is a whole number from 0 to 10, got ${score}`);
  }
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}
