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
  /** The newest notice sent in the last 48 hours: what the caller is most likely calling about. */
  readonly recentNotice?: Notice;
  /** The newest open order or delivery notice: the IVR's self-service order status. */
  readonly orderNotice?: Notice;
  /** Consents to surveys and was not surveyed in the last 14 days (AP8). */
  readonly surveyEligible: boolean;
}

/** A notice this recent is offered as a shortcut ("are you calling about …?"). */
export const NOTICE_SHORTCUT_HOURS = 48;
/** Nobody is asked for a survey more often than this. */
export const SURVEY_FATIGUE_DAYS = 14;
/** Notice topics that are about an order: the IVR reads the newest one as the order status. */
export const isOrderTopic = (topic: string) => /^(order|delivery|shipment)/.test(topic);

export function customerContext(customer: Customer, now: Date): CustomerContext {
  const consent = Object.fromEntries(
    MESSAGE_CHANNELS.map((c) => [
      c,
      Object.fromEntries(PURPOSES.map((p) => [p, hasConsent(customer, c, p)])),
    ]),
  ) as CustomerContext['consent'];
  const lastSurveyedAt = customer.surveyedAt[0];
  const notices = openNotices(customer.notices, now);
  const since = new Date(now.getTime() - NOTICE_SHORTCUT_HOURS * 3_600_000).toISOString();
  const recentNotice = notices.find((n) => n.at >= since);
  const orderNotice = notices.find((n) => isOrderTopic(n.topic));
  return {
    customerId: customer.id,
    name: customer.name,
    greetingName: greetingName(customer),
    language: customer.language,
    tier: customer.tier,
    consent,
    recent: customer.recent,
    notices,
    ...(lastSurveyedAt ? { lastSurveyedAt } : {}),
    ...(recentNotice ? { recentNotice } : {}),
    ...(orderNotice ? { orderNotice } : {}),
    surveyEligible: consentsToSurveys(customer) && !surveyedWithin(customer, SURVEY_FATIGUE_DAYS, now),
  };
}

/**
 * Consent to be asked for feedback, given on any channel (by SMS keyword, a web form, the IVR):
 * it is the customer's willingness that counts; the channel says where invitations may go.
 */
export function consentsToSurveys(customer: Pick<Customer, 'consent'>): boolean {
  return MESSAGE_CHANNELS.some((c) => hasConsent(customer, c, 'survey'));
}

/** Whether a survey was sent within the last `days` days (AP8: do not tire the customer). */
export function surveyedWithin(customer: Pick<Customer, 'surveyedAt'>, days: number, now: Date): boolean {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  return customer.surveyedAt.some((at) => at >= since);
}
