import type { ConnectContactFlowEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { callerNumber, contactId, customerEndpoint, optionalText } from '../commons/contact-flow-event.ts';
import { contactFlowFunction, type LambdaHandler } from '../commons/envelope.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import { createDocumentClient, FLOW_CLIENT_CONFIG } from '../composition/dynamodb.ts';
import type { ServiceAdapters } from '../composition/service-adapters.ts';
import { smsSenderFromEnvironment } from '../composition/sms.ts';
import { IVR_ACTIVITIES, IvrActivities, type IvrActivityOutcome } from '../domain/contact/ivr-activity.ts';
import type { ContactAttributes } from '../domain/customer/contact-attributes.ts';
import { LANGUAGES, type Language } from '../domain/customer/customer.ts';

const ivrActivityEvent = z.object({
  Details: z.object({
    ContactData: z.object({
      ContactId: contactId,
      CustomerEndpoint: customerEndpoint,
      Queue: z.nullish(z.object({ Name: z.nullish(z.string()) })),
    }),
    Parameters: z.object({
      activity: z.enum(IVR_ACTIVITIES),
      topic: optionalText,
      customerId: optionalText,
      language: optionalText,
    }),
  }),
});

export interface IvrActivityDeps {
  readonly activities: Pick<IvrActivities, 'record'>;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly defaultLanguage: Language;
}

/**
 * The IVR's record of what the caller did (menu choice, callback, after-hours call, switch to
 * chat) and the chat link by SMS: parse → IvrActivities → the reply the flow reads. Fail soft:
 * whatever fails, the flow gets a reply (`recorded`/`sent` say what happened) and the caller goes on.
 */
export function makeHandler(
  deps: IvrActivityDeps,
): LambdaHandler<ConnectContactFlowEvent, ContactAttributes> {
  const { logger } = deps;
  return contactFlowFunction({
    logger,
    what: 'IVR activity event',
    schema: ivrActivityEvent,
    contactIdOf: (e) => e.Details.ContactData.ContactId,
    refuse: (reason): ContactAttributes => ({ recorded: 'false', reason }),
    handle: async ({ Details: { ContactData: contact, Parameters: p } }) => {
      logger.appendKeys({ activity: p.activity });
      const caller = callerNumber(contact.CustomerEndpoint);
      const outcome = await deps.activities.record({
        kind: p.activity,
        contactId: contact.ContactId,
        at: deps.clock(),
        language: LANGUAGES.includes(p.language as Language)
          ? (p.language as Language)
          : deps.defaultLanguage,
        ...(p.customerId ? { customerId: p.customerId } : {}),
        ...(p.topic ? { topic: p.topic } : {}),
        ...(contact.Queue?.Name ? { queue: contact.Queue.Name } : {}),
        ...(caller ? { callerNumber: caller } : {}),
      });
      logOutcome(logger, outcome);
      return {
        recorded: outcome.recorded,
        ...(outcome.sent ? { sent: outcome.sent } : {}),
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      };
    },
  });
}

function logOutcome(logger: Logger, outcome: IvrActivityOutcome): void {
  if (outcome.recordError) logger.error('could not record the IVR activity', outcome.recordError as Error);
  else if (outcome.recorded === 'false') logger.warn('IVR activity not recorded', { reason: outcome.reason });
  if (outcome.sendError) logger.error('chat link SMS failed', outcome.sendError as Error);
  else if (outcome.sent === 'false') logger.warn('chat link not sent', { reason: outcome.reason });
}

const env = z
  .object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    DEFAULT_LANGUAGE: z._default(z.enum(LANGUAGES), 'ja'),
    CHAT_LINK_URL: z.optional(z.url()),
  })
  .parse(process.env);

/** This function with other channel adapters: how the local twin gives it its outbox. */
export function handlerWith(adapters: Partial<ServiceAdapters> = {}) {
  return makeHandler({
    activities: new IvrActivities({
      profiles: new DynamoProfileStore(createDocumentClient(FLOW_CLIENT_CONFIG), env.TABLE_NAME),
      sms: adapters.sms ?? smsSenderFromEnvironment(),
      ...(env.CHAT_LINK_URL ? { chatLinkUrl: env.CHAT_LINK_URL } : {}),
    }),
    logger: createLogger(),
    clock: () => new Date(),
    defaultLanguage: env.DEFAULT_LANGUAGE,
  });
}

export const handler = handlerWith();
