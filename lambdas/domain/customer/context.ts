import {
  type Customer,
  greetingName,
  hasConsent,
  type InteractionSummary,
  type Language,
  MESSAGE_CHANNELS,
  type MessageChannel,
  type Notice,
  PURPOSES,
  type Purpose,
} from './customer.ts';
import { openNotices } from './timeline.ts';

/** What the IVR knows about a caller (AP1): read from the profile item in one request. */
export interface CustomerContext {
  readonly customerId: string;
  readonly name: string;
  readonly greetingName: string;
  readonly language: Language;
  readonly tier: string;
  readonly consent: { readonly [C in MessageChannel]: { readonly [P in Purpose]: boolean } };
  /** Newest first, across channels. */
  readonly recent: readonly InteractionSummary[];
  /** Proactive notices still open, newest first. */
  readonly notices: readonly Notice[];
  readonly lastSurveyedAt?: string;
}

export function customerContext(customer: Customer, now: Date): CustomerContext {
  const consent = Object.fromEntries(
    MESSAGE_CHANNELS.map((c) => [
      c,
      Object.fromEntries(PURPOSES.map((p) => [p, hasConsent(customer, c, p)])),
    ]),
  ) as CustomerContext['consent'];
  const lastSurveyedAt = customer.surveyedAt[0];
  return {
    customerId: customer.id,
    name: customer.name,
    greetingName: greetingName(customer),
    language: customer.language,
    tier: customer.tier,
    consent,
    recent: customer.recent,
    notices: openNotices(customer.notices, now),
    ...(lastSurveyedAt ? { lastSurveyedAt } : {}),
  };
}

/** Whether a survey was sent within the last `days` days (AP8: do not tire the customer). */
export function surveyedWithin(customer: Pick<Customer, 'surveyedAt'>, days: number, now: Date): boolean {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  return customer.surveyedAt.some((at) => at >= since);
}
