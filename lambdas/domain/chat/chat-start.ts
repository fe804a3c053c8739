import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  ConnectContactError,
  type ConnectContacts,
  type StartChatRequest,
  type StartedChat,
} from '../contact/connect-contacts.ts';
import {
  type ContactAttributes,
  toContactAttributes,
  unknownCaller,
} from '../customer/contact-attributes.ts';
import { customerContext } from '../customer/context.ts';
import { type Customer, type InteractionSummary, LANGUAGES, type Language } from '../customer/customer.ts';
import type { ProfileStore } from '../customer/profile-store.ts';
import { ValidationError } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import type { SigningSecrets } from '../signed-token.ts';
import { MAX_CUSTOMER_TOKEN_LENGTH, verifyCustomerToken } from './customer-token.ts';

/**
 * Fields a client may send that name Connect resources. The chat start never routes by them (the
 * instance and flow come from the deployment), and they are dropped before validation, so that a
 * widget sending them still works; the handler logs that they were there.
 */
export const IGNORED_BODY_FIELDS = [
  'instanceId',
  'contactFlowId',
  'queueId',
  'flowId',
  'InstanceId',
  'ContactFlowId',
] as const;

/** Connect contact ids are UUIDs; SourceContactId takes 1-256 characters. */
const CONTACT_ID = /^[A-Za-z0-9-]{1,256}$/;

export const chatStartInput = z.strictObject({
  /** The name the agent sees. */
  displayName: z
    .string()
    .trim()
    .min(1, 'displayName must not be empty')
    .max(256, 'displayName must be at most 256 characters')
    .regex(/^\P{Cc}*$/u, 'displayName must not contain control characters'),
  /** Signed by the host site for a logged-in customer (docs/chat.md); absent: an anonymous chat. */
  customerToken: z.string().min(1).max(MAX_CUSTOMER_TOKEN_LENGTH).optional(),
  /** The conversation's language for an anonymous chat; a known customer's comes from the profile. */
  language: z.enum(LANGUAGES).optional(),
  /** The chat to resume (the first contact id of the session the client kept): persistent chat. */
  previousContactId: z
    .string()
    .regex(CONTACT_ID, 'previousContactId must be a Connect contact id')
    .optional(),
});
export type ChatStartInput = z.output<typeof chatStartInput>;

export type ChatStartResult =
  | {
      readonly ok: true;
      readonly contactId: string;
      readonly participantId: string;
      readonly participantToken: string;
      /** The contact whose transcript this chat carries on (persistent chat). */
      readonly continuedFromContactId?: string;
      /** Whether the chat is a known customer's. */
      readonly known: boolean;
      /** Whether the contact pointer and the timeline entry were written (known customers only). */
      readonly recorded: boolean;
      /** Why they were not, when writing them failed. */
      readonly recordError?: Error;
    }
  | {
      readonly ok: false;
      readonly status: 400 | 401 | 429 | 502;
      /** Stable, for the client to branch on (docs/chat.md). */
      readonly reason: string;
      readonly field?: string;
      readonly message?: string;
    };

export interface ChatStartConfig {
  /** The Connect instance: from the deployment, never from the request. */
  readonly instanceId: string;
  /** The inbound chat flow: from the deployment, never from the request. */
  readonly contactFlowId: string;
  /** @default 'ja' */
  readonly defaultLanguage?: Language;
}

export interface ChatStartDeps {
  readonly profiles: Pick<ProfileStore, 'get' | 'customerForContact' | 'recordContact' | 'appendInteraction'>;
  readonly connect: Pick<ConnectContacts, 'startChat'>;
  /** The customer token secrets, current first; read only when a request carries a token. */
  readonly customerTokenSecrets: SigningSecrets;
  readonly clock: () => Date;
  /** @default randomUUID */
  readonly newClientToken?: () => string;
}

/** Interactions summed up for the agent in `recentSummary`. */
const SUMMARY_INTERACTIONS = 3;
const SUMMARY_TEXT = 60;
const MAX_RECENT_SUMMARY = 400;

/**
 * Starts a web chat on the deployment's Connect instance and flow. A customer the host site vouches
 * for (a valid customer token) comes with their context as contact attributes, the same keys the
 * IVR's flows read plus `recentSummary`; the contact is remembered against them (AP4) and goes on
 * their timeline. Anyone else chats anonymously. Never throws for a bad request or a refusal by
 * Connect: the result says what the client should do.
 */
export class ChatStart {
  private readonly defaultLanguage: Language;

  constructor(
    private readonly config: ChatStartConfig,
    private readonly deps: ChatStartDeps,
  ) {
    if (!config.instanceId) {
      throw new Error('the chat start needs the Connect instance id (environment CONNECT_INSTANCE_ID)');
    }
    if (!config.contactFlowId) {
      throw new Error('the chat start needs the chat flow id (environment CHAT_FLOW_ID)');
    }
    this.defaultLanguage = config.defaultLanguage ?? 'ja';
  }

  async start(body: unknown): Promise<ChatStartResult> {
    let input: ChatStartInput;
    try {
      input = parseInput(chatStartInput, withoutIgnoredFields(body));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return {
        ok: false,
        status: 400,
        reason: 'invalid-request',
        field: error.field,
        message: error.message,
      };
    }

    let customerId: string | undefined;
    if (input.customerToken !== undefined) {
      const secrets = await this.deps.customerTokenSecrets();
      const check = verifyCustomerToken(input.customerToken, secrets, this.deps.clock());
      if (!check.ok) {
        return { ok: false, status: 401, reason: `customer-token-${check.reason}`, field: 'customerToken' };
      }
      customerId = check.claims.customerId;
    }

    const previous = input.previousContactId;
    if (previous !== undefined && customerId === undefined) {
      return {
        ok: false,
        status: 400,
        reason: 'previous-contact-needs-customer-token',
        field: 'previousContactId',
        message: 'only a customer with a customer token can resume a chat',
      };
    }

    const [customer, previousOwner] = await Promise.all([
      customerId === undefined ? undefined : this.deps.profiles.get(customerId),
      previous === undefined ? undefined : this.deps.profiles.customerForContact(previous),
    ]);
    // One answer for "no such contact" and "another customer's": the id tells the caller nothing.
    if (previous !== undefined && previousOwner !== customerId) {
      return {
        ok: false,
        status: 400,
        reason: 'previous-contact-not-found',
        field: 'previousContactId',
        message: 'there is no chat of this customer with that contact id to resume',
      };
    }

    const now = this.deps.clock();
    const language = customer?.language ?? input.language ?? this.defaultLanguage;
    const request: StartChatRequest = {
      instanceId: this.config.instanceId,
      contactFlowId: this.config.contactFlowId,
      displayName: input.displayName,
      attributes: customer
        ? chatAttributes(customer, now)
        : // A genuine token for a customer tsunagu has no profile of (yet): chat on, as unknown.
          unknownCaller(language, customerId === undefined ? 'anonymous' : 'not-found'),
      language,
      clientToken: this.deps.newClientToken?.() ?? randomUUID(),
      ...(previous !== undefined
        ? { persistentChat: { sourceContactId: previous, rehydrationType: 'ENTIRE_PAST_SESSION' } }
        : {}),
    };

    let started: StartedChat;
    try {
      started = await this.deps.connect.startChat(request);
    } catch (error) {
      if (!(error instanceof ConnectContactError)) throw error;
      return refusedByConnect(error, previous !== undefined);
    }

    const recording = customer
      ? await this.record(customer, started.contactId, now, previous)
      : { recorded: false };
    return {
      ok: true,
      contactId: started.contactId,
      participantId: started.participantId,
      participantToken: started.participantToken,
      ...(started.continuedFromContactId ? { continuedFromContactId: started.continuedFromContactId } : {}),
      known: customer !== undefined,
      ...recording,
    };
  }

  /**
   * The contact pointer first, alone: the contact's first events arrive within seconds and must find
   * the customer even if the timeline write has to retry. The chat is already waiting in the queue,
   * so a failure here does not fail the start: it is reported as `recorded: false` with the error.
   */
  private async record(
    customer: Customer,
    contactId: string,
    now: Date,
    previous?: string,
  ): Promise<{ recorded: boolean; recordError?: Error }> {
    const at = now.toISOString();
    try {
      await this.deps.profiles.recordContact(contactId, customer.id, at);
      await this.deps.profiles.appendInteraction({
        id: `chat:${contactId}`,
        customerId: customer.id,
        at,
        channel: 'chat',
        direction: 'inbound',
        contactId,
        topic: 'chat',
        ...(previous ? { summary: `resumed chat ${previous}` } : {}),
        status: 'started',
      });
      return { recorded: true };
    } catch (error) {
      return { recorded: false, recordError: error instanceof Error ? error : new Error(String(error)) };
    }
  }
}

/** The fields of `body` a client may send but the chat start never uses, if there are any. */
export function ignoredFieldsIn(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  return IGNORED_BODY_FIELDS.filter((k) => Object.hasOwn(body, k));
}

function withoutIgnoredFields(body: unknown): unknown {
  if (ignoredFieldsIn(body).length === 0) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const k of IGNORED_BODY_FIELDS) delete copy[k];
  return copy;
}

/** The customer's context as chat attributes: the IVR's keys, and the last interactions in a line. */
export function chatAttributes(customer: Customer, now: Date): ContactAttributes {
  return {
    ...toContactAttributes(customerContext(customer, now)),
    recentSummary: recentSummary(customer.recent, customer.timeZone),
  };
}

/**
 * `2026-11-20 voice billing: IVR: billing を選択 / 2026-11-18 sms: 荷物がまだ…`: newest first,
 * dates in the customer's time zone, short enough for the agent to take in at a glance.
 */
export function recentSummary(recent: readonly InteractionSummary[], timeZone: string): string {
  const line = recent
    .slice(0, SUMMARY_INTERACTIONS)
    .map((i) => {
      const what = [localDate(i.at, timeZone), i.channel, i.topic].filter(Boolean).join(' ');
      return i.summary ? `${what}: ${shorten(i.summary, SUMMARY_TEXT)}` : what;
    })
    .join(' / ');
  return shorten(line, MAX_RECENT_SUMMARY);
}

function shorten(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

function localDate(at: string, timeZone: string): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(new Date(at));
  } catch {
    return at.slice(0, 10);
  }
}

function refusedByConnect(error: ConnectContactError, resuming: boolean): ChatStartResult {
  switch (error.reason) {
    case 'throttled':
      return {
        ok: false,
        status: 429,
        reason: 'throttled',
        message: 'too many chats right now; try again shortly',
      };
    case 'invalid':
      // With the deployment's own instance and flow, what Connect refuses is the chat to resume: one
      // still going on, or ended less than a minute ago (its transcript is not ready yet).
      if (resuming) {
        return {
          ok: false,
          status: 400,
          reason: 'previous-contact-not-resumable',
          field: 'previousContactId',
          message: 'that chat cannot be resumed now: it may still be active or have ended under a minute ago',
        };
      }
      return { ok: false, status: 502, reason: 'connect-refused' };
    default:
      return { ok: false, status: 502, reason: 'connect-error' };
  }
}
