import { describe, expect, it } from 'vitest';
import { mainInboundFlow } from '../../lib/connect/flows/main-inbound.ts';
import { type LambdaBehaviour, type SimulationEvent, simulate } from '../../lib/flow-language/simulator.ts';
import { validateFlow } from '../../lib/flow-language/validator.ts';

const CONTEXT_ARN = 'arn:aws:lambda:ap-northeast-1:111122223333:function:customer-context';
const flow = mainInboundFlow({
  customerContextArn: CONTEXT_ARN,
  queues: { general: 'q-general', billing: 'q-billing', technicalSupport: 'q-tech' },
});
const world = {
  hours: {
    office: { timeZone: 'Asia/Tokyo', days: { MON: ['09:00', '18:00'], TUE: ['09:00', '18:00'] } as const },
  },
  queues: {
    'q-general': { name: 'general', hours: 'office' },
    'q-billing': { name: 'billing', hours: 'office' },
    'q-tech': { name: 'technical-support', hours: 'office' },
  },
};
const sato = {
  response: {
    known: 'true',
    customerId: 'C1',
    honorificName: '佐藤様',
    greetingName: '佐藤',
    language: 'ja',
    tier: 'vip',
  },
};
const emily = {
  response: { known: 'true', customerId: 'C2', honorificName: 'Emily', language: 'en', tier: 'vip' },
};
const unknown = { response: { known: 'false', language: 'ja', reason: 'not-found' } };

async function call(context: LambdaBehaviour, inputs: string[], at = '2026-11-24T10:00:00+09:00') {
  return simulate({
    flows: [{ flow, names: ['main'] }],
    entry: 'main',
    from: '+819012345678',
    inputs,
    at: new Date(at),
    lambdas: { 'customer-context': context },
    ...world,
  });
}
const prompts = (events: readonly SimulationEvent[]) =>
  events
    .filter((e): e is Extract<SimulationEvent, { type: 'prompt' }> => e.type === 'prompt')
    .map((e) => e.text);

describe('the main inbound IVR', () => {
  it('validates with zero errors', () => {
    expect(validateFlow(flow).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('greets a known Japanese caller by name in Japanese and queues billing for 2', async () => {
    const result = await call(sato, ['2']);

    expect(prompts(result.events)[0]).toBe('佐藤様、お電話ありがとうございます。');
    expect(result.events).toContainEqual({ type: 'language', languageCode: 'ja-JP' });
    expect(result.events).toContainEqual({ type: 'voice', voice: 'Kazuha', engine: 'neural' });
    expect(result.outcome).toEqual({ kind: 'queued', queue: 'q-billing', queueName: 'billing' });
    expect(result.attributes).toMatchObject({ customerId: 'C1', tier: 'vip' });
  });

  it('speaks English to an English-speaking caller', async () => {
    const result = await call(emily, ['3']);

    expect(prompts(result.events)[0]).toBe('Hello Emily, thank you for calling.');
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'technical-support' });
  });

  it('asks an unknown caller for a language first', async () => {
    const result = await call(unknown, ['2', '0']);

    expect(prompts(result.events).slice(0, 2)).toEqual([
      '日本語は1を、For English, press 2.',
      'Thank you for calling.',
    ]);
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'general' });
  });

  it('still reaches an agent when the context lookup fails (fail open)', async () => {
    const result = await call({ error: 'Lambda.ServiceException' }, ['1', '0']);

    expect(result.events).toContainEqual(
      expect.objectContaining({ type: 'error-branch', error: 'NoMatchingError', handled: true }),
    );
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'general' });
  });

  it('after hours says so and says goodbye instead of queueing', async () => {
    const result = await call(sato, ['2'], '2026-11-24T22:00:00+09:00');

    expect(prompts(result.events)).toContain(
      '本日の受付は終了いたしました。営業時間は平日9時から18時です。お電話ありがとうございました。',
    );
    expect(result.outcome.kind).toBe('disconnected');
  });

  it('apologises and queues to general when the caller presses nothing', async () => {
    const result = await call(sato, ['timeout']);

    expect(prompts(result.events)).toContain('申し訳ございません。担当者におつなぎします。');
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'general' });
  });
});
