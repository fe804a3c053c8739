import type { ConnectContactFlowEvent } from 'aws-lambda';
// zod/mini: the same validation, a fraction of the bundle (this is the IVR's cold-start path).
import * as z from 'zod/mini';
import { DynamoCallerLookup } from '../adapters/dynamodb/caller-lookup.ts';
import { callerNumber, contactId, customerEndpoint } from '../commons/contact-flow-event.ts';
import { contactFlowFunction, type LambdaHandler } from '../commons/envelope.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import { createDocumentClient, FLOW_CLIENT_CONFIG } from '../composition/dynamodb.ts';
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
      ContactId: contactId,
      Channel: z.optional(z.string()),
      CustomerEndpoint: customerEndpoint,
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
export function makeHandler(deps: CustomerContextDeps): LambdaHandler<ConnectContactFlowEvent, ContextReply> {
  const unknown = (reason: string) => unknownCaller(deps.defaultLanguage, reason);
  return contactFlowFunction({
    logger: deps.logger,
    what: 'contact flow event',
    schema: contactFlowEvent,
    contactIdOf: (e) => e.Details.ContactData.ContactId,
    refuse: unknown,
    handle: async (e) => {
      const address = callerNumber(e.Details.ContactData.CustomerEndpoint);
      if (!address) return unknown('no-caller-number');
      // Connect sends E.164; anything else cannot match a stored identity (and keeps the phone
      // library out of this bundle: this is the IVR's first, cold-start-sensitive call).
      if (!isE164(address)) return unknown('unreadable-number');
      try {
        const customer = await deps.callers.findByPhone(address);
        if (!customer) return unknown('not-found');
        return toContactAttributes(customerContext(customer, deps.clock()));
      } catch (error) {
        deps.logger.error('customer lookup failed; continuing as an unknown caller', error as Error);
        return unknown('lookup-failed');
      }
    },
  });
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
