import { describe, expect, it } from 'vitest';
import { cdkJsonContext } from '../../lib/cdk-context.ts';
import { loadStageConfig, StageConfigError } from '../../lib/config/stage-config.ts';

const context = cdkJsonContext() as { stages: Record<string, Record<string, unknown>> };
const dev = context.stages.dev as Record<string, unknown>;

function withDev(change: Record<string, unknown>) {
  return { stage: 'dev', stages: { dev: { ...dev, ...change } } };
}

function failure(run: () => unknown): StageConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof StageConfigError) return error;
    throw error;
  }
  throw new Error('expected a StageConfigError');
}

describe('stage config', () => {
  it('reads the dev stage from cdk.json with Japanese defaults', () => {
    // Act
    const config = loadStageConfig({ stage: 'dev', stages: context.stages });

    // Assess
    expect(config).toMatchObject({
      stage: 'dev',
      locale: { default: 'ja-JP', supported: ['ja-JP', 'en-US'] },
      timeZone: 'Asia/Tokyo',
      quietHours: { start: '21:00', end: '09:00' },
      tiers: ['standard', 'vip'],
      connect: { mode: 'create', instanceAlias: 'tsunagu-dev' },
    });
  });

  it('fills defaults for a minimal stage (prod imports its Connect instance)', () => {
    const config = loadStageConfig({ stage: 'prod', stages: context.stages });

    expect(config.connect.mode).toBe('import');
    expect(config.locale.default).toBe('ja-JP');
    expect(config.sms.maxSegments).toBe(3);
  });

  it('spells time zones the canonical way and accepts a custom default tier', () => {
    const config = loadStageConfig(
      withDev({ timeZone: 'asia/tokyo', tiers: ['gold', 'vip'], defaultTier: 'gold' }),
    );

    expect(config.timeZone).toBe('Asia/Tokyo');
    expect(config.defaultTier).toBe('gold');
  });

  it('accepts the stages object as JSON text, as `cdk synth -c stages=...` passes it', () => {
    const config = loadStageConfig({ stage: 'dev', stages: JSON.stringify(context.stages) });

    expect(config.region).toBe('ap-northeast-1');
  });

  it.each([
    [
      'quiet hours 25:00',
      { quietHours: { start: '25:00', end: '09:00' } },
      'stages.dev.quietHours.start',
      '"25:00"',
      'HH:MM',
    ],
    [
      'quiet hours that start and end together',
      { quietHours: { start: '09:00', end: '09:00' } },
      'stages.dev.quietHours.end',
      '"09:00"',
      'same time',
    ],
    ['an unknown time zone', { timeZone: 'Tokyo' }, 'stages.dev.timeZone', '"Tokyo"', 'IANA'],
    [
      'an unsupported default locale',
      { locale: { default: 'fr-FR' } },
      'stages.dev.locale.default',
      '"fr-FR"',
      'ja-JP',
    ],
    [
      'a default locale outside the supported list',
      { locale: { default: 'en-US', supported: ['ja-JP'] } },
      'stages.dev.locale.default',
      '"en-US"',
      'supported',
    ],
    [
      'a Connect import without a valid ARN',
      { connect: { mode: 'import', instanceArn: 'arn:aws:s3:::bucket' } },
      'stages.dev.connect.instanceArn',
      'arn:aws:s3',
      'instance ARN',
    ],
    [
      'a Connect mode that does not exist',
      { connect: { mode: 'borrow' } },
      'stages.dev.connect.mode',
      '"borrow"',
      'create',
    ],
    [
      'an instance alias with spaces',
      { connect: { mode: 'create', instanceAlias: 'my alias' } },
      'stages.dev.connect.instanceAlias',
      '"my alias"',
      'alias',
    ],
    [
      'an SMS origination number that is not E.164',
      { sms: { originationIdentity: '0312345678' } },
      'stages.dev.sms.originationIdentity',
      '"0312345678"',
      'E.164',
    ],
    [
      'a sender address that is not an address',
      { email: { senderAddress: 'noreply', senderIdentity: 'example.com' } },
      'stages.dev.email.senderAddress',
      '"noreply"',
      'email address',
    ],
    ['duplicate tiers', { tiers: ['vip', 'vip'] }, 'stages.dev.tiers', '["vip","vip"]', 'unique'],
    ['an upper-case tier', { tiers: ['VIP'] }, 'stages.dev.tiers.0', '"VIP"', 'lower-case'],
    [
      'tiers without the default tier',
      { tiers: ['gold', 'vip'] },
      'stages.dev.defaultTier',
      'nothing',
      'one of the tiers (gold, vip)',
    ],
    [
      'a phone region with no numbering plan',
      { phoneRegion: 'ZZ' },
      'stages.dev.phoneRegion',
      '"ZZ"',
      'numbering plan',
    ],
    ['an unknown key', { quietHour: { start: '21:00' } }, 'stages.dev', 'quietHour', 'spelling'],
    [
      'a log retention CloudWatch does not offer',
      { logRetentionDays: 31 },
      'stages.dev.logRetentionDays',
      '31',
      '30',
    ],
    ['an account id that is too short', { account: '1234' }, 'stages.dev.account', '"1234"', '12-digit'],
  ])(
    'rejects %s with a message naming the field, the value and what is allowed',
    (_case, change, field, value, allowed) => {
      // Act
      const error = failure(() => loadStageConfig(withDev(change)));

      // Assess
      expect(error.message).toContain(field);
      expect(error.message).toContain(value);
      expect(error.message).toContain(allowed);
    },
  );

  it('rejects a missing required section, naming it', () => {
    const { connect: _connect, ...withoutConnect } = dev;

    const error = failure(() => loadStageConfig({ stage: 'dev', stages: { dev: withoutConnect } }));

    expect(error.message).toContain('stages.dev.connect');
    expect(error.issues[0]?.value).toBeUndefined();
  });

  it('names the configured stages when asked for one that is not there', () => {
    const error = failure(() => loadStageConfig({ stage: 'qa', stages: context.stages }));

    expect(error.message).toContain('stage "qa" is not configured');
    expect(error.message).toContain('dev, prod');
  });

  it('explains how to wrap a single stage passed as the whole stages object', () => {
    const error = failure(() => loadStageConfig({ stage: 'dev', stages: JSON.stringify(dev) }));

    expect(error.message).toContain(`-c stages='{"dev":{...}}'`);
  });

  it('rejects a stage name that could not name a stack', () => {
    const error = failure(() => loadStageConfig({ stage: 'Dev Stage', stages: context.stages }));

    expect(error.message).toContain('stage name "Dev Stage"');
  });
});
