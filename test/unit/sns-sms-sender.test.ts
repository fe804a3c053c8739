import {
  AuthorizationErrorException,
  InternalErrorException,
  InvalidParameterException,
  InvalidParameterValueException,
  OptedOutException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SmsConfigError, SnsSmsSender } from '../../lambdas/adapters/sns/sns-sms-sender.ts';
import { createLogger } from '../../lambdas/commons/logger.ts';
import type { E164 } from '../../lambdas/domain/customer/phone.ts';
import type { SmsMessage } from '../../lambdas/domain/messaging/sms.ts';

const sns = mockClient(SNSClient);
const client = new SNSClient({ region: 'ap-northeast-1' });

const CUSTOMER = '+819012345678' as E164;

function message(overrides: Partial<SmsMessage> = {}): SmsMessage {
  return {
    to: CUSTOMER,
    body: 'ご注文の商品を本日発送しました。',
    purpose: 'transactional',
    customerId: 'C1',
    ...overrides,
  };
}

const string = (value: string) => ({ DataType: 'String', StringValue: value });

describe('SMS through SNS Publish', () => {
  afterEach(() => {
    sns.reset();
    vi.restoreAllMocks();
  });

  it('publishes a transactional message from the stage number and returns the SNS message id', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'c7f8e2a0-0000-4000-8000-000000000001' });
    const sender = new SnsSmsSender(client, { originationIdentity: '+815012345678' });

    // Act
    const result = await sender.send(message());

    // Assess
    expect(result).toEqual({ sent: true, messageId: 'c7f8e2a0-0000-4000-8000-000000000001' });
    expect(sns).toReceiveCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      PhoneNumber: '+819012345678',
      Message: 'ご注文の商品を本日発送しました。',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': string('Transactional'),
        'AWS.MM.SMS.OriginationNumber': string('+815012345678'),
      },
    });
  });

  it('counts a publish SNS accepted without an id as sent, so nobody resends it', async () => {
    sns.on(PublishCommand).resolves({});

    const result = await new SnsSmsSender(client).send(message());

    expect(result).toEqual({ sent: true, messageId: 'unknown' });
  });

  it.each([
    ['transactional', 'Transactional'],
    ['survey', 'Transactional'],
    ['marketing', 'Promotional'],
  ] as const)('sends a %s message as %s', async (purpose, smsType) => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });

    await new SnsSmsSender(client).send(message({ purpose }));

    expect(sns).toReceiveCommandWith(PublishCommand, {
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': string(smsType) },
    });
  });

  it('sends from an alphanumeric sender id when the stage has one', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });

    await new SnsSmsSender(client, { originationIdentity: 'TSUNAGU' }).send(message());

    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.MessageAttributes).toEqual({
      'AWS.SNS.SMS.SMSType': string('Transactional'),
      'AWS.SNS.SMS.SenderID': string('TSUNAGU'),
    });
  });

  it.each([
    ['an sms-voice ARN', 'arn:aws:sms-voice:ap-northeast-1:111122223333:phone-number/abc'],
    ['a two-letter sender id', 'TS'],
    ['a sender id of digits only', '12345'],
    ['a national-format number', '0312345678'],
  ])(
    'refuses to be built with %s as the origination identity, saying what SNS accepts',
    (_what, identity) => {
      expect(() => new SnsSmsSender(client, { originationIdentity: identity })).toThrow(SmsConfigError);
      expect(() => new SnsSmsSender(client, { originationIdentity: identity })).toThrow(
        `stage config \`sms.originationIdentity\` must be an E.164 number (+81...) or a sender id of 3-11 letters, digits or hyphens with at least one letter for SNS Publish, got \`${identity}\``,
      );
    },
  );

  it.each([0, 11, 2.5])('refuses to be built with sms.maxSegments %s', (maxSegments) => {
    expect(() => new SnsSmsSender(client, { maxSegments })).toThrow(/sms\.maxSegments.*1 to 10/);
  });

  it.each(['09012345678', '+81 90 1234 5678', 'hanako@example.jp'])(
    'rejects %j as a destination without calling SNS',
    async (to) => {
      const result = await new SnsSmsSender(client).send(message({ to: to as E164 }));

      expect(result).toEqual({
        sent: false,
        reason: 'rejected',
        detail: 'the destination must be an E.164 number such as +819012345678',
      });
      expect(sns).not.toReceiveCommand(PublishCommand);
    },
  );

  it('rejects an empty body without calling SNS', async () => {
    const result = await new SnsSmsSender(client).send(message({ body: '' }));

    expect(result).toEqual({ sent: false, reason: 'rejected', detail: 'the message body is empty' });
    expect(sns).not.toReceiveCommand(PublishCommand);
  });

  it('sends a body of exactly the stage maximum and refuses one a segment longer, unsent', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    const sender = new SnsSmsSender(client, { maxSegments: 2 });

    // Act
    const fits = await sender.send(message({ body: 'あ'.repeat(134) }));
    const tooLong = await sender.send(message({ body: 'あ'.repeat(135) }));

    // Assess
    expect(fits).toEqual({ sent: true, messageId: 'm1' });
    expect(tooLong).toEqual({
      sent: false,
      reason: 'rejected',
      detail: 'the message is 3 UCS-2 segments; at most 2 are allowed (stage config `sms.maxSegments`)',
    });
    expect(sns).toReceiveCommandTimes(PublishCommand, 1);
  });

  it.each([
    [
      'an invalid parameter',
      new InvalidParameterException({ message: 'Invalid parameter: PhoneNumber', $metadata: {} }),
    ],
    [
      'an invalid parameter value',
      new InvalidParameterValueException({ message: 'bad value', $metadata: {} }),
    ],
    ['an opted-out number', new OptedOutException({ message: 'Phone number is opted out', $metadata: {} })],
  ])('reports %s as rejected, never thrown', async (_what, error) => {
    sns.on(PublishCommand).rejects(error);

    const result = await new SnsSmsSender(client).send(message());

    expect(result).toEqual({ sent: false, reason: 'rejected', detail: `${error.name}: ${error.message}` });
  });

  it.each([
    ['throttling', new ThrottledException({ message: 'Rate exceeded', $metadata: {} })],
    ['a service fault', new InternalErrorException({ message: 'Internal error', $metadata: {} })],
    ['missing permissions', new AuthorizationErrorException({ message: 'not authorized', $metadata: {} })],
    ['a network failure', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
  ])('reports %s as an error, never thrown', async (_what, error) => {
    sns.on(PublishCommand).rejects(error);

    const result = await new SnsSmsSender(client).send(message());

    expect(result).toEqual({ sent: false, reason: 'error', detail: `${error.name}: ${error.message}` });
  });

  it('masks the number when the service quotes it in an error', async () => {
    sns
      .on(PublishCommand)
      .rejects(new InvalidParameterException({ message: 'Invalid parameter: +819012345678', $metadata: {} }));

    const result = await new SnsSmsSender(client).send(message());

    expect(result).toEqual({
      sent: false,
      reason: 'rejected',
      detail: 'InvalidParameterException: Invalid parameter: +81********78',
    });
  });

  it('logs sends, refusals and failures with the number masked', async () => {
    // Prepare
    const logger = createLogger('test');
    const info = vi.spyOn(logger, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => {});
    const sender = new SnsSmsSender(client, { maxSegments: 1, logger });
    sns
      .on(PublishCommand)
      .resolvesOnce({ MessageId: 'm1' })
      .rejectsOnce(new ThrottledException({ message: 'Rate exceeded', $metadata: {} }));

    // Act
    await sender.send(message());
    await sender.send(message({ body: 'あ'.repeat(71) }));
    await sender.send(message());

    // Assess
    expect(info).toHaveBeenCalledWith('SMS sent', {
      to: '+81********78',
      purpose: 'transactional',
      messageId: 'm1',
      segments: 1,
      encoding: 'UCS-2',
    });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledWith(
      'SMS refused before sending',
      expect.objectContaining({ to: '+81********78' }),
    );
    expect(warn).toHaveBeenCalledWith(
      'SMS not sent',
      expect.objectContaining({ to: '+81********78', reason: 'error' }),
    );
    expect(JSON.stringify([info.mock.calls, warn.mock.calls])).not.toContain('9012345678');
  });
});
