import type { AnswerValue, SurveyQuestion } from './questions.ts';
import type { SurveyResponse, SurveyStatus } from './survey-response.ts';

export interface SurveyStartResult {
  /** The response had been stored before (a retried start): it is kept as first stored. */
  readonly alreadyStarted: boolean;
  /**
   * Whether the survey is on the customer's timeline. False when the customer has no profile: the
   * response is still kept (it counts in the reports), only the timeline entry is missing.
   */
  readonly onTimeline: boolean;
}

export type SaveAnswerResult =
  | {
      readonly saved: true;
      /** The response with every answer so far. */
      readonly response: SurveyResponse;
      readonly status: SurveyStatus;
      /** Whether the timeline entry got the new summary and status (false: it does not exist). */
      readonly onTimeline: boolean;
    }
  /** No survey was started for the contact: nothing was written. */
  | { readonly saved: false; readonly reason: 'not-started' };

/**
 * Where survey responses live (docs/data-model.md, "Survey response"). The DynamoDB adapter
 * implements it; request budgets are per method.
 */
export interface SurveyStore {
  /**
   * Stores the new response, puts it on the customer's timeline and records on the profile that a
   * survey was sent (AP8). Idempotent per contact: a retried start changes nothing, or completes a
   * start that failed after storing the response (at that first start's time).
   * 1 PutItem + 1 GetItem + 1 TransactWriteItems.
   */
  start(response: SurveyResponse): Promise<SurveyStartResult>;
  /**
   * Sets one answer (a repeated answer is harmless, a changed one overwrites) and refreshes the
   * timeline entry's summary and status. No read first: at most 2 UpdateItems.
   */
  saveAnswer<Q extends SurveyQuestion>(
    contactId: string,
    question: Q,
    value: AnswerValue<Q>,
    at: string,
  ): Promise<SaveAnswerResult>;
}
