import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Block, type EventHook, FlowBuilder } from '../../lib/flow-language/builder.ts';
import type { FlowAction, FlowDocument } from '../../lib/flow-language/model.ts';
import {
  type HandlerTimer,
  type LambdaBehaviour,
  type SimulationEvent,
  simulate,
} from '../../lib/flow-language/simulator.ts';
import { validateFlow } from '../../lib/flow-language/validator.ts';
import { fixturePath } from '../support/fixtures.ts';

const REAL_WORLD = fixturePath('connect-flows', 'real-world');
const load = (file: string): FlowDocument =>
  JSON.parse(
    readFileSync(join(REAL_WORLD, file), 'utf8').replace(
      /\$\{(\w+)\.Arn\}/g,
      (_m, name: string) => `arn:aws:lambda:ap-northeast-1:111122223333:function:${name}`,
    ),
  );
/** A timer for the Lambda time limit that only the test moves: no real time passes. */
function manualTimer() {
  let now = 0;
  const pending = new Set<{ readonly at: number; readonly done: () => void }>();
  const timer: HandlerTimer = {
    now: () => now,
    after: (ms, done) => {
      const entry = { at: now + ms, done };
      pending.add(entry);
      return () => pending.delete(entry);
    },
  };
  return {
    timer,
    /** Moves the clock on by `ms`, firing what falls due. */
    advance(ms: number) {
      now += ms;
      for (const entry of [...pending]) {
        if (entry.at > now) continue;
        pending.delete(entry);
        entry.done();
      }
    },
    /** Timers neither fired nor cancelled. */
    waiting: () => pending.size,
  };
}

const prompts = (events: readonly SimulationEvent[]) =>
  events
    .filter((e): e is Extract<SimulationEvent, { type: 'prompt' }> => e.type === 'prompt')
    .map((e) => e.text);

describe('the real-world callback flow', () => {
  const callback = { flow: load('callbackmgmt-cfSetCallBackflow.json'), names: ['callback'] };
  const lambdas: Record<string, LambdaBehaviour> = {
    'alpha-001-callbackmgmt-get-10-digit-phone': { response: { TenDigitPhoneNumber: '2065550100' } },
    'alpha-001-callbackmgmt-read-callback': { response: { CallBackStatus: 'NONE' } },
    'alpha-001-callbackmgmt-get-current-time': { response: { DateTime: '2026-01-05T01:00:00Z' } },
    'alpha-001-callbackmgmt-write-callback': { response: {} },
  };

  it('gives a caller who enters a valid number and confirms it a callback to that number', async () => {
    const result = await simulate({
      flows: [callback],
      entry: 'callback',
      from: '+12065550100',
      inputs: ['2065550100', '1'],
      lambdas,
    });

    expect(result.outcome).toMatchObject({ kind: 'callback', number: '+12065550100' });
    expect(result.attributes.CallBackStatus).toBe('PENDING');
    expect(prompts(result.events).at(-1)).toBe(
      'Your request for a callback has been confirmed. Thank you for calling, Goodbye.',
    );
    expect(result.events).toContainEqual({
      type: 'lambda',
      function: 'alpha-001-callbackmgmt-write-callback',
      parameters: {},
      response: {},
    });
  });

  it('loops a caller who keeps entering invalid numbers, then hands them to a specialist', async () => {
    const result = await simulate({
      flows: [callback],
      entry: 'callback',
      from: '+12065550100',
      inputs: ['12', '34'],
      lambdas,
    });

    expect(result.outcome.kind).toBe('queued');
    expect(
      result.events.filter((e) => e.type === 'error-branch' && e.error === 'InvalidPhoneNumber'),
    ).toHaveLength(2);
    expect(prompts(result.events)).toContain("I'm sorry. I did not to get all the numbers.");
    expect(prompts(result.events).at(-1)).toContain('we will transfer you to a specialist');
  });

  it('takes the error branch, and says so, when a Lambda has no registered response', async () => {
    const { 'alpha-001-callbackmgmt-read-callback': _missing, ...others } = lambdas;

    const result = await simulate({
      flows: [callback],
      entry: 'callback',
      from: '+12065550100',
      inputs: ['2065550100', '1'],
      lambdas: others,
    });

    expect(result.events).toContainEqual(
      expect.objectContaining({
        type: 'lambda',
        function: 'alpha-001-callbackmgmt-read-callback',
        error: expect.stringContaining('no response registered'),
      }),
    );
    expect(result.events).toContainEqual(
      expect.objectContaining({ type: 'error-branch', error: 'NoMatchingError', handled: true }),
    );
  });
});

describe('the real-world survey flows', () => {
  it('queues the caller; when the agent hangs up the disconnect flow runs the module, whose answers land in attributes', async () => {
    // Prepare: canned responses, one per call, as the survey's Lambdas would answer
    const flows = [
      { flow: load('contact-surveys-inbound.json'), names: ['inbound'] },
      { flow: load('contact-surveys-disconnect.json'), names: ['9c95f170-90a3-4dad-bb26-4dea76097865'] },
      {
        flow: load('contact-surveys-module.cfn-template.json'),
        names: ['1bc263e9-09cf-432c-971c-32da62c784af'],
      },
    ];
    const lambdas: Record<string, LambdaBehaviour> = {
      LambdaGetSurveyConfig: {
        response: {
          surveyId: 's1',
          introPrompt: 'Two questions.',
          surveySize: '2',
          outroPrompt: 'Thank you!',
        },
      },
      LambdaSurveyUtils: {
        responses: [
          { nextQuestion: 'Question 1', currentQuestionIndex: '1' },
          { validInput: 'true', newCounter: '2', currentQuestionIndex: '1' },
          { nextQuestion: 'Question 2', currentQuestionIndex: '2' },
          { validInput: 'true', newCounter: '3', currentQuestionIndex: '2' },
        ],
      },
      LambdaProcessSurveyFlagsConfig: { response: {} },
      LambdaWriteSurveysResults: { response: {} },
    };

    // Act
    const result = await simulate({
      flows,
      entry: 'inbound',
      from: '+819012345678',
      inputs: ['5', '9'],
      agent: {},
      lambdas,
    });

    // Assess
    expect(result.outcome.kind).toBe('queued');
    expect(prompts(result.events)).toEqual([
      'Welcome to the simple survey demonstration.',
      'Two questions.',
      'Question 1',
      'Question 2',
      'Thank you!',
    ]);
    expect(result.attributes).toMatchObject({ survey_result_1: '5', survey_result_2: '9', surveyId: 's1' });
    expect(result.contactEvents.map((e) => e.detail.eventType)).toEqual([
      'INITIATED',
      'QUEUED',
      'CONNECTED_TO_AGENT',
      'DISCONNECTED',
    ]);
    expect(result.contactEvents[3]?.detail).toMatchObject({
      eventType: 'DISCONNECTED',
      queueInfo: { queueType: 'STANDARD' },
      agentInfo: { connectedToAgentTimestamp: expect.any(String) },
      disconnectTimestamp: expect.any(String),
    });
  });
});

// ------------------------------------------------------------------ small flows for single behaviours

const END: FlowAction = { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
const say = (id: string, text: string, next: string): FlowAction => ({
  Identifier: id,
  Type: 'MessageParticipant',
  Parameters: { Text: text },
  Transitions: { NextAction: next },
});
const flowOf = (...actions: FlowAction[]): FlowDocument => ({
  Version: '2019-10-30',
  StartAction: actions[0]?.Identifier ?? 'end',
  Actions: [...actions, END],
});
const invoke = (timeout = '8', responseType = 'STRING_MAP'): FlowAction => ({
  Identifier: 'ctx',
  Type: 'InvokeLambdaFunction',
  Parameters: {
    LambdaFunctionARN: 'arn:aws:lambda:ap-northeast-1:111122223333:function:customer-context',
    InvocationTimeLimitSeconds: timeout,
    LambdaInvocationAttributes: { caller: '$.CustomerEndpoint.Address' },
    ResponseValidation: { ResponseType: responseType },
  },
  Transitions: { NextAction: 'hello', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'sorry' }] },
});
const greet = [
  invoke(),
  say('hello', 'こんにちは、$.External.greetingName 様', 'end'),
  say('sorry', 'ご案内できません', 'end'),
];

describe('the simulator', () => {
  it('asks readInput when the scripted inputs run out, showing what was said first (the interactive phone)', async () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    const end = b.disconnect('end');
    const menu = b
      .getInput('menu', { text: 'Press 1 or 2.', timeoutSeconds: 5 })
      .when('1', b.playPrompt('one', { text: 'You pressed one.' }).next(end))
      .when('2', b.playPrompt('two', { text: 'You pressed two.' }).next(end))
      .onTimeout(b.playPrompt('none', { text: 'Nothing pressed.' }).next(end))
      .onNoMatch(end)
      .onError(end);
    b.start(b.playPrompt('hello', { text: 'Hello.' }).next(menu));
    const seen: string[] = [];
    const asked: number[] = [];

    const result = await simulate({
      flows: [{ flow: b.build(), names: ['f'] }],
      entry: 'f',
      from: '+819012345678',
      onEvents: (events) => seen.push(...prompts(events)),
      readInput: async () => {
        asked.push(seen.length);
        return '2';
      },
    });

    // The prompts were shown before the caller was asked, and the rest at the end.
    expect(asked).toEqual([2]);
    expect(seen).toEqual(['Hello.', 'Press 1 or 2.', 'You pressed two.']);
    expect(result.outcome).toEqual({ kind: 'disconnected' });
  });

  it('calls a real handler in-process with the documented ContactFlowEvent and reads $.External in text', async () => {
    let seen: unknown;
    const result = await simulate({
      flows: [{ flow: flowOf(...greet), names: ['main'] }],
      entry: 'main',
      from: '+819012345678',
      lambdas: {
        'customer-context': {
          handler: (event) => {
            seen = event;
            return { greetingName: '佐藤' };
          },
        },
      },
    });

    expect(prompts(result.events)).toEqual(['こんにちは、佐藤 様']);
    expect(seen).toMatchObject({
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Channel: 'VOICE',
          CustomerEndpoint: { Address: '+819012345678', Type: 'TELEPHONE_NUMBER' },
          Queue: null,
        },
        Parameters: { caller: '+819012345678' },
      },
    });
  });

  it.each([
    ['a STRING_MAP response with a nested value', { response: { tier: { level: 'vip' } } }, 'flat object'],
    ['a response slower than the time limit', { response: {}, delaySeconds: 9 }, 'timed out'],
    ['a handler that throws', { handler: () => Promise.reject(new Error('boom')) }, 'threw: boom'],
    ['a failing function', { error: 'Lambda.ServiceException' }, 'Lambda.ServiceException'],
  ] as const)('takes the error branch for %s', async (_case, behaviour, reason) => {
    const result = await simulate({
      flows: [{ flow: flowOf(...greet), names: ['main'] }],
      entry: 'main',
      from: '+819012345678',
      lambdas: { 'customer-context': behaviour as LambdaBehaviour },
    });

    expect(prompts(result.events)).toEqual(['ご案内できません']);
    expect(result.events).toContainEqual(
      expect.objectContaining({ type: 'lambda', error: expect.stringContaining(reason) }),
    );
  });

  it('checks hours of operation in their time zone', async () => {
    const hoursFlow = flowOf(
      {
        Identifier: 'hours',
        Type: 'CheckHoursOfOperation',
        Parameters: { HoursOfOperationId: 'office' },
        Transitions: {
          NextAction: 'end',
          Conditions: [
            { NextAction: 'open', Condition: { Operator: 'Equals', Operands: ['True'] } },
            { NextAction: 'closed', Condition: { Operator: 'Equals', Operands: ['False'] } },
          ],
        },
      },
      say('open', 'open', 'end'),
      say('closed', 'closed', 'end'),
    );
    const hours = { office: { timeZone: 'Asia/Tokyo', days: { MON: ['09:00', '18:00'] as const } } };
    const run = (at: string) =>
      simulate({
        flows: [{ flow: hoursFlow, names: ['h'] }],
        entry: 'h',
        from: '+819012345678',
        hours,
        at: new Date(at),
      });

    expect(prompts((await run('2026-01-05T10:00:00+09:00')).events)).toEqual(['open']);
    expect(prompts((await run('2026-01-05T19:00:00+09:00')).events)).toEqual(['closed']);
    expect(prompts((await run('2026-01-06T10:00:00+09:00')).events)).toEqual(['closed']);
  });

  it('branches on queue metrics and reports the queue by its configured name', async () => {
    const queueFlow = flowOf(
      {
        Identifier: 'q',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: 'billing-arn' },
        Transitions: { NextAction: 'wait' },
      },
      {
        Identifier: 'wait',
        Type: 'CheckMetricData',
        Parameters: { MetricType: 'OldestContactInQueueAgeSeconds' },
        Transitions: {
          NextAction: 'go',
          Conditions: [
            { NextAction: 'long', Condition: { Operator: 'NumberGreaterThan', Operands: ['300'] } },
          ],
        },
      },
      say('long', 'long wait', 'go'),
      {
        Identifier: 'go',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'end' }] },
      },
    );
    const run = (age: number, atCapacity = false) =>
      simulate({
        flows: [{ flow: queueFlow, names: ['q'] }],
        entry: 'q',
        from: '+819012345678',
        queues: { 'billing-arn': { name: 'billing', oldestContactAgeSeconds: age, atCapacity } },
      });

    const busy = await run(600);
    const quiet = await run(10);
    const full = await run(10, true);

    expect(prompts(busy.events)).toEqual(['long wait']);
    expect(busy.outcome).toEqual({ kind: 'queued', queue: 'billing-arn', queueName: 'billing' });
    expect(prompts(quiet.events)).toEqual([]);
    expect(full.outcome.kind).toBe('disconnected');
    expect(full.events).toContainEqual(
      expect.objectContaining({ type: 'error-branch', error: 'QueueAtCapacity' }),
    );
  });

  it('turns an endless loop into an error outcome at the step limit', async () => {
    const loop = flowOf(say('a', 'again', 'b'), say('b', 'and again', 'a'));

    const result = await simulate({
      flows: [{ flow: loop, names: ['loop'] }],
      entry: 'loop',
      from: '+819012345678',
      maxSteps: 50,
    });

    expect(result.outcome).toEqual({ kind: 'error', reason: expect.stringContaining('step limit of 50') });
  });

  it('follows TransferToFlow into another flow of the set', async () => {
    const first = flowOf({
      Identifier: 'go',
      Type: 'TransferToFlow',
      Parameters: { ContactFlowId: 'arn:aws:connect:x:1:instance/i/contact-flow/second-id' },
      Transitions: { NextAction: 'end' },
    });
    const second = flowOf(say('hi', 'second flow', 'end'));

    const result = await simulate({
      flows: [
        { flow: first, names: ['first'] },
        { flow: second, names: ['second-id'] },
      ],
      entry: 'first',
      from: '+819012345678',
    });

    expect(result.events.filter((e) => e.type === 'flow')).toHaveLength(2);
    expect(prompts(result.events)).toEqual(['second flow']);
    expect(result.outcome.kind).toBe('disconnected');
  });

  it('drops the contact on an error with no branch, as Connect does', async () => {
    const result = await simulate({
      flows: [{ flow: flowOf({ ...invoke(), Transitions: { NextAction: 'end' } }), names: ['m'] }],
      entry: 'm',
      from: '+819012345678',
    });

    expect(result.outcome).toEqual({
      kind: 'disconnected',
      reason: expect.stringContaining('NoMatchingError at ctx has no branch'),
    });
  });
});

describe('the simulator, at the edges', () => {
  it('reports an endless loop in the disconnect flow as an error, not a quiet success', async () => {
    const entry = flowOf(
      {
        Identifier: 'hook',
        Type: 'UpdateContactEventHooks',
        Parameters: { EventHooks: { CustomerRemaining: 'survey' } },
        Transitions: { NextAction: 'q' },
      },
      {
        Identifier: 'q',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: 'general' },
        Transitions: { NextAction: 'go' },
      },
      {
        Identifier: 'go',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: { NextAction: 'end' },
      },
    );
    const survey = flowOf(say('ask', 'again?', 'ask'));

    const result = await simulate({
      flows: [
        { flow: entry, names: ['entry'] },
        { flow: survey, names: ['survey'] },
      ],
      entry: 'entry',
      from: '+819012345678',
      agent: {},
      maxSteps: 100,
    });

    expect(result.outcome).toEqual({ kind: 'error', reason: expect.stringContaining('step limit of 100') });
  });

  it('gives up on a handler that never answers once the time limit passes', async () => {
    // Eight seconds on the test's clock: on real time, the test would outlast its timeout.
    const clock = manualTimer();

    const result = await simulate({
      flows: [{ flow: flowOf(...greet), names: ['m'] }],
      entry: 'm',
      from: '+819012345678',
      handlerTimer: clock.timer,
      lambdas: {
        'customer-context': {
          handler: () => {
            clock.advance(8000);
            return new Promise(() => {});
          },
        },
      },
    });

    expect(result.events).toContainEqual(
      expect.objectContaining({ type: 'lambda', error: 'timed out after 8 s' }),
    );
    expect(prompts(result.events)).toEqual(['ご案内できません']);
  });

  it('takes the answer of a handler within the limit, which it sees shrink as time passes', async () => {
    const clock = manualTimer();
    const left: number[] = [];

    const result = await simulate({
      flows: [{ flow: flowOf(invoke('1'), ...greet.slice(1)), names: ['m'] }],
      entry: 'm',
      from: '+819012345678',
      handlerTimer: clock.timer,
      lambdas: {
        'customer-context': {
          handler: (_event, context) => {
            left.push(context.getRemainingTimeInMillis());
            clock.advance(999);
            left.push(context.getRemainingTimeInMillis());
            return { greetingName: '佐藤' };
          },
        },
      },
    });

    expect(left).toEqual([1000, 1]);
    expect(prompts(result.events)).toEqual(['こんにちは、佐藤 様']);
    expect(clock.waiting()).toBe(0);
  });

  it('empties $.External when a later call fails (it holds only the latest result)', async () => {
    const second: FlowAction = {
      ...invoke(),
      Identifier: 'ctx2',
      Transitions: { NextAction: 'show', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'show' }] },
    };
    const flow = flowOf(
      { ...invoke(), Transitions: { NextAction: 'ctx2' } },
      second,
      say('show', 'name=[$.External.greetingName]', 'end'),
    );

    const result = await simulate({
      flows: [{ flow, names: ['m'] }],
      entry: 'm',
      from: '+819012345678',
      lambdas: {
        'customer-context': { responses: [{ greetingName: '佐藤' }, { greetingName: { nested: true } }] },
      },
    });

    expect(prompts(result.events)).toEqual(['name=[]']);
  });
});

// ------------------------------------------------------------------ the customer queue flow

const BILLING = 'arn:aws:connect:ap-northeast-1:111122223333:instance/i/queue/billing';
const SUPPORT = 'arn:aws:connect:ap-northeast-1:111122223333:instance/i/queue/support';
const CALLER = '+819012345678';
const queues = {
  [BILLING]: { name: 'billing', contactsInQueue: 4 },
  [SUPPORT]: { name: 'support', contactsInQueue: 1 },
};

/** Inbound flow: sets the given hooks, then queues the caller in billing. */
function inboundSetting(hooks: Partial<Record<EventHook, string>>): FlowDocument {
  const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'inbound' });
  const bye = b.disconnect('bye');
  const transfer = b.transferToQueue('to-billing').onAtCapacity(bye).onError(bye);
  let first: Block = b.setQueue('set-billing', { queueId: BILLING }).next(transfer).onError(bye);
  for (const [hook, flowId] of Object.entries(hooks).reverse()) {
    first = b
      .setEventHook(`hook-${hook}`, hook as EventHook, flowId)
      .next(first)
      .onError(bye);
  }
  b.start(first);
  return b.build();
}

function holdMessage(text: string): FlowDocument {
  const b = new FlowBuilder({ type: 'CUSTOMER_QUEUE', name: 'hold-message' });
  b.start(b.playPrompt('hold', { text }).next(b.endFlow('done')));
  return b.build();
}

/** Offers a callback: 1 books one to the caller's number and hangs up, 2 hangs up, silence keeps asking. */
function callbackOffer(): FlowDocument {
  const b = new FlowBuilder({ type: 'CUSTOMER_QUEUE', name: 'callback-offer' });
  const bye = b.disconnect('bye');
  const keepWaiting = b.endFlow('keep-waiting');
  const confirm = b.playPrompt('confirm', { text: 'We will call you back.' }).next(bye);
  const book = b.createCallback('book-callback').next(confirm).onError(keepWaiting);
  const number = b
    .setCallbackNumber('callback-number', '$.CustomerEndpoint.Address')
    .next(book)
    .onInvalidNumber(keepWaiting)
    .onNotDialable(keepWaiting);
  const hold = b.playPrompt('hold', { text: 'Please hold.' }).next(b.ref('offer'));
  b.getInput('offer', { text: 'Press 1 for a callback, 2 to hang up.', timeoutSeconds: 5 })
    .when('1', number)
    .when('2', bye)
    .onTimeout(b.ref('again'))
    .onNoMatch(b.ref('again'))
    .onError(keepWaiting);
  b.loop('again', 100).onContinue(hold).onDone(keepWaiting);
  b.start(hold);
  return b.build();
}

function agentWhisper(): FlowDocument {
  const b = new FlowBuilder({ type: 'AGENT_WHISPER', name: 'whisper' });
  b.start(b.playPrompt('tell-agent', { text: 'Billing caller.' }).next(b.endFlow('done')));
  return b.build();
}

function survey(): FlowDocument {
  const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'survey' });
  b.start(b.playPrompt('ask', { text: 'How did we do?' }).next(b.disconnect('bye')));
  return b.build();
}

const queueFlowEvents = (events: readonly SimulationEvent[]) =>
  events.filter((e): e is Extract<SimulationEvent, { type: 'queue-flow' }> => e.type === 'queue-flow');
const timeOf = (iso: unknown) => new Date(String(iso)).getTime();

describe('the customer queue flow', () => {
  it('plays the hold message while the caller waits, then the agent answers and the other hooks still run', async () => {
    // Prepare
    const flows = [
      {
        flow: inboundSetting({
          CustomerQueue: 'queue-music',
          AgentWhisper: 'whisper',
          CustomerRemaining: 'survey',
        }),
        names: ['inbound'],
      },
      { flow: holdMessage('All our agents are busy. Please hold.'), names: ['queue-music'] },
      { flow: agentWhisper(), names: ['whisper'] },
      { flow: survey(), names: ['survey'] },
    ];

    // Act
    const result = await simulate({
      flows,
      entry: 'inbound',
      from: CALLER,
      queues,
      agent: { answerAfterSeconds: 45 },
    });

    // Assess
    expect(result.outcome).toEqual({ kind: 'queued', queue: BILLING, queueName: 'billing' });
    const held = result.events.findIndex((e) => e.type === 'prompt' && e.text.startsWith('All our agents'));
    const answered = result.events.findIndex((e) => e.type === 'agent' && e.event === 'connected');
    expect(held).toBeGreaterThan(-1);
    expect(held).toBeLessThan(answered);
    expect(result.events).toContainEqual({ type: 'prompt', text: 'Billing caller.', to: 'agent' });
    expect(prompts(result.events).at(-1)).toBe('How did we do?');
    expect(queueFlowEvents(result.events).map((e) => e.event)).toEqual(['started', 'ended']);
    const [, queued, connected] = result.contactEvents;
    expect(result.contactEvents.map((e) => e.detail.eventType)).toEqual([
      'INITIATED',
      'QUEUED',
      'CONNECTED_TO_AGENT',
      'DISCONNECTED',
    ]);
    // The hold message ended early: the caller waits on in queue until the agent answers.
    expect(timeOf(connected?.time) - timeOf(queued?.time)).toBe(45_000);
  });

  it('books a callback to the caller who presses 1: the contact leaves the queue and no agent answers', async () => {
    const flows = [
      { flow: inboundSetting({ CustomerQueue: 'offer', CustomerRemaining: 'survey' }), names: ['inbound'] },
      { flow: callbackOffer(), names: ['offer'] },
      { flow: survey(), names: ['survey'] },
    ];

    const result = await simulate({
      flows,
      entry: 'inbound',
      from: CALLER,
      queues,
      agent: {},
      inputs: ['1'],
    });

    expect(result.outcome).toEqual({
      kind: 'callback',
      number: CALLER,
      queue: BILLING,
      queueName: 'billing',
    });
    expect(prompts(result.events)).toEqual([
      'Please hold.',
      'Press 1 for a callback, 2 to hang up.',
      'We will call you back.',
    ]);
    expect(result.events).not.toContainEqual(expect.objectContaining({ type: 'agent' }));
    expect(result.contactEvents.map((e) => e.detail.eventType)).toEqual([
      'INITIATED',
      'QUEUED',
      'DISCONNECTED',
    ]);
    expect(result.contactEvents.at(-1)?.detail.agentInfo).toBeUndefined();
  });

  it('ends the contact as abandoned when the caller hangs up from the queue flow without a callback', async () => {
    const result = await simulate({
      flows: [
        { flow: inboundSetting({ CustomerQueue: 'offer' }), names: ['inbound'] },
        { flow: callbackOffer(), names: ['offer'] },
      ],
      entry: 'inbound',
      from: CALLER,
      queues,
      agent: {},
      inputs: ['2'],
    });

    expect(result.outcome).toEqual({ kind: 'disconnected' });
    expect(result.events).not.toContainEqual(expect.objectContaining({ type: 'agent' }));
    expect(result.contactEvents.at(-1)?.detail.eventType).toBe('DISCONNECTED');
  });

  it('interrupts a queue flow that keeps re-asking on timeouts once the hold is over, well inside the step limit', async () => {
    // Each round is 9 s ("Please hold." plays 2 s, input 1 s + 5 s timeout, loop 1 s): 120 s of
    // hold is 14 rounds begun.
    const result = await simulate({
      flows: [
        { flow: inboundSetting({ CustomerQueue: 'offer' }), names: ['inbound'] },
        { flow: callbackOffer(), names: ['offer'] },
      ],
      entry: 'inbound',
      from: CALLER,
      queues,
      holdSeconds: 120,
      maxSteps: 60,
    });

    expect(result.outcome).toEqual({ kind: 'queued', queue: BILLING, queueName: 'billing' });
    expect(result.events.filter((e) => e.type === 'timeout')).toHaveLength(14);
    expect(queueFlowEvents(result.events).at(-1)).toMatchObject({ event: 'interrupted', waitedSeconds: 120 });
    expect(result.steps).toBeLessThanOrEqual(60);
  });

  it.each([
    ['a hook naming a flow the set lacks', 'missing', {}, 'the CustomerQueue hook names missing'],
    [
      'a queue flow that outruns the step limit',
      'offer',
      { holdSeconds: 600, maxSteps: 40 },
      'step limit of 40',
    ],
  ] as const)('ends the contact as an error for %s', async (_case, hookTarget, extra, reason) => {
    const result = await simulate({
      flows: [
        { flow: inboundSetting({ CustomerQueue: hookTarget }), names: ['inbound'] },
        { flow: callbackOffer(), names: ['offer'] },
      ],
      entry: 'inbound',
      from: CALLER,
      queues,
      ...extra,
    });

    expect(result.outcome).toEqual({ kind: 'error', reason: expect.stringContaining(reason) });
    expect(result.contactEvents.at(-1)?.detail.eventType).toBe('DISCONNECTED');
  });

  it('tells the caller the name of the queue they are waiting in', async () => {
    const result = await simulate({
      flows: [
        { flow: inboundSetting({ CustomerQueue: 'queue-music' }), names: ['inbound'] },
        { flow: holdMessage('You are waiting in the $.Queue.Name queue.'), names: ['queue-music'] },
      ],
      entry: 'inbound',
      from: CALLER,
      queues,
      agent: {},
    });

    expect(prompts(result.events)[0]).toBe('You are waiting in the billing queue.');
  });

  it('moves the caller to another queue, where the queue flow starts over with that queue and its metrics', async () => {
    // Prepare: a queue flow that reads the queue's size, then moves callers out of billing
    const b = new FlowBuilder({ type: 'CUSTOMER_QUEUE', name: 'overflow' });
    const done = b.endFlow('done');
    const move = b
      .action('to-support', 'DequeueContactAndTransferToQueue', { QueueId: SUPPORT })
      .next(done)
      .onErrorType('QueueAtCapacity', done)
      .onErrorType('NoMatchingError', done);
    const where = b.checkAttribute('in-billing', '$.Queue.Name').when('billing', move).onNoMatch(done);
    const say = b
      .playPrompt('position', { text: '$.Metrics.Queue.Size callers ahead in $.Queue.Name.' })
      .next(where);
    b.start(b.action('metrics', 'GetMetricData', {}).next(say).onErrorType('NoMatchingError', done));

    // Act
    const result = await simulate({
      flows: [
        { flow: inboundSetting({ CustomerQueue: 'overflow' }), names: ['inbound'] },
        { flow: b.build(), names: ['overflow'] },
      ],
      entry: 'inbound',
      from: CALLER,
      queues,
      agent: {},
    });

    // Assess
    expect(prompts(result.events)).toEqual(['4 callers ahead in billing.', '1 callers ahead in support.']);
    expect(result.outcome).toEqual({ kind: 'queued', queue: SUPPORT, queueName: 'support' });
    expect(queueFlowEvents(result.events).map((e) => [e.event, e.queue])).toEqual([
      ['started', BILLING],
      ['ended', BILLING],
      ['started', SUPPORT],
      ['ended', SUPPORT],
    ]);
    expect(result.contactEvents.map((e) => e.detail.eventType)).toEqual([
      'INITIATED',
      'QUEUED',
      'QUEUED',
      'CONNECTED_TO_AGENT',
      'DISCONNECTED',
    ]);
  });
});

// ------------------------------------------------------------------ real flows' constructs

const doc = (start: string, ...actions: FlowAction[]): FlowDocument => ({
  Version: '2019-10-30',
  StartAction: start,
  Actions: actions,
});
const act = (
  Identifier: string,
  Type: string,
  Parameters: Record<string, unknown>,
  Transitions: Record<string, unknown> = {},
): FlowAction => ({
  Identifier,
  Type,
  Parameters: Parameters as FlowAction['Parameters'],
  Transitions: Transitions as FlowAction['Transitions'],
});
const hangUp = act('bye', 'DisconnectParticipant', {});

const BOT = 'arn:aws:lex:ap-northeast-1:111122223333:bot-alias/BOTID/ALIASID';

describe('the simulator on what real flows do', () => {
  it('resolves a Lambda ARN given as a flow attribute when the block runs', async () => {
    const flow = doc(
      'fn',
      act(
        'fn',
        'UpdateFlowAttributes',
        { FlowAttributes: { lookup: { Value: 'arn:aws:lambda:$.AwsRegion:111122223333:function:lookup' } } },
        { NextAction: 'call', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
      ),
      act(
        'call',
        'InvokeLambdaFunction',
        { LambdaFunctionARN: '$.FlowAttributes.lookup' },
        { NextAction: 'say', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
      ),
      act('say', 'MessageParticipant', { Text: 'Hello $.External.name' }, { NextAction: 'bye' }),
      hangUp,
    );

    const result = await simulate({
      flows: [{ flow, names: ['main'] }],
      entry: 'main',
      from: CALLER,
      lambdas: { lookup: { response: { name: 'Aiko' } } },
    });

    expect(prompts(result.events)).toEqual(['Hello Aiko']);
  });

  it('loops the hold messages until the hold is over, as a hold flow', async () => {
    const hold = doc(
      'loop',
      act('loop', 'MessageParticipantIteratively', {
        Messages: [{ Text: 'Please hold.' }, { PromptId: 'arn:aws:connect:::prompt/music' }],
      }),
    );

    const result = await simulate({
      flows: [{ flow: hold, names: ['hold'], type: 'CUSTOMER_HOLD' }],
      entry: 'hold',
      from: CALLER,
      holdSeconds: 70,
    });

    // 2 s of text, 30 s of music, over and over, until 70 s have passed.
    expect(prompts(result.events)).toEqual([
      'Please hold.',
      '[recorded prompt music]',
      'Please hold.',
      '[recorded prompt music]',
      'Please hold.',
      '[recorded prompt music]',
    ]);
    expect(result.outcome).toEqual({ kind: 'ended' });
  });

  it('interrupts the message loop of a queue flow every InterruptFrequencySeconds', async () => {
    const queueFlow = doc(
      'loop',
      act(
        'loop',
        'MessageParticipantIteratively',
        { Messages: [{ Text: 'Thank you for waiting.' }], InterruptFrequencySeconds: '20' },
        {
          NextAction: 'offer',
          Conditions: [
            { NextAction: 'offer', Condition: { Operator: 'Equals', Operands: ['MessagesInterrupted'] } },
          ],
        },
      ),
      act('offer', 'MessageParticipant', { Text: 'You can also call back later.' }, { NextAction: 'loop' }),
    );

    const result = await simulate({
      flows: [{ flow: queueFlow, names: ['q'], type: 'CUSTOMER_QUEUE' }],
      entry: 'q',
      from: CALLER,
      holdSeconds: 50,
    });

    const said = prompts(result.events);
    expect(said.filter((t) => t === 'You can also call back later.')).toHaveLength(2);
    expect(said[0]).toBe('Thank you for waiting.');
  });

  it('ends with a message naming a flow a transfer names but the flow set lacks', async () => {
    const arn = 'arn:aws:connect:ap-northeast-1:111122223333:instance/i/contact-flow/0000-missing';
    const flow = doc(
      'go',
      act(
        'go',
        'TransferToFlow',
        { ContactFlowId: arn },
        { NextAction: 'bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
      ),
      hangUp,
    );

    const result = await simulate({ flows: [{ flow, names: ['main'] }], entry: 'main', from: CALLER });

    expect(result.outcome).toEqual({
      kind: 'error',
      reason: expect.stringContaining(`names ${arn}, which is not among the flows given`),
    });
  });

  it('takes the error branch for a queue the instance does not have', async () => {
    const flow = doc(
      'q',
      act(
        'q',
        'UpdateContactTargetQueue',
        { QueueId: 'arn:aws:connect:::queue/ghost' },
        {
          NextAction: 'go',
          Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'sorry' }],
        },
      ),
      act('go', 'TransferContactToQueue', {}, { NextAction: 'bye' }),
      act('sorry', 'MessageParticipant', { Text: 'Sorry.' }, { NextAction: 'bye' }),
      hangUp,
    );

    const result = await simulate({
      flows: [{ flow, names: ['main'] }],
      entry: 'main',
      from: CALLER,
      queues,
    });

    expect(prompts(result.events)).toEqual(['Sorry.']);
    expect(result.outcome.kind).toBe('disconnected');
  });

  it('takes the intent and slots the script gives a Lex bot, and reads them back as $.Lex', async () => {
    const flow = doc(
      'bot',
      act(
        'bot',
        'ConnectParticipantWithLexBot',
        { Text: 'How can I help?', LexV2Bot: { AliasArn: '$.Attributes.bot' } },
        {
          NextAction: 'bye',
          Conditions: [{ NextAction: 'say', Condition: { Operator: 'Equals', Operands: ['Book'] } }],
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'bye' }],
        },
      ),
      act('say', 'MessageParticipant', { Text: 'Booking for $.Lex.Slots.city' }, { NextAction: 'bye' }),
      hangUp,
    );

    const result = await simulate({
      flows: [{ flow, names: ['main'] }],
      entry: 'main',
      from: CALLER,
      attributes: { bot: BOT },
      lex: [{ intent: 'Book', slots: { city: 'Osaka' } }],
    });

    expect(prompts(result.events)).toEqual(['How can I help?', 'Booking for Osaka']);
    // The bot's alias ARN, given as a JSONPath, is resolved when the block runs.
    expect(result.events).toContainEqual({ type: 'lex', bot: BOT, intent: 'Book', slots: { city: 'Osaka' } });
  });

  it('goes on past an action type it does not know, and says so', async () => {
    const flow = doc('new', act('new', 'SomeFutureBlock', {}, { NextAction: 'bye' }), hangUp);

    const result = await simulate({ flows: [{ flow, names: ['main'] }], entry: 'main', from: CALLER });

    expect(result.events).toContainEqual({
      type: 'unsupported',
      action: 'new',
      actionType: 'SomeFutureBlock',
    });
    expect(result.outcome.kind).toBe('disconnected');
  });

  it('stops before the action named by stopAt', async () => {
    const flow = doc(
      'a',
      act('a', 'MessageParticipant', { Text: 'one' }, { NextAction: 'b' }),
      act('b', 'MessageParticipant', { Text: 'two' }, { NextAction: 'bye' }),
      hangUp,
    );

    const result = await simulate({
      flows: [{ flow, names: ['main'] }],
      entry: 'main',
      from: CALLER,
      stopAt: 'b',
    });

    expect(result.outcome).toEqual({ kind: 'stopped', at: 'b', flow: 'main' });
    expect(prompts(result.events)).toEqual(['one']);
  });

  it('runs actions that API-created flows write without Parameters', async () => {
    const flow = doc(
      'q',
      act('q', 'UpdateContactTargetQueue', { QueueId: BILLING }, { NextAction: 'go' }),
      {
        Identifier: 'go',
        Type: 'TransferContactToQueue',
        Transitions: { NextAction: 'bye' },
      } as unknown as FlowAction,
      hangUp,
    );

    const result = await simulate({
      flows: [{ flow, names: ['main'] }],
      entry: 'main',
      from: CALLER,
      queues,
    });

    expect(result.outcome).toEqual({ kind: 'queued', queue: BILLING, queueName: 'billing' });
  });
});

describe('a flow that a contact reaches from elsewhere, run on its own', () => {
  it('queues a queue transfer in the queue the contact came with, as its quick connect names it', async () => {
    const b = new FlowBuilder({ type: 'QUEUE_TRANSFER', name: 'to-queue' });
    const bye = b.disconnect('bye');
    b.start(b.transferToQueue('transfer').onAtCapacity(bye).onError(bye));

    const result = await simulate({
      flows: [{ flow: b.build(), names: ['to-queue'] }],
      entry: 'to-queue',
      from: CALLER,
      queues,
      workingQueue: SUPPORT,
    });

    expect(result.outcome).toEqual({ kind: 'queued', queue: SUPPORT, queueName: 'support' });
  });

  it('reads the queue it runs for in a customer queue flow entered alone', async () => {
    const result = await simulate({
      flows: [{ flow: holdMessage('You are waiting in the $.Queue.Name queue.'), names: ['queue-music'] }],
      entry: 'queue-music',
      from: CALLER,
      queues,
      workingQueue: BILLING,
    });

    expect(prompts(result.events)).toEqual(['You are waiting in the billing queue.']);
  });

  it('sees $.External as the function called before the transfer left it', async () => {
    const flow = flowOf(say('next-rule', 'Your next step is $.External.nextStep.', 'end'));

    const result = await simulate({
      flows: [{ flow, names: ['rule'] }],
      entry: 'rule',
      from: CALLER,
      external: { nextStep: 'billing' },
    });

    expect(prompts(result.events)).toEqual(['Your next step is billing.']);
  });
});

describe('a Lex bot', () => {
  it('gives the flow the confidence of the intent it recognised', async () => {
    const flow = flowOf(
      {
        Identifier: 'bot',
        Type: 'ConnectParticipantWithLexBot',
        Parameters: {
          Text: 'How can we help?',
          LexV2Bot: { AliasArn: 'arn:aws:lex:ap-northeast-1:111122223333:bot-alias/B/A' },
        },
        Transitions: {
          NextAction: 'end',
          Errors: [
            { ErrorType: 'NoMatchingCondition', NextAction: 'heard' },
            { ErrorType: 'NoMatchingError', NextAction: 'end' },
          ],
        },
      },
      say('heard', '$.Lex.IntentName at $.Lex.IntentConfidence.Score', 'end'),
    );

    const result = await simulate({
      flows: [{ flow, names: ['nlu'] }],
      entry: 'nlu',
      from: CALLER,
      lex: [{ intent: 'Billing', confidence: 0.92 }],
    });

    expect(prompts(result.events).at(-1)).toBe('Billing at 0.92');
  });

  it('asks in silence when its prompt is only a space', async () => {
    const flow = flowOf({
      Identifier: 'bot',
      Type: 'ConnectParticipantWithLexBot',
      Parameters: {
        Text: ' ',
        LexV2Bot: { AliasArn: 'arn:aws:lex:ap-northeast-1:111122223333:bot-alias/B/A' },
      },
      Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'end' }] },
    });

    const result = await simulate({
      flows: [{ flow, names: ['nlu'] }],
      entry: 'nlu',
      from: CALLER,
      lex: [{ intent: 'Billing' }],
    });

    expect(prompts(result.events)).toEqual([]);
  });
});

describe('contact attributes', () => {
  it('sets nothing for a key whose JSONPath resolves to nothing', async () => {
    const flow = flowOf({
      Identifier: 'set',
      Type: 'UpdateContactAttributes',
      Parameters: {
        Attributes: { '$.External.key0': '$.External.value0', '$.External.key1': '$.External.value1' },
        TargetContact: 'Current',
      },
      Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
    });

    const result = await simulate({
      flows: [{ flow, names: ['set'] }],
      entry: 'set',
      from: CALLER,
      external: { key0: 'tier', value0: 'gold' },
    });

    expect(result.attributes).toEqual({ tier: 'gold' });
  });
});

describe('a hold flow', () => {
  it('counts the pauses of an SSML message in how long it plays', async () => {
    const flow: FlowDocument = {
      Version: '2019-10-30',
      StartAction: 'loop',
      Actions: [
        {
          Identifier: 'loop',
          Type: 'MessageParticipantIteratively',
          Parameters: { Messages: [{ SSML: '<speak>You are on hold <break time="10s"/></speak>' }] },
          Transitions: {},
        },
      ],
    };

    const result = await simulate({
      flows: [{ flow, names: ['hold'] }],
      entry: 'hold',
      from: CALLER,
      holdSeconds: 30,
    });

    // About 11 s a play (the words and the pause) in a 30 s hold.
    expect(prompts(result.events)).toEqual(['You are on hold', 'You are on hold', 'You are on hold']);
  });
});

describe('a chat that waits for the customer', () => {
  const waiting = flowOf(
    {
      Identifier: 'wait',
      Type: 'Wait',
      Parameters: { TimeLimitSeconds: '900', Events: ['CustomerReturned'] },
      Transitions: {
        NextAction: 'end',
        Conditions: [
          { NextAction: 'back', Condition: { Operator: 'Equals', Operands: ['CustomerReturned'] } },
          { NextAction: 'expired', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } },
        ],
        Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }],
      },
    },
    say('back', 'Welcome back.', 'end'),
    say('expired', 'Your session has expired.', 'end'),
  );
  const run = (inputs: string[]) =>
    simulate({ flows: [{ flow: waiting, names: ['w'] }], entry: 'w', from: CALLER, channel: 'CHAT', inputs });

  it('goes on as the customer returned when they send a message during the wait', async () => {
    const result = await run(['I am back']);

    expect(prompts(result.events)).toEqual(['Welcome back.']);
  });

  it('lets the time run out when the customer sends nothing', async () => {
    const result = await run([]);

    expect(prompts(result.events)).toEqual(['Your session has expired.']);
  });
});

describe('a Lambda with one outcome per call', () => {
  it('answers, fails and answers again in the order given, the last repeating', async () => {
    const flow = doc(
      'loop',
      act(
        'loop',
        'Loop',
        { LoopCount: '3' },
        {
          NextAction: 'bye',
          Conditions: [
            { NextAction: 'call', Condition: { Operator: 'Equals', Operands: ['ContinueLooping'] } },
            { NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['DoneLooping'] } },
          ],
        },
      ),
      act(
        'call',
        'InvokeLambdaFunction',
        { LambdaFunctionARN: 'fn' },
        {
          NextAction: 'loop',
          Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'loop' }],
        },
      ),
      hangUp,
    );

    const result = await simulate({
      flows: [{ flow, names: ['main'] }],
      entry: 'main',
      from: CALLER,
      lambdas: {
        fn: { calls: [{ response: { n: '1' } }, { error: 'throttled' }, { response: { n: '3' } }] },
      },
    });

    expect(
      result.events.flatMap((e) => (e.type === 'lambda' ? [e.error ?? (e.response as { n: string }).n] : [])),
    ).toEqual(['1', 'throttled', '3']);
  });
});

describe('an Agentic CX application', () => {
  const flow = doc(
    'agent',
    act(
      'agent',
      'ConnectParticipantWithAgenticCX',
      {
        AgentConfiguration: {
          ApplicationId: 'app-1',
          Alias: 'live',
          ContextVariables: { name: '$.Attributes.name' },
        },
      },
      {
        NextAction: 'bye',
        Conditions: [{ NextAction: 'human', Condition: { Operator: 'Equals', Operands: ['Escalation'] } }],
        Errors: [
          { ErrorType: 'NoMatchingCondition', NextAction: 'bye' },
          { ErrorType: 'InputTimeLimitExceeded', NextAction: 'bye' },
        ],
      },
    ),
    act('human', 'MessageParticipant', { Text: 'Connecting you to a person.' }, { NextAction: 'bye' }),
    hangUp,
  );

  it('validates, a type the toolkit knows, with the root its context variables use', () => {
    const withRoot = {
      ...flow,
      Actions: flow.Actions.map((a) =>
        a.Identifier === 'human' ? { ...a, Parameters: { Text: '$.AgenticCX.ContextVariables.summary' } } : a,
      ),
    };

    expect(validateFlow(withRoot, { flowType: 'CONTACT_FLOW' })).toEqual([]);
  });

  it('branches on the exit condition the script gives, and hangs up on silence', async () => {
    const escalated = await simulate({
      flows: [{ flow, names: ['main'] }],
      entry: 'main',
      from: CALLER,
      lex: [{ intent: 'Escalation' }],
    });
    const silent = await simulate({ flows: [{ flow, names: ['main'] }], entry: 'main', from: CALLER });

    expect(prompts(escalated.events)).toEqual(['Connecting you to a person.']);
    expect(escalated.events).toContainEqual(
      expect.objectContaining({
        type: 'note',
        text: 'talks with the AI agent; the conversation ends: Escalation',
      }),
    );
    expect(silent.events).toContainEqual(
      expect.objectContaining({ type: 'error-branch', error: 'InputTimeLimitExceeded' }),
    );
  });
});
