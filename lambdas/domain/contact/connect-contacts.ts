import type { Language } from '../customer/customer.ts';

// The Amazon Connect seam for contacts tsunagu starts itself: chats a customer opens from the web
// and tasks for a person to pick up (a customer's text that needs an answer). The AWS adapter calls
// StartChatContact / StartTaskContact; the local twin and the tests give it a fake.

/** Contact attributes: a flat string map the flow reads as `$.Attributes.*`. */
export type ConnectAttributes = Readonly<Record<string, string>>;

export interface StartChatRequest {
  readonly instanceId: string;
  readonly contactFlowId: string;
  /** The name the agent sees (1-256 characters). */
  readonly displayName: string;
  /** Keys of letters, digits, `-` and `_`; at most 32,768 UTF-8 bytes, keys and values together. */
  readonly attributes: ConnectAttributes;
  /** The language of the conversation; the flow reads it as the `language` attribute. */
  readonly language: Language;
  /** Idempotency: Connect answers a repeated token with the contact it already started. */
  readonly clientToken: string;
  /** Resume an ended chat: its transcript is carried into the new one. */
  readonly persistentChat?: {
    /** The initial contact id of the ended chat session. */
    readonly sourceContactId: string;
    readonly rehydrationType: 'ENTIRE_PAST_SESSION';
  };
}

export interface StartedChat {
  readonly contactId: string;
  readonly participantId: string;
  /** The customer's token for CreateParticipantConnection (within 5 minutes). */
  readonly participantToken: string;
  /** The contact whose transcript a persistent chat carries on. */
  readonly continuedFromContactId?: string;
}

export interface StartTaskRequest {
  readonly instanceId: string;
  readonly contactFlowId: string;
  /** 1-1,024 characters: the task's title in the agent's workspace. */
  readonly name: string;
  /** At most 4,096 characters. */
  readonly description: string;
  readonly attributes: ConnectAttributes;
  /** Links and values shown with the task, by name. */
  readonly references?: Readonly<
    Record<string, { readonly value: string; readonly type: 'URL' | 'NUMBER' | 'STRING' | 'DATE' | 'EMAIL' }>
  >;
  readonly clientToken: string;
}

export interface StartedTask {
  readonly contactId: string;
}

export interface ConnectContacts {
  startChat(request: StartChatRequest): Promise<StartedChat>;
  startTask(request: StartTaskRequest): Promise<StartedTask>;
}

/**
 * Why Connect did not start a contact: `throttled` (a rate or concurrency quota: try again later),
 * `invalid` (Connect refused this request: sending it again fails again), `error` (anything else:
 * the service, permissions, the network).
 */
export type ConnectFailure = 'throttled' | 'invalid' | 'error';

export class ConnectContactError extends Error {
  constructor(
    readonly reason: ConnectFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectContactError';
  }
}

export class ConnectThrottledError extends ConnectContactError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('throttled', message, options);
    this.name = 'ConnectThrottledError';
  }
}

/** Connect refused the request, or the adapter did before asking (`field` names the input at fault). */
export class ConnectInvalidRequestError extends ConnectContactError {
  constructor(
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super('invalid', message, options);
    this.name = 'ConnectInvalidRequestError';
  }
}

export class ConnectServiceError extends ConnectContactError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('error', message, options);
    this.name = 'ConnectServiceError';
  }
}
