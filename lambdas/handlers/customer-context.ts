import type { ConnectContactFlowEvent } from 'aws-lambda';
// zod/mini: the same validation, a fraction of the bundle (this is the IVR's cold-start path).
import * as z from 'zod/mini';
import { DynamoCallerLookup } from '../adapters/dynamodb/caller-lookup.ts';
import { createDocumentClient } from '../commons/clients/dynamodb.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import { type CustomerContext, customerContext } from '../domain/customer/context.ts';
import { isE164 } from '../domain/customer/phone.ts';
import type { CallerLookup } from '../domain/customer/profile-store.ts';

/** Flat string map: what a Connect flow can read back as $.External.* (ResponseValidation STRING_MAP). */
export type ContactAttributes = Record<string, string>;

const contactFlowEvent = z.object({
  Details: z.object({
    ContactData: z.object({
      ContactId: z.string().check(z.minLength(1)),
      Channel: z.optional(z.string()),
      CustomerEndpoint: z.nullish(z.object({ Address: z.nullish(z.string()), Type: z.nullish(z.string()) })),
    }),
  }),
});

export interface CustomerContextDeps {
  readonly callers: CallerLookup;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Language to speak to unknown callers: `ja` or `en`. */
  readonly defaultLanguage: string;
}

/**
 * Caller number → customer context for the IVR, in exactly one DynamoDB request (AP1).
 * Never throws: a caller we cannot look up is treated as unknown (fail open), so the flow goes on.
 */
export function makeHandler(deps: CustomerContextDeps) {
  return async (event: ConnectContactFlowEvent): Promise<ContactAttributes> => {
    // Keys appended for the previous contact must not label this one (warm containers).
    deps.logger.resetKeys();
    const parsed = contactFlowEvent.safeParse(event);
    if (!parsed.success) {
      deps.logger.warn('not a contact flow event', { issue: parsed.error.issues[0]?.path.join('.') });
      return unknownCaller(deps.defaultLanguage, 'invalid-event');
    }
    const { ContactId, CustomerEndpoint } = parsed.data.Details.ContactData;
    deps.logger.appendKeys({ contactId: ContactId });
    const address = CustomerEndpoint?.Type === 'TELEPHONE_NUMBER' ? CustomerEndpoint.Address : undefined;
    if (!address) return unknownCaller(deps.defaultLanguage, 'no-caller-number');
    try {
      // Connect sends E.164; anything else cannot match a stored identity (and keeps the phone
      // library out of this bundle: this is the IVR's first, cold-start-sensitive call).
      if (!isE164(address)) return unknownCaller(deps.defaultLanguage, 'unreadable-number');
      const customer = await deps.callers.findByPhone(address);
      if (!customer) return unknownCaller(deps.defaultLanguage, 'not-found');
      return toContactAttributes(customerContext(customer, deps.clock()));
    } catch (error) {
      deps.logger.error('customer lookup failed; continuing as an unknown caller', error as Error);
      return unknownCaller(deps.defaultLanguage, 'lookup-failed');
    }
  };
}

function unknownCaller(language: string, reason: string): ContactAttributes {
  return { known: 'false', language, reason };
}

/** Flattens the context into the string attributes a flow can branch on. */
export function toContactAttributes(c: CustomerContext): ContactAttributes {
  const last = c.recent[0];
  const notice = c.notices[0];
  const attributes: ContactAttributes = {
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
    lastChannel: last?.channel ?? '',
    lastTopic: last?.topic ?? '',
    lastAt: last?.at ?? '',
    noticeTopic: notice?.topic ?? '',
    noticeSummary: notice?.summary ?? '',
    lastSurveyedAt: c.lastSurveyedAt ?? '',
  };
  // Connect flows treat a missing key and an empty value alike; leave empty ones out.
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== ''));
}

const env = z
  .object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    DEFAULT_LANGUAGE: z._default(z.enum(['ja', 'en']), 'ja'),
  })
  .parse(process.env);

export const handler = makeHandler({
  callers: new DynamoCallerLookup(createDocumentClient(), env.TABLE_NAME),
  logger: createLogger(),
  clock: () => new Date(),
  defaultLanguage: env.DEFAULT_LANGUAGE,
});
