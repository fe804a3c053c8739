import {
  type ConnectClient,
  StartChatContactCommand,
  type StartChatContactCommandInput,
  StartTaskContactCommand,
  type StartTaskContactCommandInput,
} from '@aws-sdk/client-connect';
import {
  type ConnectAttributes,
  ConnectContactError,
  type ConnectContacts,
  ConnectInvalidRequestError,
  ConnectServiceError,
  ConnectThrottledError,
  type StartChatRequest,
  type StartedChat,
  type StartedTask,
  type StartTaskRequest,
} from '../../domain/contact/connect-contacts.ts';

// Connect's limits (StartChatContact / StartTaskContact), checked here so that a request Connect
// would refuse fails with the field at fault, unsent.
const MAX_DISPLAY_NAME = 256;
const MAX_TASK_NAME = 1_024;
const MAX_TASK_DESCRIPTION = 4_096;
const MAX_ATTRIBUTE_BYTES = 32_768;
const MAX_CLIENT_TOKEN = 500;
const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;

/** What the chat widget renders; Connect requires `text/plain` among them. */
export const CHAT_CONTENT_TYPES = ['text/plain', 'text/markdown'] as const;
/** Connect's own default chat duration (25 hours), sent explicitly so that it is visible. */
export const DEFAULT_CHAT_DURATION_MINUTES = 1_500;

// Quotas (requests per second, concurrent chats per instance): the same request succeeds later.
const THROTTLED = new Set([
  'ThrottlingException',
  'LimitExceededException',
  'ServiceQuotaExceededException',
  'TooManyRequestsException',
]);
// This request is wrong for Connect (an unknown flow, a source chat still active): resending fails.
const INVALID = new Set([
  'InvalidRequestException',
  'InvalidParameterException',
  'ResourceNotFoundException',
  'IdempotencyException',
  'ValidationException',
]);

export interface AwsConnectContactsOptions {
  /**
   * How long a chat session may last before Connect ends it (60-10,080 minutes).
   * @default 1500 (Connect's default, 25 hours)
   */
  readonly chatDurationInMinutes?: number;
}

/**
 * Chats and tasks through the Amazon Connect API. Failures are thrown as typed errors
 * (`ConnectThrottledError`, `ConnectInvalidRequestError`, `ConnectServiceError`), the AWS error as
 * their cause.
 */
export class AwsConnectContacts implements ConnectContacts {
  private readonly chatDurationInMinutes: number;

  constructor(
    private readonly client: ConnectClient,
    options: AwsConnectContactsOptions = {},
  ) {
    const minutes = options.chatDurationInMinutes ?? DEFAULT_CHAT_DURATION_MINUTES;
    if (!Number.isInteger(minutes) || minutes < 60 || minutes > 10_080) {
      throw new Error(
        `chatDurationInMinutes must be a whole number of minutes from 60 to 10080 (7 days), got \`${minutes}\``,
      );
    }
    this.chatDurationInMinutes = minutes;
  }

  async startChat(request: StartChatRequest): Promise<StartedChat> {
    checkIds(request);
    checkLength('displayName', request.displayName, 1, MAX_DISPLAY_NAME);
    checkClientToken(request.clientToken);
    const input: StartChatContactCommandInput = {
      InstanceId: request.instanceId,
      ContactFlowId: request.contactFlowId,
      ParticipantDetails: { DisplayName: request.displayName },
      Attributes: checkAttributes({ ...request.attributes, language: request.language }),
      ClientToken: request.clientToken,
      ChatDurationInMinutes: this.chatDurationInMinutes,
      SupportedMessagingContentTypes: [...CHAT_CONTENT_TYPES],
      ...(request.persistentChat
        ? {
            PersistentChat: {
              SourceContactId: request.persistentChat.sourceContactId,
              RehydrationType: request.persistentChat.rehydrationType,
            },
          }
        : {}),
    };
    const output = await this.call('StartChatContact', () =>
      this.client.send(new StartChatContactCommand(input)),
    );
    const { ContactId, ParticipantId, ParticipantToken, ContinuedFromContactId } = output;
    if (!ContactId || !ParticipantId || !ParticipantToken) {
      throw new ConnectServiceError('StartChatContact answered without a contact, participant or token');
    }
    return {
      contactId: ContactId,
      participantId: ParticipantId,
      participantToken: ParticipantToken,
      ...(ContinuedFromContactId ? { continuedFromContactId: ContinuedFromContactId } : {}),
    };
  }

  async startTask(request: StartTaskRequest): Promise<StartedTask> {
    checkIds(request);
    checkLength('name', request.name, 1, MAX_TASK_NAME);
    checkLength('description', request.description, 0, MAX_TASK_DESCRIPTION);
    checkClientToken(request.clientToken);
    const input: StartTaskContactCommandInput = {
      InstanceId: request.instanceId,
      ContactFlowId: request.contactFlowId,
      Name: request.name,
      Description: request.description,
      Attributes: checkAttributes(request.attributes),
      ...(request.references
        ? {
            References: Object.fromEntries(
              Object.entries(request.references).map(([name, r]) => [name, { Value: r.value, Type: r.type }]),
            ),
          }
        : {}),
      ClientToken: request.clientToken,
    };
    const { ContactId } = await this.call('StartTaskContact', () =>
      this.client.send(new StartTaskContactCommand(input)),
    );
    if (!ContactId) throw new ConnectServiceError('StartTaskContact answered without a contact id');
    return { contactId: ContactId };
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof ConnectContactError) throw error;
      const name = error instanceof Error ? error.name : 'UnknownError';
      const message = `${operation} failed: ${name}${error instanceof Error ? `: ${error.message}` : ''}`;
      if (THROTTLED.has(name)) throw new ConnectThrottledError(message, { cause: error });
      if (INVALID.has(name)) throw new ConnectInvalidRequestError(message, undefined, { cause: error });
      throw new ConnectServiceError(message, { cause: error });
    }
  }
}

function checkIds(request: { readonly instanceId: string; readonly contactFlowId: string }): void {
  checkLength('instanceId', request.instanceId, 1, 100);
  checkLength('contactFlowId', request.contactFlowId, 1, 500);
}

function checkLength(field: string, value: string, min: number, max: number): void {
  if (value.length < min || value.length > max) {
    throw new ConnectInvalidRequestError(
      `${field} must be ${min} to ${max} characters, got ${value.length}`,
      field,
    );
  }
}

function checkClientToken(token: string): void {
  checkLength('clientToken', token, 1, MAX_CLIENT_TOKEN);
}

function checkAttributes(attributes: ConnectAttributes): Record<string, string> {
  let bytes = 0;
  for (const [key, value] of Object.entries(attributes)) {
    if (!ATTRIBUTE_KEY.test(key)) {
      throw new ConnectInvalidRequestError(
        `attribute key \`${key}\` may hold only letters, digits, - and _`,
        `attributes.${key}`,
      );
    }
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > MAX_ATTRIBUTE_BYTES) {
    throw new ConnectInvalidRequestError(
      `attributes total ${bytes} UTF-8 bytes; Connect takes at most ${MAX_ATTRIBUTE_BYTES}`,
      'attributes',
    );
  }
  return { ...attributes };
}
