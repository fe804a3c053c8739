import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ConnectContactFlowEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { SmsOutbox, UnconfiguredSmsSender } from '../../lambdas/adapters/sms/senders.ts';
import { createLogger } from '../../lambdas/commons/logger.ts';
import { createDocumentClient } from '../../lambdas/composition/dynamodb.ts';
import { chatLinkMessage, IvrActivities } from '../../lambdas/domain/contact/ivr-activity.ts';
import { newCustomer } from '../../lambdas/domain/customer/customer-input.ts';
import type { SmsSender } from '../../lambdas/domain/messaging/sms.ts';
import {
  handler,
  handlerWith,
  type IvrActivityDeps,
  makeHandler,
} from '../../lambdas/handlers/ivr-activity.ts';
import { TEST_POLICY } from '../support/policy.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const CONTACT = '5ca32fbd-8f92-46af-92a5-6b0f970f0efe';
const now = new Date('2026-11-23T13:00:00.000Z');
const profile = {
  ...newCustomer(
    { name: '佐藤 花子', phone: '+819012345678' },
    { id: 'C1', now, policy: TEST_POLICY, source: 'api' },
  ),
  pk: 'CUSTOMER#C1',
  sk: 'PROFILE',
  _et: 'Customer',
};

function event(parameters: Record<string, string>, address: string | null = '+819012345678', queue?: string) {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: CONTACT,
        CustomerEndpoint: address ? { Address: address, Type: 'TELEPHONE_NUMBER' } : null,
        Queue: queue ? { ARN: 'arn:aws:connect:…/queue/x', Name: queue } : null,
      },
      Parameters: parameters,
    },
  } as unknown as ConnectContactFlowEvent;
}

/** The handler's dependencies, with the IVR activities on a mocked table and an outbox. */
function deps(
  o: { readonly sms?: SmsSender; readonly chatLinkUrl?: string | undefined } = {},
): IvrActivityDeps & { outbox: SmsOutbox } {
  const outbox = new SmsOutbox(() => now);
  const chatLinkUrl = 'chatLinkUrl' in o ? o.chatLinkUrl : 'https://chat.example.com/help';
  return {
    activities: new IvrActivities({
      profiles: new DynamoProfileStore(createDocumentClient({ region: 'ap-northeast-1' }), 'profiles'),
      sms: o.sms ?? outbox,
      ...(chatLinkUrl ? { chatLinkUrl } : {}),
    }),
    outbox,
    logger: createLogger('test'),
    clock: () => now,
    defaultLanguage: 'ja',
  };
}

/** The interaction the transaction put on the timeline. */
function writtenInteraction() {
  const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
  return items.map((i) => i.Put?.Item).find((item) => String(item?.sk).startsWith('TL#'));
}

describe('the IVR activity Lambda', () => {
  afterEach(() => {
    ddb.reset();
    vi.restoreAllMocks();
  });

  it('records the menu choice on the timeline with the queue, in one read and one transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: profile });
    ddb.on(TransactWriteCommand).resolves({});

    const reply = await makeHandler(deps())(
      event(
        { activity: 'menu', customerId: 'C1', language: 'ja', topic: 'billing' },
        '+819012345678',
        'billing',
      ),
    );

    expect(reply).toEqual({ recorded: 'true' });
    expect(ddb.calls()).toHaveLength(2);
    expect(writtenInteraction()).toMatchObject({
      id: `${CONTACT}:menu`,
      customerId: 'C1',
      channel: 'voice',
      direction: 'inbound',
      contactId: CONTACT,
      queue: 'billing',
      topic: 'billing',
      status: 'routed',
      summary: 'IVR: billing を選択（billing キュー）',
      at: now.toISOString(),
    });
  });

  it('records a retried call once: the second is a duplicate', async () => {
    ddb.on(GetCommand).resolves({ Item: profile });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );

    const reply = await makeHandler(deps())(
      event({ activity: 'callback', customerId: 'C1', language: 'en' }),
    );

    expect(reply).toEqual({ recorded: 'duplicate' });
  });

  it('sends the chat link to the calling number only, and records the switch to SMS', async () => {
    ddb.on(GetCommand).resolves({ Item: profile });
    ddb.on(TransactWriteCommand).resolves({});
    const d = deps();

    const reply = await makeHandler(d)(
      event({ activity: 'chat-link', customerId: 'C1', language: 'ja', to: '+819099999999' } as never),
    );

    expect(reply).toEqual({ sent: 'true', recorded: 'true' });
    expect(d.outbox.messages).toEqual([
      expect.objectContaining({
        to: '+819012345678',
        body: 'チャットはこちら: https://chat.example.com/help',
        purpose: 'transactional',
        customerId: 'C1',
      }),
    ]);
    expect(writtenInteraction()).toMatchObject({
      id: `${CONTACT}:chat-link`,
      channel: 'sms',
      direction: 'outbound',
      topic: 'chat-link',
      status: 'requested',
      summary: 'チャットのリンクを SMS でご案内',
    });
  });

  it('sends the link once when Connect retries the invocation: the record claims the send', async () => {
    ddb.on(GetCommand).resolves({ Item: profile });
    ddb
      .on(TransactWriteCommand)
      .resolvesOnce({})
      .rejects(
        new TransactionCanceledException({
          message: 'cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
        }),
      );
    const d = deps();
    const send = makeHandler(d);

    const first = await send(event({ activity: 'chat-link', customerId: 'C1' }));
    const retry = await send(event({ activity: 'chat-link', customerId: 'C1' }));

    expect(first).toEqual({ recorded: 'true', sent: 'true' });
    expect(retry).toEqual({ recorded: 'duplicate', sent: 'true' });
    expect(d.outbox.messages).toHaveLength(1);
  });

  it('keeps the Japanese chat-link SMS to one UCS-2 segment (70 characters) with the longest allowed link', () => {
    const longest = `https://${'a'.repeat(43)}.example/`; // 60 characters, the stage config's maximum
    expect(longest).toHaveLength(60);

    expect(chatLinkMessage('ja', longest)).toHaveLength(70);
    expect(chatLinkMessage('en', 'https://chat.example.com/')).toBe(
      'Chat with us: https://chat.example.com/',
    );
  });

  it('sends no link to an unknown caller: only to a customer, at their own number', async () => {
    const d = deps();

    const reply = await makeHandler(d)(event({ activity: 'chat-link', language: 'en' }));

    expect(reply).toEqual({ sent: 'false', recorded: 'false', reason: 'unknown-customer' });
    expect(d.outbox.messages).toEqual([]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('sends no link for a customer id that does not exist', async () => {
    ddb.on(GetCommand).resolves({});
    const d = deps();
    vi.spyOn(d.logger, 'warn').mockImplementation(() => {});

    const reply = await makeHandler(d)(event({ activity: 'chat-link', customerId: 'C404' }));

    expect(reply).toEqual({ sent: 'false', recorded: 'false', reason: 'unknown-customer' });
    expect(d.outbox.messages).toEqual([]);
  });

  it('says not-configured when there is no chat page, or no SMS channel yet, and records the failed switch', async () => {
    ddb.on(GetCommand).resolves({ Item: profile });
    ddb.on(TransactWriteCommand).resolves({});

    const noUrl = await makeHandler(deps({ chatLinkUrl: undefined }))(
      event({ activity: 'chat-link', customerId: 'C1' }),
    );
    const noChannel = await makeHandler(deps({ sms: new UnconfiguredSmsSender() }))(
      event({ activity: 'chat-link', customerId: 'C1' }),
    );

    expect(noUrl).toEqual({ sent: 'false', reason: 'not-configured', recorded: 'true' });
    expect(noChannel).toEqual({ sent: 'false', reason: 'not-configured', recorded: 'true' });
  });

  it('never sends to a number that is not E.164, nor to a chat contact', async () => {
    const d = deps();

    ddb.on(GetCommand).resolves({ Item: profile });
    ddb.on(TransactWriteCommand).resolves({});

    expect(
      await makeHandler(d)(event({ activity: 'chat-link', customerId: 'C1' }, '0312345678')),
    ).toMatchObject({
      sent: 'false',
      reason: 'no-caller-number',
    });
    expect(await makeHandler(d)(event({ activity: 'chat-link', customerId: 'C1' }, null))).toMatchObject({
      sent: 'false',
    });
    expect(d.outbox.messages).toEqual([]);
  });

  it('fails soft: an SMS adapter that throws, or DynamoDB down, still gives the flow a reply', async () => {
    const failing: SmsSender = { send: () => Promise.reject(new Error('network down')) };
    ddb.on(GetCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    const d = deps({ sms: failing });
    const logged = vi.spyOn(d.logger, 'error').mockImplementation(() => {});

    const reply = await makeHandler(d)(event({ activity: 'chat-link', customerId: 'C1' }));

    expect(reply).toEqual({ sent: 'false', reason: 'error', recorded: 'false' });
    expect(logged).toHaveBeenCalledTimes(2);
  });

  it('rejects an unknown activity or a malformed event with a reason, touching nothing', async () => {
    const d = deps();
    const warned = vi.spyOn(d.logger, 'warn').mockImplementation(() => {});

    expect(await makeHandler(d)(event({ activity: 'dance', customerId: 'C1' }))).toEqual({
      recorded: 'false',
      reason: 'invalid-event',
    });
    expect(await makeHandler(d)({ Details: {} } as unknown as ConnectContactFlowEvent)).toMatchObject({
      reason: 'invalid-event',
    });
    expect(warned).toHaveBeenCalledWith('unreadable IVR activity event', {
      issue: 'Details.Parameters.activity',
    });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('is wired at module scope to TABLE_NAME, and takes other channel adapters through handlerWith', async () => {
    ddb.on(GetCommand).resolves({});

    expect(await handler(event({ activity: 'after-hours', customerId: 'C404' }))).toEqual({
      recorded: 'false',
      reason: 'unknown-customer',
    });
    expect(ddb).toReceiveCommandWith(GetCommand, { TableName: 'unit-test-table' });
    const outbox = new SmsOutbox();
    await handlerWith({ sms: outbox })(event({ activity: 'chat-link' }));
    // No CHAT_LINK_URL in this environment: nothing is sent, through any adapter.
    expect(outbox.messages).toEqual([]);
  });
});
