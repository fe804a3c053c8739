import type { ConnectContactFlowEvent } from 'aws-lambda';
// zod/mini: the same validation, a fraction of the bundle (this is the IVR's cold-start path).
import * as z from 'zod/mini';
import { DynamoCallerLookup } from '../adapters/dynamodb/caller-lookup.ts';
import { createDocumentClient, FLOW_CLIENT_CONFIG } from '../commons/clients/dynamodb.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import {
  type ContextReply,
  toContactAttributes,
  unknownCaller,
} from '../domain/customer/contact-attributes.ts';
import { customerContext } from '../domain/customer/context.ts';
import { isE164 } from '../domain/customer/phone.ts';
import type { CallerLookup } from '../domain/customer/profile-store.ts';

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
  return async (event: ConnectContactFlowEvent): Promise<ContextReply> => {
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

const env = z
  .object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    DEFAULT_LANGUAGE: z._default(z.enum(['ja', 'en']), 'ja'),
  })
  .parse(process.env);

export const handler = makeHandler({
  callers: new DynamoCallerLookup(createDocumentClient(FLOW_CLIENT_CONFIG), env.TABLE_NAME),
  logger: createLogger(),
  clock: () => new Date(),
  defaultLanguage: env.DEFAULT_LANGUAGE,
});
