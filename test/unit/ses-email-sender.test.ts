import {
  AccountSuspendedException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmailOutbox } from '../../lambdas/adapters/email/outbox.ts';
import { SesEmailSender } from '../../lambdas/adapters/ses/ses-email-sender.ts';
import type { EmailMessage } from '../../lambdas/domain/messaging/email.ts';

const ses = mockClient(SESv2Client);
const ADDRESS = 'hanako.sato@example.jp';
const UNSUBSCRIBE = 'https://example.jp/unsubscribe/v1.abc.def';

const marketing: EmailMessage = {
  to: ADDRESS,
  subject: '冬のセール',
  html: '<p>佐藤様</p>',
  text: '佐藤様',
  headers: {
    'List-Unsubscribe': `<${UNSUBSCRIBE}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  purpose: 'marketing',
  customerId: '01JD3Z8K4QH7V6W5X4Y3Z2A1B0',
};

function sender(logger = { warn: vi.fn() }) {
  return {
    logger,
    sender: new SesEmailSender(new SESv2Client({ region: 'ap-northeast-1' }), {
      fromAddress: 'support@mail.example.jp',
      configurationSetName: 'tsunagu-dev',
      logger,
    }),
  };
}

describe('SesEmailSender (SDK mocked)', () => {
  afterEach(() => {
    ses.reset();
  });

  it('sends both parts in UTF-8 through the configuration set, with the one-click unsubscribe headers', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });

    const result = await sender().sender.send(marketing);

    expect(result).toEqual({ sent: true, messageId: 'ses-0001' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
    expect(ses).toReceiveCommandWith(SendEmailCommand, {
      FromEmailAddress: 'support@mail.example.jp',
      Destination: { ToAddresses: [ADDRESS] },
      ConfigurationSetName: 'tsunagu-dev',
      Content: {
        Simple: {
          Subject: { Data: '冬のセール', Charset: 'UTF-8' },
          Body: {
            Text: { Data: '佐藤様', Charset: 'UTF-8' },
            Html: { Data: '<p>佐藤様</p>', Charset: 'UTF-8' },
          },
          Headers: [
            { Name: 'List-Unsubscribe', Value: `<${UNSUBSCRIBE}>` },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
      EmailTags: [
        { Name: 'purpose', Value: 'marketing' },
        { Name: 'customerId', Value: '01JD3Z8K4QH7V6W5X4Y3Z2A1B0' },
      ],
    });
    // SES-managed list management would replace our own List-Unsubscribe headers.
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.ListManagementOptions).toBeUndefined();
  });

  it('sends no headers when the message has none, and tags only the purpose without a customer', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0002' });
    const { headers: _, customerId: __, ...transactional } = marketing;

    await sender().sender.send({ ...transactional, purpose: 'transactional' });

    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Content?.Simple?.Headers).toBeUndefined();
    expect(input?.EmailTags).toEqual([{ Name: 'purpose', Value: 'transactional' }]);
  });

  it('encodes non-ASCII header values and a Japanese sender name as RFC 2047 encoded words', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0003' });
    const japanese = new SesEmailSender(new SESv2Client({ region: 'ap-northeast-1' }), {
      fromAddress: 'つなぐサポート <support@mail.example.jp>',
      configurationSetName: 'tsunagu-dev',
    });

    await japanese.send({ ...marketing, headers: { 'X-Campaign': '冬' } });

    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.FromEmailAddress).toBe(
      `=?UTF-8?B?${Buffer.from('つなぐサポート').toString('base64')}?= <support@mail.example.jp>`,
    );
    expect(input?.Content?.Simple?.Headers).toEqual([
      { Name: 'X-Campaign', Value: `=?UTF-8?B?${Buffer.from('冬').toString('base64')}?=` },
    ]);
  });

  it.each([
    [
      'MessageRejected',
      new MessageRejected({ message: `Email address is not verified: ${ADDRESS}`, $metadata: {} }),
    ],
    ['AccountSuspendedException', new AccountSuspendedException({ message: 'suspended', $metadata: {} })],
    [
      'MailFromDomainNotVerifiedException',
      new MailFromDomainNotVerifiedException({ message: 'not verified', $metadata: {} }),
    ],
  ])('reports %s as rejected, without throwing', async (name, error) => {
    ses.on(SendEmailCommand).rejects(error);

    const result = await sender().sender.send(marketing);

    expect(result).toMatchObject({ sent: false, reason: 'rejected' });
    expect(!result.sent && result.detail).toContain(name);
  });

  it('reports throttling and network failures as errors, without throwing', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'slow down', $metadata: {} }))
      .rejectsOnce(new Error('socket hang up'));
    const { sender: email } = sender();

    expect(await email.send(marketing)).toMatchObject({ sent: false, reason: 'error' });
    expect(await email.send(marketing)).toEqual({
      sent: false,
      reason: 'error',
      detail: 'Error: socket hang up',
    });
  });

  it('never logs or returns the full address, even when SES quotes it', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(new MessageRejected({ message: `Email address is not verified: ${ADDRESS}`, $metadata: {} }));
    const { sender: email, logger } = sender();

    const result = await email.send(marketing);

    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'email not sent',
      expect.objectContaining({ to: 'h***@example.jp', reason: 'rejected' }),
    );
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(ADDRESS);
    expect(JSON.stringify(result)).not.toContain(ADDRESS);
  });

  it('refuses to be built without a sender address or a configuration set', () => {
    const client = new SESv2Client({ region: 'ap-northeast-1' });

    expect(() => new SesEmailSender(client, { fromAddress: 'support', configurationSetName: 'x' })).toThrow(
      /verified SES identity/,
    );
    expect(
      () => new SesEmailSender(client, { fromAddress: 'support@mail.example.jp', configurationSetName: '' }),
    ).toThrow(/configurationSetName/);
  });
});

describe('EmailOutbox (the twin and the tests)', () => {
  it('keeps every email as sent, headers and customer included, in order', async () => {
    const outbox = new EmailOutbox(() => new Date('2026-11-23T01:00:00.000Z'));

    const first = await outbox.send(marketing);
    const second = await outbox.send({ ...marketing, subject: '2' });

    expect(first).toEqual({ sent: true, messageId: 'local-email-000001' });
    expect(second).toEqual({ sent: true, messageId: 'local-email-000002' });
    expect(outbox.messages[0]).toEqual({
      ...marketing,
      messageId: 'local-email-000001',
      at: '2026-11-23T01:00:00.000Z',
    });
    expect(outbox.messages.map((m) => m.subject)).toEqual(['冬のセール', '2']);
  });
});
