import type { CustomerContext } from './context.ts';

// The customer context as Connect contact attributes: what the IVR's context Lambda answers and
// the chat start puts on a chat contact.

/** Flat string map: what a Connect flow can read back as $.External.* (ResponseValidation STRING_MAP). */
export type ContactAttributes = Record<string, string>;

/** Every key a reply carries: flows copy them to contact attributes, so none may be missing. */
export const CONTEXT_KEYS = [
  'known',
  'customerId',
  'greetingName',
  'honorificName',
  'language',
  'tier',
  'smsTransactional',
  'smsMarketing',
  'emailTransactional',
  'emailMarketing',
  'lastChannel',
  'lastTopic',
  'lastAt',
  'noticeTopic',
  'noticeSummary',
  'recentNoticeTopic',
  'recentNoticeSummary',
  'orderStatus',
  'hasOrderStatus',
  'surveyEligible',
  'lastSurveyedAt',
  'reason',
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

/** The customer-context reply: every key, a string each. Flows read it as `$.External.<key>`. */
export type ContextReply = Record<ContextKey, string>;

/** A reply with every key: the values given, the rest empty. */
function reply(values: Partial<ContextReply>): ContextReply {
  return Object.fromEntries(CONTEXT_KEYS.map((k) => [k, values[k] ?? ''])) as ContextReply;
}

export function unknownCaller(language: string, reason: string): ContextReply {
  return reply({ known: 'false', language, reason, hasOrderStatus: 'false', surveyEligible: 'false' });
}

/**
 * Flattens the context into the string attributes a flow can branch on. Every key is present
 * (empty when there is nothing to say), so a flow copying `$.External.x` never meets a missing key.
 */
export function toContactAttributes(c: CustomerContext): ContextReply {
  const last = c.recent[0];
  const notice = c.notices[0];
  return reply({
    known: 'true',
    customerId: c.customerId,
    greetingName: c.greetingName,
    // How the IVR addresses the caller: 佐藤様 in Japanese, Emily in English.
    honorificName: c.language === 'ja' ? `${c.greetingName}様` : c.greetingName,
    language: c.language,
    tier: c.tier,
    smsTransactional: String(c.consent.sms.transactional),
    smsMarketing: String(c.consent.sms.marketing),
    emailTransactional: String(c.consent.email.transactional),
    emailMarketing: String(c.consent.email.marketing),
    lastChannel: last?.channel,
    lastTopic: last?.topic,
    lastAt: last?.at,
    noticeTopic: notice?.topic,
    noticeSummary: notice?.summary,
    recentNoticeTopic: c.recentNotice?.topic,
    recentNoticeSummary: c.recentNotice?.summary,
    orderStatus: c.orderNotice?.summary,
    hasOrderStatus: String(c.orderNotice !== undefined),
    surveyEligible: String(c.surveyEligible),
    lastSurveyedAt: c.lastSurveyedAt,
  });
}
