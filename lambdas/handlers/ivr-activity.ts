import type { ConnectContactFlowEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { UnconfiguredSmsSender } from '../adapters/sms/senders.ts';
import type { ChannelAdapters } from '../commons/channel-adapters.ts';
import { createDocumentClient } from '../commons/clients/dynamodb.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import {
  activityInteraction,
  chatLinkMessage,
  IVR_ACTIVITIES,
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

export interface IvrActivityDeps extends ChannelAdapters {
  readonly profiles: Pick<ProfileStore, 'appendInteraction'>;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly defaultLanguage: Language;
  /** Where the chat lives; no URL, no chat link (the reply says `not-configured`). */
  readonly chatLinkUrl?: string;
}

/**
 * Records what the caller did in the IVR on their timeline (menu choice, callback, after-hours
 * call) and sends the chat link by SMS when they switch to chat. Fail soft: whatever fails, the
 * flow gets a reply (`recorded`/`sent` say what happened) and the caller goes on.
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
    const reply: ContactAttributes = {};

    let sent: boolean | undefined;
    if (p.activity === 'chat-link') {
      sent = await sendChatLink(deps, ContactData, language, p.customerId, reply);
    }
    if (!p.customerId) return { ...reply, recorded: 'false', reason: reply.reason ?? 'unknown-customer' };
    try {
      const queue = ContactData.Queue?.Name ?? undefined;
      const { duplicate } = await deps.profiles.appendInteraction(
        activityInteraction({
          kind: p.activity as IvrActivityKind,
          contactId: ContactData.ContactId,
          customerId: p.customerId,
          at: deps.clock(),
          language,
          ...(p.topic ? { topic: p.topic } : {}),
          ...(queue ? { queue } : {}),
          ...(sent !== undefined ? { sent } : {}),
        }),
      );
      return { ...reply, recorded: duplicate ? 'duplicate' : 'true' };
    } catch (error) {
      if (error instanceof CustomerNotFoundError) {
        // A customer deleted since the lookup, or an id that was never ours: nothing to record on.
        deps.logger.warn('no such customer: the IVR activity is not recorded');
        return { ...reply, recorded: 'false', reason: reply.reason ?? 'unknown-customer' };
      }
      deps.logger.error('could not record the IVR activity', error as Error);
      return { ...reply, recorded: 'false', reason: reply.reason ?? 'error' };
    }
  };
}

async function sendChatLink(
  deps: IvrActivityDeps,
  contact: { ContactId: string; CustomerEndpoint?: { Address?: string | null; Type?: string | null } | null },
  language: Language,
  customerId: string | undefined,
  reply: ContactAttributes,
): Promise<boolean> {
  // Only ever to the number that is calling: never to a number the flow or caller could choose.
  const to =
    contact.CustomerEndpoint?.Type === 'TELEPHONE_NUMBER' ? contact.CustomerEndpoint.Address : undefined;
  if (!to || !isE164(to)) {
    reply.sent = 'false';
    reply.reason = 'no-caller-number';
    return false;
  }
  if (!deps.chatLinkUrl) {
    reply.sent = 'false';
    reply.reason = 'not-configured';
    return false;
  }
  try {
    const result = await deps.sms.send({
      to,
      body: chatLinkMessage(language, deps.chatLinkUrl),
      purpose: 'transactional',
      ...(customerId ? { customerId } : {}),
    });
    reply.sent = String(result.sent);
    if (!result.sent) {
      reply.reason = result.reason;
      deps.logger.warn('chat link not sent', { reason: result.reason });
    }
    return result.sent;
  } catch (error) {
    deps.logger.error('chat link SMS failed', error as Error);
    reply.sent = 'false';
    reply.reason = 'error';
    return false;
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
export function handlerWith(adapters: Partial<ChannelAdapters> = {}) {
  return makeHandler({
    profiles: new DynamoProfileStore(createDocumentClient(), env.TABLE_NAME),
    sms: adapters.sms ?? new UnconfiguredSmsSender(),
    logger: createLogger(),
    clock: () => new Date(),
    defaultLanguage: env.DEFAULT_LANGUAGE,
    ...(env.CHAT_LINK_URL ? { chatLinkUrl: env.CHAT_LINK_URL } : {}),
  });
}

export const handler = handlerWith();
