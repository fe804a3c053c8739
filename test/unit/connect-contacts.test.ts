import {
  AccessDeniedException,
  ConnectClient,
  InternalServiceException,
  InvalidParameterException,
  InvalidRequestException,
  LimitExceededException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  StartChatContactCommand,
  StartTaskContactCommand,
  ThrottlingException,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsConnectContacts } from '../../lambdas/adapters/connect/connect-contacts.ts';
import {
  ConnectContactError,
  ConnectInvalidRequestError,
  ConnectServiceError,
  ConnectThrottledError,
  type StartChatRequest,
  type StartTaskRequest,
} from '../../lambdas/domain/contact/connect-contacts.ts';

const connect = mockClient(ConnectClient);
const client = new ConnectClient({ region: 'ap-northeast-1' });

const INSTANCE_ID = '9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e';
const FLOW_ID = '846ec553-a005-41c0-8341-7c1a2b3c4d5e';
const CONTACT_ID = '5ca32fbd-8f92-46af-92a5-6b0f970f0efe';
const STARTED = {
  ContactId: CONTACT_ID,
  ParticipantId: 'p-0a1b2c',
  ParticipantToken: 'participant-token-xyz',
};

function chat(overrides: Partial<StartChatRequest> = {}): StartChatRequest {
  return {
    instanceId: INSTANCE_ID,
    contactFlowId: FLOW_ID,
    displayName: '佐藤 花子',
    attributes: { known: 'true', customerId: 'C1' },
    language: 'ja',
    clientToken: 'token-1',
    ...overrides,
  };
}

function task(overrides: Partial<StartTaskRequest> = {}): StartTaskRequest {
  return {
    instanceId: INSTANCE_ID,
    contactFlowId: FLOW_ID,
    name: 'SMS from 佐藤 花子',
    description: '荷物がまだ届きません',
    attributes: { customerId: 'C1' },
    clientToken: 'sms:abc',
    ...overrides,
  };
}

describe('starting chats through Amazon Connect', () => {
  afterEach(() => {
    connect.reset();
  });

  it('sends StartChatContact with the name, attributes and language, duration, content types and token', async () => {
    // Prepare
    connect.on(StartChatContactCommand).resolves(STARTED);

    // Act
    const started = await new AwsConnectContacts(client).startChat(chat());

    // Assess
    expect(started).toEqual({
      contactId: CONTACT_ID,
      participantId: 'p-0a1b2c',
      participantToken: 'participant-token-xyz',
    });
    expect(connect).toReceiveCommandTimes(StartChatContactCommand, 1);
    expect(connect.commandCalls(StartChatContactCommand)[0]?.args[0].input).toEqual({
      InstanceId: INSTANCE_ID,
      ContactFlowId: FLOW_ID,
      ParticipantDetails: { DisplayName: '佐藤 花子' },
      Attributes: { known: 'true', customerId: 'C1', language: 'ja' },
      ClientToken: 'token-1',
      ChatDurationInMinutes: 1500,
      SupportedMessagingContentTypes: ['text/plain', 'text/markdown'],
    });
  });

  it('resumes an ended chat with PersistentChat and says which contact it continues', async () => {
    connect.on(StartChatContactCommand).resolves({ ...STARTED, ContinuedFromContactId: 'c-previous' });

    const started = await new AwsConnectContacts(client, { chatDurationInMinutes: 60 }).startChat(
      chat({ persistentChat: { sourceContactId: 'c-initial', rehydrationType: 'ENTIRE_PAST_SESSION' } }),
    );

    expect(started.continuedFromContactId).toBe('c-previous');
    expect(connect).toReceiveCommandWith(StartChatContactCommand, {
      ChatDurationInMinutes: 60,
      PersistentChat: { SourceContactId: 'c-initial', RehydrationType: 'ENTIRE_PAST_SESSION' },
    });
  });

  it.each([
    ['a display name of 257 characters', chat({ displayName: 'あ'.repeat(257) }), 'displayName'],
    ['an empty display name', chat({ displayName: '' }), 'displayName'],
    ['an attribute key with a dot', chat({ attributes: { 'customer.id': 'C1' } }), 'attributes.customer.id'],
    [
      'attributes over 32,768 UTF-8 bytes (11,000 kana are 33,000)',
      chat({ attributes: { recentSummary: 'あ'.repeat(11_000) } }),
      'attributes',
    ],
    ['an empty client token', chat({ clientToken: '' }), 'clientToken'],
    ['no instance', chat({ instanceId: '' }), 'instanceId'],
  ])('refuses %s unsent, naming the field', async (_what, request, field) => {
    const error = await new AwsConnectContacts(client).startChat(request).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectInvalidRequestError);
    expect((error as ConnectInvalidRequestError).field).toBe(field);
    expect((error as ConnectInvalidRequestError).reason).toBe('invalid');
    expect(connect).not.toReceiveCommand(StartChatContactCommand);
  });

  it('takes attributes of exactly 32,768 bytes', async () => {
    connect.on(StartChatContactCommand).resolves(STARTED);
    // "language" + "ja" are 10 bytes, "s" 1: the value fills the rest.
    const attributes = { s: 'x'.repeat(32_768 - 10 - 1) };

    await expect(new AwsConnectContacts(client).startChat(chat({ attributes }))).resolves.toMatchObject({
      contactId: CONTACT_ID,
    });
  });

  it.each([
    [
      'throttling',
      new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }),
      ConnectThrottledError,
    ],
    [
      'the concurrent chat quota',
      new LimitExceededException({ message: 'Limit exceeded', $metadata: {} }),
      ConnectThrottledError,
    ],
    [
      'an invalid request (a source chat still active)',
      new InvalidRequestException({ message: 'Source contact is active', $metadata: {} }),
      ConnectInvalidRequestError,
    ],
    [
      'an invalid parameter',
      new InvalidParameterException({ message: 'bad ContactFlowId', $metadata: {} }),
      ConnectInvalidRequestError,
    ],
    [
      'an unknown flow',
      new ResourceNotFoundException({ message: 'flow not found', $metadata: {} }),
      ConnectInvalidRequestError,
    ],
    [
      'a service fault',
      new InternalServiceException({ message: 'Internal error', $metadata: {} }),
      ConnectServiceError,
    ],
    [
      'missing permissions',
      new AccessDeniedException({ message: 'not authorized', $metadata: {} }),
      ConnectServiceError,
    ],
    [
      'a network failure',
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }),
      ConnectServiceError,
    ],
  ])('throws %s as a typed error with the AWS error as its cause', async (_what, awsError, type) => {
    connect.on(StartChatContactCommand).rejects(awsError);

    const error = await new AwsConnectContacts(client).startChat(chat()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(ConnectContactError);
    expect((error as Error).message).toBe(`StartChatContact failed: ${awsError.name}: ${awsError.message}`);
    expect((error as Error).cause).toBe(awsError);
  });

  it('treats an answer without a participant token as a service error', async () => {
    connect.on(StartChatContactCommand).resolves({ ContactId: CONTACT_ID, ParticipantId: 'p' });

    await expect(new AwsConnectContacts(client).startChat(chat())).rejects.toThrow(ConnectServiceError);
  });

  it.each([59, 10_081, 90.5])('refuses to be built with a chat duration of %s minutes', (minutes) => {
    expect(() => new AwsConnectContacts(client, { chatDurationInMinutes: minutes })).toThrow(
      /chatDurationInMinutes must be a whole number of minutes from 60 to 10080/,
    );
  });
});

describe('starting tasks through Amazon Connect', () => {
  afterEach(() => {
    connect.reset();
  });

  it('sends StartTaskContact with its name, description, attributes, references and token', async () => {
    connect.on(StartTaskContactCommand).resolves({ ContactId: 'task-1' });

    const started = await new AwsConnectContacts(client).startTask(
      task({ references: { profile: { value: 'https://crm.example.jp/customers/C1', type: 'URL' } } }),
    );

    expect(started).toEqual({ contactId: 'task-1' });
    expect(connect.commandCalls(StartTaskContactCommand)[0]?.args[0].input).toEqual({
      InstanceId: INSTANCE_ID,
      ContactFlowId: FLOW_ID,
      Name: 'SMS from 佐藤 花子',
      Description: '荷物がまだ届きません',
      Attributes: { customerId: 'C1' },
      References: { profile: { Value: 'https://crm.example.jp/customers/C1', Type: 'URL' } },
      ClientToken: 'sms:abc',
    });
  });

  it.each([
    ['a name of 1,025 characters', task({ name: 'x'.repeat(1_025) }), 'name'],
    ['an empty name', task({ name: '' }), 'name'],
    ['a description of 4,097 characters', task({ description: 'x'.repeat(4_097) }), 'description'],
  ])('refuses %s unsent', async (_what, request, field) => {
    const error = await new AwsConnectContacts(client).startTask(request).catch((e: unknown) => e);

    expect((error as ConnectInvalidRequestError).field).toBe(field);
    expect(connect).not.toReceiveCommand(StartTaskContactCommand);
  });

  it('takes a name of 1,024 and a description of 4,096 characters', async () => {
    connect.on(StartTaskContactCommand).resolves({ ContactId: 'task-1' });

    await expect(
      new AwsConnectContacts(client).startTask(
        task({ name: 'x'.repeat(1_024), description: 'y'.repeat(4_096) }),
      ),
    ).resolves.toEqual({ contactId: 'task-1' });
  });

  it('throws a full task quota as throttled, and an answer without a contact id as a service error', async () => {
    connect
      .on(StartTaskContactCommand)
      .rejectsOnce(new ServiceQuotaExceededException({ message: 'quota', $metadata: {} }))
      .resolvesOnce({});
    const contacts = new AwsConnectContacts(client);

    await expect(contacts.startTask(task())).rejects.toThrow(ConnectThrottledError);
    await expect(contacts.startTask(task())).rejects.toThrow(ConnectServiceError);
  });
});
