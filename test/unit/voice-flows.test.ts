import { describe, expect, it } from 'vitest';
import { PROJECT_FLOWS } from '../../lib/connect/flows/index.ts';
import { EXAMPLE_REFS, sayHours, tierPriorities } from '../../lib/connect/flows/refs.ts';
import { projectSimulationFlows, simulationWorld } from '../../lib/connect/flows/simulation.ts';
import {
  type LambdaBehaviour,
  type SimulationEvent,
  type SimulationOptions,
  simulate,
} from '../../lib/flow-language/simulator.ts';
import { validateFlow } from '../../lib/flow-language/validator.ts';

// Every scenario runs the project's flows, built as deployed, through the simulator: the main IVR
// with its customer queue, whisper and survey flows wired by event hooks.

const refs = EXAMPLE_REFS;
const flows = projectSimulationFlows(refs);
const CALLER = '+819012345678';
const WEEKDAY_10 = '2026-11-24T10:00:00+09:00'; // a Tuesday
const WEEKDAY_22 = '2026-11-24T22:00:00+09:00';
const SATURDAY_11 = '2026-11-28T11:00:00+09:00';

/** The customer-context reply for a known customer (every key, as the handler sends). */
function context(overrides: Record<string, string> = {}): LambdaBehaviour {
  return {
    response: {
      known: 'true',
      customerId: 'C1',
      greetingName: '佐藤',
      honorificName: '佐藤様',
      language: 'ja',
      tier: 'standard',
      lastChannel: 'sms',
      lastTopic: 'delivery-delayed',
      recentNoticeTopic: '',
      recentNoticeSummary: '',
      orderStatus: '',
      hasOrderStatus: 'false',
      surveyEligible: 'false',
      reason: '',
      ...overrides,
    },
  };
}
const unknownCaller: LambdaBehaviour = {
  response: {
    known: 'false',
    language: 'ja',
    reason: 'not-found',
    hasOrderStatus: 'false',
    surveyEligible: 'false',
  },
};

type CallOptions = Partial<Omit<SimulationOptions, 'flows' | 'entry' | 'from'>> & {
  readonly contextReply?: LambdaBehaviour;
  readonly activity?: LambdaBehaviour;
  readonly survey?: LambdaBehaviour;
  readonly oldestWaitSeconds?: number;
};

function call(inputs: string[], options: CallOptions = {}) {
  const { at, contextReply, activity, survey, oldestWaitSeconds, lambdas, ...o } = options;
  const world = simulationWorld(refs, 'Asia/Tokyo', {
    general: { oldestContactAgeSeconds: oldestWaitSeconds ?? 20, contactsInQueue: 3 },
    billing: { oldestContactAgeSeconds: oldestWaitSeconds ?? 20, contactsInQueue: 3 },
    technicalSupport: { oldestContactAgeSeconds: oldestWaitSeconds ?? 20, contactsInQueue: 3 },
  });
  return simulate({
    flows,
    entry: 'main-inbound',
    from: CALLER,
    inputs,
    at: at ?? new Date(WEEKDAY_10),
    ...world,
    ...o,
    lambdas: {
      'tsunagu-dev-customer-context': contextReply ?? context(),
      'tsunagu-dev-ivr-activity': activity ?? { response: { recorded: 'true', sent: 'true' } },
      'tsunagu-dev-survey-answer': survey ?? { response: { saved: 'true' } },
      ...lambdas,
    },
  });
}

const prompts = (events: readonly SimulationEvent[], to?: 'agent') =>
  events
    .filter((e): e is Extract<SimulationEvent, { type: 'prompt' }> => e.type === 'prompt' && e.to === to)
    .map((e) => e.text);
const lambdaCalls = (events: readonly SimulationEvent[], fn: string) =>
  events
    .filter(
      (e): e is Extract<SimulationEvent, { type: 'lambda' }> => e.type === 'lambda' && e.function === fn,
    )
    .map((e) => e.parameters);
const hooks = (events: readonly SimulationEvent[]) =>
  Object.fromEntries(
    events
      .filter((e): e is Extract<SimulationEvent, { type: 'hook' }> => e.type === 'hook')
      .map((e) => [e.hook, e.flow]),
  );

describe('the project flows', () => {
  it.each(PROJECT_FLOWS.map((f) => [f.name, f] as const))(
    '%s validates with no errors and no warnings',
    (_, f) => {
      const flow = f.build(refs);

      expect(validateFlow(flow, { flowType: f.type, channels: f.channels })).toEqual([]);
      expect(flow.Actions.length).toBeLessThanOrEqual(250);
    },
  );

  it('serves the highest tier first, the lowest at the default priority', () => {
    expect([...tierPriorities(['standard', 'vip'])]).toEqual([
      ['standard', 5],
      ['vip', 1],
    ]);
    expect([...tierPriorities(['standard', 'gold', 'platinum'])]).toEqual([
      ['standard', 5],
      ['gold', 3],
      ['platinum', 1],
    ]);
    expect([...tierPriorities(['only'])]).toEqual([['only', 5]]);
  });

  it('says business hours the way a person would', () => {
    expect(sayHours('ja', refs.hours)).toBe('平日9時から18時');
    expect(sayHours('en', refs.hours)).toBe('weekdays from 9:00 to 18:00');
    expect(sayHours('ja', { days: ['SATURDAY', 'SUNDAY'], start: '10:30', end: '16:00' })).toBe(
      '土曜日、日曜日10時30分から16時',
    );
  });
});

describe('the main inbound IVR', () => {
  it('greets a known Japanese caller by name, records the choice and queues billing for 2', async () => {
    const result = await call(['2']);

    expect(prompts(result.events)[0]).toBe('佐藤様 、お電話ありがとうございます。');
    expect(result.events).toContainEqual({ type: 'language', languageCode: 'ja-JP' });
    expect(result.events).toContainEqual({ type: 'voice', voice: 'Kazuha', engine: 'neural' });
    expect(result.outcome).toEqual({ kind: 'queued', queue: refs.queues.billing, queueName: 'billing' });
    expect(result.attributes).toMatchObject({ customerId: 'C1', topic: 'billing' });
    expect(lambdaCalls(result.events, 'tsunagu-dev-ivr-activity')).toEqual([
      { activity: 'menu', customerId: 'C1', language: 'ja', topic: 'billing' },
    ]);
    expect(hooks(result.events)).toEqual({
      CustomerQueue: refs.flows.customerQueue,
      AgentWhisper: refs.flows.agentWhisper,
    });
    // A standard customer keeps the default priority.
    expect(result.events.some((e) => e.type === 'priority')).toBe(false);
  });

  it('serves a VIP first: routing priority 1', async () => {
    const result = await call(['3'], { contextReply: context({ tier: 'vip' }) });

    expect(result.events).toContainEqual({ type: 'priority', priority: 1 });
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'technical-support' });
  });

  it('builds for a stage with one tier, and routes every caller at the default priority', async () => {
    // Prepare: the project flows as a one-tier stage deploys them
    const oneTier = { ...refs, tiers: ['standard'] };
    const oneTierFlows = projectSimulationFlows(oneTier);
    const world = simulationWorld(oneTier, 'Asia/Tokyo', {
      technicalSupport: { oldestContactAgeSeconds: 20, contactsInQueue: 3 },
    });

    // Act
    const result = await simulate({
      flows: oneTierFlows,
      entry: 'main-inbound',
      from: CALLER,
      inputs: ['3'],
      at: new Date(WEEKDAY_10),
      ...world,
      lambdas: {
        'tsunagu-dev-customer-context': context(),
        'tsunagu-dev-ivr-activity': { response: { recorded: 'true' } },
      },
    });

    // Assess
    const main = oneTierFlows.find((f) => f.names.includes('main-inbound'))?.flow;
    expect(main && validateFlow(main, { flowType: 'CONTACT_FLOW', channels: ['VOICE'] })).toEqual([]);
    expect(main?.Actions.some((a) => a.Identifier.endsWith('-tier'))).toBe(false);
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'technical-support' });
    expect(result.events.some((e) => e.type === 'priority')).toBe(false);
  });

  it('speaks English to an English-speaking customer, with an English neural voice', async () => {
    const result = await call(['0'], {
      contextReply: context({ language: 'en', honorificName: 'Emily', greetingName: 'Emily' }),
    });

    expect(prompts(result.events)[0]).toBe('Hello Emily, thank you for calling.');
    expect(result.events).toContainEqual({ type: 'voice', voice: 'Joanna', engine: 'neural' });
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'general' });
    expect(result.attributes.topic).toBe('agent');
  });

  it('asks an unknown caller for a language, each half in its own voice, then serves them in it', async () => {
    const result = await call(['2', '2'], { contextReply: unknownCaller, holdSeconds: 20 });
    const spoken = result.events.filter((e) => e.type === 'voice' || e.type === 'prompt');

    expect(spoken.slice(0, 4)).toEqual([
      { type: 'voice', voice: 'Kazuha', engine: 'neural' },
      { type: 'prompt', text: '日本語をご希望の方は1を押してください。' },
      { type: 'voice', voice: 'Joanna', engine: 'neural' },
      { type: 'prompt', text: 'For English, press 2.' },
    ]);
    expect(prompts(result.events)[2]).toBe('Thank you for calling.');
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'billing' });
    // The queue flow speaks the language chosen, not the one the lookup guessed.
    expect(result.attributes.language).toBe('en');
    expect(prompts(result.events)).toContain('There are 3 callers waiting, including you.');
    expect(prompts(result.events).some((p) => p.startsWith('お待ちいただいている'))).toBe(false);
  });

  it('serves an unknown caller in Japanese when they press nothing at the language menu', async () => {
    const result = await call(['timeout', '3'], { contextReply: unknownCaller });

    expect(prompts(result.events)[2]).toBe('お電話ありがとうございます。');
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'technical-support' });
  });

  it('fails open: when the context Lambda fails the caller still reaches an agent', async () => {
    const result = await call(['1', '2'], { contextReply: { error: 'Task timed out after 3.00 seconds' } });

    expect(result.events).toContainEqual(
      expect.objectContaining({ type: 'error-branch', action: 'customer-context', handled: true }),
    );
    expect(prompts(result.events)[2]).toBe('お電話ありがとうございます。');
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'billing' });
  });

  it('offers the delayed-delivery shortcut and routes with that context', async () => {
    const result = await call(['1'], {
      contextReply: context({
        recentNoticeTopic: 'delivery-delayed',
        recentNoticeSummary: 'ご注文番号1234のお届けの遅れ',
      }),
    });

    expect(prompts(result.events)[1]).toBe(
      'ご注文番号1234のお届けの遅れ についてのお問い合わせでしたら1を、その他のご用件は2を押してください。',
    );
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'general' });
    expect(result.attributes.topic).toBe('delivery-delayed');
    expect(lambdaCalls(result.events, 'tsunagu-dev-ivr-activity')[0]).toMatchObject({
      topic: 'delivery-delayed',
    });
  });

  it('goes to the main menu when the caller is calling about something else', async () => {
    const result = await call(['2', '2'], {
      contextReply: context({
        recentNoticeTopic: 'delivery-delayed',
        recentNoticeSummary: 'the late parcel',
      }),
    });

    expect(prompts(result.events)[2]).toContain('ご請求については2');
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'billing' });
  });

  it('answers order status from the latest order notice, then ends when the caller is done', async () => {
    const result = await call(['1', '2'], {
      contextReply: context({ hasOrderStatus: 'true', orderStatus: 'ご注文は11月25日にお届け予定です' }),
    });

    expect(prompts(result.events)).toContain(
      'ご注文の最新の状況をお知らせします。 ご注文は11月25日にお届け予定です 。担当者とお話しになる場合は1を、終了する場合は2を押してください。',
    );
    expect(result.outcome).toEqual({ kind: 'disconnected' });
    expect(lambdaCalls(result.events, 'tsunagu-dev-ivr-activity')).toEqual([
      { activity: 'menu', customerId: 'C1', language: 'ja', topic: 'order-status' },
    ]);
  });

  it('connects to an agent after the order status when the caller asks', async () => {
    const result = await call(['1', '1'], {
      contextReply: context({ hasOrderStatus: 'true', orderStatus: 'Arriving on 25 November' }),
    });

    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'general' });
    expect(result.attributes.topic).toBe('order-status');
  });

  it('connects to an agent when there is no order to report', async () => {
    const result = await call(['1']);

    expect(prompts(result.events)).toContain(
      '最近のご注文の情報が見つかりませんでした。担当者におつなぎします。',
    );
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'general' });
  });

  it('apologises and routes to the general queue, hooks and all, when the caller presses nothing at the menu', async () => {
    const result = await call(['timeout', '9']);

    expect(prompts(result.events)).toContain('申し訳ございません。担当者におつなぎします。');
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'general' });
    expect(result.attributes.topic).toBe('general');
    expect(hooks(result.events)).toMatchObject({ AgentWhisper: refs.flows.agentWhisper });
  });

  it('apologises and tries the general queue when the chosen queue is full, then says goodbye if that is full too', async () => {
    const world = simulationWorld(refs, 'Asia/Tokyo', {
      billing: { atCapacity: true },
      general: { atCapacity: true },
    });
    const result = await call(['2'], world);

    expect(prompts(result.events).slice(-2)).toEqual([
      '申し訳ございません。担当者におつなぎします。',
      '申し訳ございません。ただいまお電話が大変混み合っております。しばらくしてからおかけ直しください。',
    ]);
    expect(result.outcome).toEqual({ kind: 'disconnected' });
  });

  describe('after hours', () => {
    it('says the hours and sends a chat link by SMS for 1, recorded as a channel switch', async () => {
      const result = await call(['1'], { at: new Date(WEEKDAY_22) });

      expect(prompts(result.events)).toContain(
        '本日の受付は終了いたしました。営業時間は平日9時から18時です。',
      );
      expect(lambdaCalls(result.events, 'tsunagu-dev-ivr-activity')).toEqual([
        { activity: 'chat-link', customerId: 'C1', language: 'ja' },
      ]);
      expect(prompts(result.events)).toContain('チャットのご案内をSMSでお送りしました。');
      expect(result.outcome).toEqual({ kind: 'disconnected' });
      expect(result.events.some((e) => e.type === 'queue')).toBe(false);
    });

    it('says so when the SMS could not be sent', async () => {
      const result = await call(['1'], {
        at: new Date(WEEKDAY_22),
        activity: { response: { recorded: 'true', sent: 'false', reason: 'not-configured' } },
      });

      expect(prompts(result.events)).toContain(
        '申し訳ございません。SMSをお送りできませんでした。営業時間内におかけ直しください。',
      );
    });

    it('books a callback for the next business day to the calling number for 2', async () => {
      const result = await call(['2'], { at: new Date(SATURDAY_11) });

      expect(result.outcome).toEqual({
        kind: 'callback',
        number: CALLER,
        queue: refs.queues.general,
        queueName: 'general',
      });
      expect(lambdaCalls(result.events, 'tsunagu-dev-ivr-activity')).toEqual([
        { activity: 'callback', customerId: 'C1', language: 'ja', topic: 'callback' },
      ]);
      expect(prompts(result.events)).toContain(
        'かしこまりました。翌営業日に、おかけいただいた番号にお電話いたします。',
      );
    });

    it('apologises for the callback, not for an SMS, when the calling number cannot be called back', async () => {
      const result = await simulate({
        flows,
        entry: 'main-inbound',
        from: 'anonymous',
        inputs: ['2'],
        at: new Date(WEEKDAY_22),
        lambdas: { 'tsunagu-dev-customer-context': context(), 'tsunagu-dev-ivr-activity': { response: {} } },
        ...simulationWorld(refs, 'Asia/Tokyo'),
      });

      expect(prompts(result.events)).toContain(
        '申し訳ございません。折り返しのご予約ができませんでした。営業時間内におかけ直しください。',
      );
      expect(prompts(result.events).some((p) => p.includes('SMSを'))).toBe(false);
      expect(result.outcome).toEqual({ kind: 'disconnected' });
    });

    it('offers an unknown caller only the callback: the chat link goes to known customers', async () => {
      const result = await call(['1', '1'], { at: new Date(WEEKDAY_22), contextReply: unknownCaller });

      expect(prompts(result.events)).toContain('翌営業日の折り返しをご希望の場合は2を押してください。');
      expect(lambdaCalls(result.events, 'tsunagu-dev-ivr-activity').map((p) => p.activity)).toEqual([
        'after-hours',
      ]);
    });

    it('does not offer the chat link when the stage has no chat page', async () => {
      const noChat = { ...refs, chatLink: false };
      const result = await simulate({
        flows: projectSimulationFlows(noChat),
        entry: 'main-inbound',
        from: CALLER,
        inputs: ['1'],
        at: new Date(WEEKDAY_22),
        lambdas: { 'tsunagu-dev-customer-context': context(), 'tsunagu-dev-ivr-activity': { response: {} } },
        ...simulationWorld(noChat, 'Asia/Tokyo'),
      });

      expect(prompts(result.events)).toContain('翌営業日の折り返しをご希望の場合は2を押してください。');
      expect(lambdaCalls(result.events, 'tsunagu-dev-ivr-activity').map((p) => p.activity)).toEqual([
        'after-hours',
      ]);
    });

    it('records the after-hours call and says goodbye when the caller chooses neither', async () => {
      const result = await call(['timeout'], { at: new Date(WEEKDAY_22) });

      expect(lambdaCalls(result.events, 'tsunagu-dev-ivr-activity')).toEqual([
        { activity: 'after-hours', customerId: 'C1', language: 'ja', topic: 'after-hours' },
      ]);
      expect(prompts(result.events).at(-1)).toBe('お電話ありがとうございました。');
      expect(result.outcome).toEqual({ kind: 'disconnected' });
    });

    it('speaks the after-hours options in English to an English caller', async () => {
      const result = await call(['timeout'], {
        at: new Date(WEEKDAY_22),
        contextReply: context({ language: 'en', honorificName: 'Emily' }),
      });

      expect(prompts(result.events)).toContain(
        'We are closed now. Our hours are weekdays from 9:00 to 18:00.',
      );
    });
  });

  describe('a long wait', () => {
    it('offers a callback; accepted, it is created to the calling number in the chosen queue', async () => {
      const result = await call(['2', '1'], { oldestWaitSeconds: 900 });

      expect(prompts(result.events)).toContain(
        'ただいま大変混み合っております。折り返しのお電話をご希望の場合は1を、このままお待ちいただく場合は2を押してください。',
      );
      expect(result.outcome).toEqual({
        kind: 'callback',
        number: CALLER,
        queue: refs.queues.billing,
        queueName: 'billing',
      });
      expect(lambdaCalls(result.events, 'tsunagu-dev-ivr-activity').map((p) => p.activity)).toEqual([
        'menu',
        'callback',
      ]);
    });

    it('offers the callback too when many are waiting, even if not for long', async () => {
      const world = simulationWorld(refs, 'Asia/Tokyo', {
        billing: { oldestContactAgeSeconds: 30, contactsInQueue: 25 },
      });
      const result = await call(['2', '1'], world);

      expect(result.outcome).toMatchObject({ kind: 'callback', queueName: 'billing' });
    });

    it('keeps the caller in the queue when they would rather wait', async () => {
      const result = await call(['2', '2'], { oldestWaitSeconds: 900 });

      expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'billing' });
    });

    it('does not offer a callback for a short wait', async () => {
      const result = await call(['2'], { oldestWaitSeconds: 120 });

      expect(prompts(result.events).some((p) => p.startsWith('ただいま大変混み合っております'))).toBe(false);
      expect(result.outcome).toMatchObject({ kind: 'queued' });
    });
  });

  describe('in the queue', () => {
    it('tells the caller how many are waiting and books a callback when they press 1', async () => {
      const result = await call(['2', '1'], { holdSeconds: 120 });

      expect(prompts(result.events)).toContain('お待ちいただいているお客様は、あなたを含めて 3 名です。');
      expect(result.outcome).toEqual({
        kind: 'callback',
        number: CALLER,
        queue: refs.queues.billing,
        queueName: 'billing',
      });
    });

    it('plays hold messages until the agent answers', async () => {
      const result = await call(['2'], { agent: { firstName: 'Aoi', answerAfterSeconds: 40 } });

      expect(prompts(result.events)).toContain(
        'ただいま担当者が他のお客様と通話中です。順番におつなぎしますので、そのままお待ちください。',
      );
      expect(result.events).toContainEqual({ type: 'agent', event: 'connected' });
    });
  });

  it('whispers who is calling and why to the agent', async () => {
    const result = await call(['2'], {
      contextReply: context({ tier: 'vip' }),
      agent: { firstName: 'Aoi', answerAfterSeconds: 5 },
    });

    expect(prompts(result.events, 'agent')).toEqual([
      '佐藤 様、 vip のお客様です。ご用件は ご請求 。',
      '前回は sms で delivery-delayed のお問い合わせでした。',
    ]);
  });

  it('whispers "no earlier contact" for a customer with no history, never an empty reference', async () => {
    const result = await call(['3'], {
      contextReply: context({ language: 'en', greetingName: 'Emily', lastChannel: '', lastTopic: '' }),
      agent: { answerAfterSeconds: 0 },
    });

    expect(prompts(result.events, 'agent')).toEqual([
      'Emily, a standard customer, about technical support.',
      'No earlier contact.',
    ]);
  });

  it('whispers what a notice shortcut call is about in words', async () => {
    const result = await call(['1'], {
      contextReply: context({
        recentNoticeTopic: 'delivery-delayed',
        recentNoticeSummary: 'ご注文の配送遅延',
      }),
      agent: { answerAfterSeconds: 0 },
    });

    expect(prompts(result.events, 'agent')[0]).toBe(
      '佐藤 様、 standard のお客様です。ご用件は ご注文の配送遅延 。',
    );
  });

  it('sends the highest tier to the priority queue when they ask for an agent', async () => {
    const vip = await call(['0'], { contextReply: context({ tier: 'vip' }) });
    const standard = await call(['0']);

    expect(vip.outcome).toMatchObject({ kind: 'queued', queueName: 'priority' });
    expect(vip.events).toContainEqual({ type: 'priority', priority: 1 });
    expect(standard.outcome).toMatchObject({ kind: 'queued', queueName: 'general' });
  });

  describe('the post-call survey', () => {
    const eligible = context({ surveyEligible: 'true' });
    // An agent is free at once: the queue flow's callback offer does not take the survey's keys.
    const agent = { firstName: 'Aoi', answerAfterSeconds: 0, talkSeconds: 60 };
    const surveyCalls = (events: readonly SimulationEvent[]) =>
      lambdaCalls(events, 'tsunagu-dev-survey-answer').map((p) => [p.step, p.answer]);

    it('is set as the disconnect flow only for customers who agreed and were not asked lately', async () => {
      const yes = await call(['2'], { contextReply: eligible });
      const no = await call(['2']);

      expect(hooks(yes.events).CustomerRemaining).toBe(refs.flows.survey);
      expect(hooks(no.events).CustomerRemaining).toBeUndefined();
    });

    it('asks three questions when the agent hangs up and saves each answer', async () => {
      const result = await call(['2', '4', '9', '1'], { contextReply: eligible, agent });

      expect(surveyCalls(result.events)).toEqual([
        ['start', undefined],
        ['csat', '4'],
        ['nps', '9'],
        ['resolved', '1'],
      ]);
      expect(lambdaCalls(result.events, 'tsunagu-dev-survey-answer')[1]).toMatchObject({
        customerId: 'C1',
        language: 'ja',
        queue: 'billing',
      });
      expect(prompts(result.events).at(-1)).toBe('ご協力ありがとうございました。失礼いたします。');
    });

    it('takes a two-digit answer of 10', async () => {
      const result = await call(['2', '5', '10', '2'], { contextReply: eligible, agent });

      expect(surveyCalls(result.events)).toContainEqual(['nps', '10']);
    });

    it('asks again once after an invalid digit, then moves on', async () => {
      // csat: 7 (invalid), then 5; nps: 11 and 42 (both invalid: skipped); resolved: 1.
      const result = await call(['2', '7', '5', '11', '42', '1'], { contextReply: eligible, agent });

      expect(surveyCalls(result.events)).toEqual([
        ['start', undefined],
        ['csat', '5'],
        ['resolved', '1'],
      ]);
      expect(prompts(result.events).filter((p) => p === '入力が正しくありません。')).toHaveLength(3);
    });

    it('keeps what was answered when the caller stops half way (partial)', async () => {
      const result = await call(['2', '3', 'timeout'], { contextReply: eligible, agent });

      expect(surveyCalls(result.events)).toEqual([
        ['start', undefined],
        ['csat', '3'],
      ]);
      expect(prompts(result.events).at(-1)).toBe('ご協力ありがとうございました。失礼いたします。');
    });

    it('thanks and ends when the first question times out', async () => {
      const result = await call(['2', 'timeout'], { contextReply: eligible, agent });

      expect(surveyCalls(result.events)).toEqual([['start', undefined]]);
      expect(prompts(result.events).at(-1)).toBe('ご協力ありがとうございました。失礼いたします。');
    });

    it('still thanks the caller when saving fails', async () => {
      const result = await call(['2', '4', '9', '1'], {
        contextReply: eligible,
        agent,
        survey: { error: 'DynamoDB is down' },
      });

      expect(prompts(result.events).at(-1)).toBe('ご協力ありがとうございました。失礼いたします。');
      expect(result.outcome).toMatchObject({ kind: 'queued' });
    });

    it('runs in English for an English-speaking customer', async () => {
      const result = await call(['2', '4', '9', '1'], {
        contextReply: context({ language: 'en', honorificName: 'Emily', surveyEligible: 'true' }),
        agent,
      });

      expect(prompts(result.events)).toContain('Was your issue resolved? Press 1 for yes, or 2 for no.');
      expect(surveyCalls(result.events)).toHaveLength(4);
    });
  });
});

describe('the chat inbound flow', () => {
  it('greets a known customer by name from the chat attributes and queues with the whisper flow', async () => {
    const result = await simulate({
      flows,
      entry: 'chat-inbound',
      from: 'chat',
      channel: 'CHAT',
      attributes: { known: 'true', customerId: 'C1', honorificName: '佐藤様', language: 'ja' },
      ...simulationWorld(refs, 'Asia/Tokyo'),
    });

    expect(prompts(result.events)[0]).toBe(
      '佐藤様 、チャットでのお問い合わせありがとうございます。担当者におつなぎします。',
    );
    expect(hooks(result.events)).toEqual({ AgentWhisper: refs.flows.agentWhisper });
    expect(result.outcome).toMatchObject({ kind: 'queued', queueName: 'general' });
  });

  it('tells a chat after hours when to come back instead of queueing it', async () => {
    const result = await simulate({
      flows,
      entry: 'chat-inbound',
      from: 'chat',
      channel: 'CHAT',
      at: new Date(WEEKDAY_22),
      attributes: { language: 'en' },
      ...simulationWorld(refs, 'Asia/Tokyo'),
    });

    expect(prompts(result.events).at(-1)).toBe(
      'We are sorry, we are closed now. Our hours are weekdays from 9:00 to 18:00.',
    );
    expect(result.outcome).toEqual({ kind: 'disconnected' });
  });

  it('greets an anonymous English chat generically', async () => {
    const result = await simulate({
      flows,
      entry: 'chat-inbound',
      from: 'chat',
      channel: 'CHAT',
      attributes: { language: 'en' },
      ...simulationWorld(refs, 'Asia/Tokyo'),
    });

    expect(prompts(result.events)[0]).toBe('Thank you for contacting us. Connecting you to an agent.');
  });
});
