import type { ConnectContactFlowEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { createDocumentClient, FLOW_CLIENT_CONFIG } from '../commons/clients/dynamodb.ts';
import { smsSenderFromEnvironment } from '../commons/clients/sms.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import type { ServiceAdapters } from '../commons/service-adapters.ts';
import {
  activityInteraction,
  chatLinkMessage,
  IVR_ACTIVITIES,
  type IvrActivity,
  type IvrActivityKind,
} from '../domain/contact/ivr-activity.ts';
import type { ContactAttributes } from '../domain/customer/contact-attributes.ts';
import { LANGUAGES, type Language } from '../domain/customer/customer.ts';
import { isE164 } from '../domain/customer/phone.ts';
import type { ProfileStore } from '../domain/customer/profile-store.ts';
import { CustomerNotFoundError } from '../domain/errors.ts';

const optionalText = z.optional(z.string());
const ivrActivityEvent = z.object({
  Details: z.object({
    ContactData: z.object({
      ContactId: z.string().check(z.minLength(1), z.maxLength(100)),
      CustomerEndpoint: z.nullish(z.object({ Address: z.nullish(z.string()), Type: z.nullish(z.string()) })),
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

export interface IvrActivityDeps extends Pick<ServiceAdapters, 'sms'> {
  readonly profiles: Pick<ProfileStore, 'appendInteraction'>;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly defaultLanguage: Language;
  /** Where the chat lives; no URL, no chat link (the reply says `not-configured`). */
  readonly chatLinkUrl?: string;
}

/**
 * Records what the caller did in the IVR on their timeline (menu choice, callback, after-hours
 * call, switch to chat) and sends the chat link by SMS. Fail soft: whatever fails, the flow gets a
 * reply (`recorded`/`sent` say what happened) and the caller goes on.
 *
 * The chat link goes to known customers only, at the number that is calling (which is theirs:
 * that is how they were found), never to a number the flow or the caller chooses. It is recorded
 * before it is sent: Connect retries a slow invocation, and the record (idempotent by contact id)
 * decides that only the first invocation sends.
 */
export function makeHandler(deps: IvrActivityDeps) {
  return async (event: ConnectContactFlowEvent): Promise<ContactAttributes> => {
    deps.logger.resetKeys();
    const parsed = ivrActivityEvent.safeParse(event);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      deps.logger.warn('not an IVR activity event', { issue: issue?.path.join('.') });
      return { recorded: 'false', reason: 'invalid-event' };
    }
    const { ContactData, Parameters: p } = parsed.data.Details;
    deps.logger.appendKeys({ contactId: ContactData.ContactId, activity: p.activity });
    const language: Language = LANGUAGES.includes(p.language as Language)
      ? (p.language as Language)
      : deps.defaultLanguage;
    const chatLink = p.activity === 'chat-link';
    if (!p.customerId) {
      return { recorded: 'false', reason: 'unknown-customer', ...(chatLink ? { sent: 'false' } : {}) };
    }

    const recorded = await record(deps, {
      kind: p.activity as IvrActivityKind,
      contactId: ContactData.ContactId,
      customerId: p.customerId,
      at: deps.clock(),
      language,
      ...(p.topic ? { topic: p.topic } : {}),
      ...(ContactData.Queue?.Name ? { queue: ContactData.Queue.Name } : {}),
    });
    if (!chatLink) return recorded;
    if (recorded.recorded === 'duplicate') {
      // An earlier invocation for this contact claimed the send: do not text the customer twice.
      return { ...recorded, sent: 'true' };
    }
    if (recorded.reason === 'unknown-customer') return { ...recorded, sent: 'false' };
    return { ...recorded, ...(await sendChatLink(deps, ContactData, language, p.customerId)) };
  };
}

/** Appends the activity to the timeline; the reply says whether it was new, a repeat, or failed. */
async function record(deps: IvrActivityDeps, activity: IvrActivity): Promise<ContactAttributes> {
  try {
    const { duplicate } = await deps.profiles.appendInteraction(activityInteraction(activity));
    return { recorded: duplicate ? 'duplicate' : 'true' };
  } catch (error) {
    if (error instanceof CustomerNotFoundError) {
      // A customer deleted since the lookup, or an id that was never ours: nothing to record on.
      deps.logger.warn('no such customer: the IVR activity is not recorded');
      return { recorded: 'false', reason: 'unknown-customer' };
    }
    deps.logger.error('could not record the IVR activity', error as Error);
    return { recorded: 'false', reason: 'error' };
  }
}

async function sendChatLink(
  deps: IvrActivityDeps,
  contact: { CustomerEndpoint?: { Address?: string | null; Type?: string | null } | null },
  language: Language,
  customerId: string,
): Promise<ContactAttributes> {
  const to =
    contact.CustomerEndpoint?.Type === 'TELEPHONE_NUMBER' ? contact.CustomerEndpoint.Address : undefined;
  if (!to || !isE164(to)) return { sent: 'false', reason: 'no-caller-number' };
  if (!deps.chatLinkUrl) return { sent: 'false', reason: 'not-configured' };
  try {
    const result = await deps.sms.send({
      to,
      body: chatLinkMessage(language, deps.chatLinkUrl),
      purpose: 'transactional',
      customerId,
    });
    if (result.sent) return { sent: 'true' };
    deps.logger.warn('chat link not sent', { reason: result.reason });
    return { sent: 'false', reason: result.reason };
  } catch (error) {
    deps.logger.error('chat link SMS failed', error as Error);
    return { sent: 'false', reason: 'error' };
  }
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
    profiles: new DynamoProfileStore(createDocumentClient(FLOW_CLIENT_CONFIG), env.TABLE_NAME),
    sms: adapters.sms ?? smsSenderFromEnvironment(),
    logger: createLogger(),
    clock: () => new Date(),
    defaultLanguage: env.DEFAULT_LANGUAGE,
    ...(env.CHAT_LINK_URL ? { chatLinkUrl: env.CHAT_LINK_URL } : {}),
  });
}

export const handler = handlerWith();
