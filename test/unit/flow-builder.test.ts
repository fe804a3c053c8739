import { Fn, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { PROJECT_FLOWS } from '../../lib/connect/flows/index.ts';
import { EXAMPLE_REFS } from '../../lib/connect/flows/refs.ts';
import { type Block, FlowBuildError, FlowBuilder, flowContent } from '../../lib/flow-language/builder.ts';
import type { FlowAction, FlowDocument } from '../../lib/flow-language/model.ts';
import { renderMermaid } from '../../lib/flow-language/render-mermaid.ts';
import { validateFlow } from '../../lib/flow-language/validator.ts';
import { testApp } from '../support/test-app.ts';

const INSTANCE = 'arn:aws:connect:ap-northeast-1:111122223333:instance/0c1d2e3f-aaaa-bbbb-cccc-000000000001';
const GENERAL_QUEUE = `${INSTANCE}/queue/general`;
const BILLING_QUEUE = `${INSTANCE}/queue/billing`;
const QUEUE_FLOW = `${INSTANCE}/contact-flow/customer-queue`;
const WHISPER_FLOW = `${INSTANCE}/contact-flow/agent-whisper`;
const SURVEY_FLOW = `${INSTANCE}/contact-flow/post-call-survey`;
/** What `fn.functionArn` is while the CDK app is being built: a token, resolved at deploy time. */
const CUSTOMER_CONTEXT_FN = '${Token[TOKEN.12]}';
const SAVE_ANSWER_FN = 'arn:aws:lambda:ap-northeast-1:111122223333:function:tsunagu-save-survey-answer';

/** A fragment: apologise, then queue the caller with the general queue. Used wherever something fails. */
function sorryThenGeneralQueue(b: FlowBuilder, prefix: string): Block {
  const bye = b.disconnect(`${prefix}-bye`);
  const transfer = b.transferToQueue(`${prefix}-transfer`).onAtCapacity(bye).onError(bye);
  const queue = b.setQueue(`${prefix}-queue`, { queueId: GENERAL_QUEUE }).next(transfer).onError(bye);
  return b
    .playPrompt(`${prefix}-sorry`, { text: '申し訳ございません。担当者におつなぎします。' })
    .next(queue)
    .onError(queue);
}

/** A small Japanese IVR: greeting by name from a Lambda, main menu 1/2/0, hours and queue checks, callback. */
function japaneseIvr(channels?: ('VOICE' | 'CHAT')[]): FlowBuilder {
  const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'main-ivr', ...(channels ? { channels } : {}) });
  const bye = b.disconnect('bye');
  const lookupFailed = sorryThenGeneralQueue(b, 'lookup-failed');
  const menuFailed = sorryThenGeneralQueue(b, 'menu-failed');

  const transfer = b.transferToQueue('billing-transfer').onAtCapacity(menuFailed).onError(menuFailed);
  const survey = b
    .setEventHook('survey-after-call', 'CustomerRemaining', SURVEY_FLOW)
    .next(transfer)
    .onError(transfer);
  const whisper = b.setEventHook('agent-whisper', 'AgentWhisper', WHISPER_FLOW).next(survey).onError(survey);
  const queueMusic = b
    .setEventHook('queue-music', 'CustomerQueue', QUEUE_FLOW)
    .next(whisper)
    .onError(whisper);
  const priority = b.setRoutingPriority('billing-priority', 2).next(queueMusic);
  const billing = b.setQueue('billing-queue', { queueId: BILLING_QUEUE }).next(priority).onError(menuFailed);

  const callbackBooked = b
    .playPrompt('callback-booked', { text: '折り返しお電話いたします。ありがとうございました。' })
    .next(bye)
    .onError(bye);
  const callback = b
    .createCallback('callback', { queueId: BILLING_QUEUE, initialDelaySeconds: 60, maxAttempts: 2 })
    .next(callbackBooked)
    .onError(menuFailed);
  const callbackNumber = b
    .setCallbackNumber('callback-number', '$.CustomerEndpoint.Address')
    .next(callback)
    .onInvalidNumber(menuFailed)
    .onNotDialable(menuFailed);

  const longWait = b
    .checkQueueMetrics('billing-wait', { metric: 'OldestContactInQueueAgeSeconds', queueId: BILLING_QUEUE })
    .whenGreaterThan(300, callbackNumber)
    .onNoMatch(billing)
    .onError(billing);
  const closed = b
    .playPrompt('closed', { text: '本日の受付は終了いたしました。' })
    .next(callbackNumber)
    .onError(bye);
  const hours = b.checkHours('business-hours').onOpen(longWait).onClosed(closed).onError(closed);

  const menu = b
    .getInput('main-menu', {
      text: 'ご請求については1を、折り返しのお電話は2を、オペレーターは0を押してください。',
      timeoutSeconds: 5,
    })
    .when('1', hours)
    .when('2', callbackNumber)
    .when(0, menuFailed)
    .onTimeout(b.ref('menu-retry'))
    .onNoMatch(b.ref('menu-retry'))
    .onError(menuFailed);
  b.loop('menu-retry', 2).onContinue(menu).onDone(menuFailed);

  const greeting = b
    .playPrompt('greeting', { text: '$.External.greetingName 様、お電話ありがとうございます。' })
    .next(menu)
    .onError(menu);
  const lookup = b
    .invokeLambda('customer-context', {
      functionArn: CUSTOMER_CONTEXT_FN,
      timeoutSeconds: 3,
      attributes: { phoneNumber: '$.CustomerEndpoint.Address' },
    })
    .next(greeting)
    .onError(lookupFailed);
  const voice = b.setVoice('voice', { voice: 'Takumi', engine: 'neural' }).next(lookup).onError(lookup);
  const language = b.setContactData('language', { languageCode: 'ja-JP' }).next(voice).onError(voice);
  b.start(b.setLogging('logging', 'Enabled').next(language));
  return b;
}

function actionOf(flow: FlowDocument, identifier: string): FlowAction {
  const action = flow.Actions.find((a) => a.Identifier === identifier);
  if (!action) throw new Error(`no action ${identifier} in the flow`);
  return action;
}

/** The FlowBuildError a call throws (fails the test if it throws nothing or something else). */
function buildErrorOf(act: () => unknown): FlowBuildError {
  try {
    act();
  } catch (error) {
    if (error instanceof FlowBuildError) return error;
    throw error;
  }
  throw new Error('expected a FlowBuildError, nothing was thrown');
}

describe('a flow built with the builder', () => {
  it('validates with zero errors, and keeps warnings apart', () => {
    // Said to serve chat too, its keypad menu is worth a warning.
    const b = japaneseIvr(['VOICE', 'CHAT']);

    const flow = b.build();

    expect(validateFlow(flow, { flowType: 'CONTACT_FLOW' }).filter((d) => d.severity === 'error')).toEqual(
      [],
    );
    expect(b.warnings.every((d) => d.severity === 'warning')).toBe(true);
    expect(b.warnings).toContainEqual(
      expect.objectContaining({ rule: 'channel/voice-only', action: 'main-menu' }),
    );
    expect(flow.StartAction).toBe('logging');
  });

  it('writes a menu as exports do: fixed key order, strings, NextAction on the no-match target', () => {
    const flow = japaneseIvr().build();

    const menu = actionOf(flow, 'main-menu');

    expect(JSON.stringify(menu)).toBe(
      JSON.stringify({
        Identifier: 'main-menu',
        Type: 'GetParticipantInput',
        Parameters: {
          Text: 'ご請求については1を、折り返しのお電話は2を、オペレーターは0を押してください。',
          StoreInput: 'False',
          InputTimeLimitSeconds: '5',
        },
        Transitions: {
          NextAction: 'menu-retry',
          Errors: [
            { NextAction: 'menu-retry', ErrorType: 'InputTimeLimitExceeded' },
            { NextAction: 'menu-retry', ErrorType: 'NoMatchingCondition' },
            { NextAction: 'menu-failed-sorry', ErrorType: 'NoMatchingError' },
          ],
          Conditions: [
            { NextAction: 'business-hours', Condition: { Operator: 'Equals', Operands: ['1'] } },
            { NextAction: 'callback-number', Condition: { Operator: 'Equals', Operands: ['2'] } },
            { NextAction: 'menu-failed-sorry', Condition: { Operator: 'Equals', Operands: ['0'] } },
          ],
        },
      }),
    );
  });

  it('writes numbers given as numbers as strings, in Lambda parameters and queue conditions', () => {
    const flow = japaneseIvr().build();

    const lookup = actionOf(flow, 'customer-context');
    const wait = actionOf(flow, 'billing-wait');

    expect(JSON.stringify(lookup)).toBe(
      JSON.stringify({
        Identifier: 'customer-context',
        Type: 'InvokeLambdaFunction',
        Parameters: {
          LambdaFunctionARN: CUSTOMER_CONTEXT_FN,
          InvocationTimeLimitSeconds: '3',
          LambdaInvocationAttributes: { phoneNumber: '$.CustomerEndpoint.Address' },
          ResponseValidation: { ResponseType: 'STRING_MAP' },
        },
        Transitions: {
          NextAction: 'greeting',
          Errors: [{ NextAction: 'lookup-failed-sorry', ErrorType: 'NoMatchingError' }],
        },
      }),
    );
    expect(wait.Transitions).toEqual({
      NextAction: 'billing-queue',
      Errors: [
        { NextAction: 'billing-queue', ErrorType: 'NoMatchingCondition' },
        { NextAction: 'billing-queue', ErrorType: 'NoMatchingError' },
      ],
      Conditions: [
        { NextAction: 'callback-number', Condition: { Operator: 'NumberGreaterThan', Operands: ['300'] } },
      ],
    });
    expect(actionOf(flow, 'billing-priority').Parameters).toEqual({ QueuePriority: '2' });
  });

  it('gives byte-identical content when built twice, from one builder or two', () => {
    const b = japaneseIvr();

    const first = flowContent(b.build());
    const second = flowContent(b.build());
    const fresh = flowContent(japaneseIvr().build());

    expect(second).toBe(first);
    expect(fresh).toBe(first);
  });

  it('writes each comparison as its Connect operator, tried in the order given', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    const bye = b.disconnect('bye');
    const check = b
      .checkAttribute('points', '$.External.points')
      .when('none', bye)
      .whenStartsWith('gold', bye)
      .whenEndsWith('-vip', bye)
      .whenContains('staff', bye)
      .whenGreaterThan(1000, bye)
      .whenGreaterOrEqual(500, bye)
      .whenLessThan(10, bye)
      .whenLessOrEqual('20', bye)
      .onNoMatch(bye);
    b.start(check);

    const conditions = actionOf(b.build(), 'points').Transitions.Conditions ?? [];

    expect(conditions.map((c) => [c.Condition.Operator, ...c.Condition.Operands])).toEqual([
      ['Equals', 'none'],
      ['TextStartsWith', 'gold'],
      ['TextEndsWith', '-vip'],
      ['TextContains', 'staff'],
      ['NumberGreaterThan', '1000'],
      ['NumberGreaterOrEqualTo', '500'],
      ['NumberLessThan', '10'],
      ['NumberLessOrEqualTo', '20'],
    ]);
  });

  it('uses a fragment twice: two sets of blocks under their own names, all reachable', () => {
    const b = japaneseIvr();

    const flow = b.build();

    for (const prefix of ['lookup-failed', 'menu-failed']) {
      expect(actionOf(flow, `${prefix}-sorry`).Transitions.NextAction).toBe(`${prefix}-queue`);
      expect(actionOf(flow, `${prefix}-queue`).Parameters).toEqual({ QueueId: GENERAL_QUEUE });
    }
    expect(b.warnings.filter((d) => d.rule === 'transition/unreachable')).toEqual([]);
  });

  it('resolves a forward reference to a block created later (a retry loop)', () => {
    const flow = japaneseIvr().build();

    const retry = actionOf(flow, 'menu-retry');

    expect(retry.Transitions).toEqual({
      NextAction: 'menu-failed-sorry',
      Conditions: [
        { NextAction: 'main-menu', Condition: { Operator: 'Equals', Operands: ['ContinueLooping'] } },
        { NextAction: 'menu-failed-sorry', Condition: { Operator: 'Equals', Operands: ['DoneLooping'] } },
      ],
    });
    expect(retry.Parameters).toEqual({ LoopCount: '2' });
  });

  it('renders as a Mermaid diagram, one node per block, branches labelled', () => {
    const flow = japaneseIvr().build();

    const text = renderMermaid(flow);

    expect(text.match(/^ {2}n\d+[[({]/gm)).toHaveLength(flow.Actions.length);
    expect(text).toContain('Get customer input<br/>ご請求については1を');
    const menu = `n${flow.Actions.findIndex((a) => a.Identifier === 'main-menu')}`;
    const retry = `n${flow.Actions.findIndex((a) => a.Identifier === 'menu-retry')}`;
    expect(text).toContain(`${menu} -.->|"InputTimeLimitExceeded"| ${retry}`);
    expect(text).not.toContain('missing:');
  });
});

describe('connectors: a flow written in the order the caller meets it', () => {
  /** Welcome, menu, billing queue; every failure an apology, then goodbye. */
  function topDown(): FlowBuilder {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'top-down' });
    b.start('welcome');
    b.playPrompt('welcome', { text: 'お電話ありがとうございます。' }).continueTo('menu');
    b.getInput('menu', { text: 'ご請求は1を押してください。' })
      .when('1', 'billing')
      .onTimeout('welcome')
      .otherwise('sorry');
    b.setQueue('billing', { queueId: BILLING_QUEUE }).next('transfer').onError('sorry');
    b.transferToQueue('transfer').otherwise('sorry');
    b.playPrompt('sorry', { text: '申し訳ございません。' }).continueTo('bye');
    b.disconnect('bye');
    return b;
  }

  it('sends next and error to one block with continueTo, every failure branch left with otherwise', () => {
    const flow = topDown().build();

    const welcome = actionOf(flow, 'welcome').Transitions;
    const menu = actionOf(flow, 'menu').Transitions;
    const transfer = actionOf(flow, 'transfer').Transitions;

    expect(welcome).toEqual({
      NextAction: 'menu',
      Errors: [{ NextAction: 'menu', ErrorType: 'NoMatchingError' }],
    });
    expect(menu.Errors).toEqual([
      { NextAction: 'welcome', ErrorType: 'InputTimeLimitExceeded' },
      { NextAction: 'sorry', ErrorType: 'NoMatchingCondition' },
      { NextAction: 'sorry', ErrorType: 'NoMatchingError' },
    ]);
    expect(menu.NextAction).toBe('sorry');
    expect(transfer).toEqual({
      NextAction: 'sorry',
      Errors: [
        { NextAction: 'sorry', ErrorType: 'QueueAtCapacity' },
        { NextAction: 'sorry', ErrorType: 'NoMatchingError' },
      ],
    });
  });

  it('gives the content of the same flow written bottom-up, each branch set on its own', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'top-down' });
    const bye = b.disconnect('bye');
    const sorry = b.playPrompt('sorry', { text: '申し訳ございません。' }).next(bye).onError(bye);
    const transfer = b.transferToQueue('transfer').onAtCapacity(sorry).onError(sorry);
    const billing = b.setQueue('billing', { queueId: BILLING_QUEUE }).next(transfer).onError(sorry);
    const menu = b
      .getInput('menu', { text: 'ご請求は1を押してください。' })
      .when('1', billing)
      .onTimeout(b.ref('welcome'))
      .onNoMatch(sorry)
      .onError(sorry);
    b.start(b.playPrompt('welcome', { text: 'お電話ありがとうございます。' }).next(menu).onError(menu));

    const bottomUp = b.build();

    expect(flowContent(bottomUp)).toBe(flowContent(topDown().build()));
  });

  it('lets otherwise set the failure branches the action has in its mode, NoMatchingError last', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    const errorsOf = (block: { name: string }) =>
      (actionOf(b.build(), block.name).Transitions.Errors ?? []).map((e) => e.ErrorType);
    const bye = b.disconnect('bye');
    const digits = b.getDigits('digits', { text: '番号を入力してください。', maxDigits: 4 }).otherwise(bye);
    const phone = b
      .getPhoneNumber('phone', { text: 'お電話番号を入力してください。', format: 'Local', countryCode: 'JP' })
      .otherwise(bye);
    const number = b.setCallbackNumber('number', '$.CustomerEndpoint.Address').otherwise(bye);
    const tier = b.checkAttribute('tier', '$.Attributes.tier').when('vip', bye).otherwise(bye);
    const wait = b
      .checkQueueMetrics('wait', { metric: 'OldestContactInQueueAgeSeconds' })
      .whenGreaterThan(300, bye)
      .otherwise(bye);
    const survey = b.invokeModule('survey', '${Token[TOKEN.40]}').otherwise(bye);
    b.start(
      b
        .loop('steps', 1)
        .onContinue(digits.next(phone.next(number.next(tier))))
        .onDone(wait.next(survey.next(bye))),
    );

    expect(errorsOf(digits)).toEqual(['NoMatchingError']);
    expect(errorsOf(phone)).toEqual(['InvalidPhoneNumber', 'NoMatchingError']);
    expect(errorsOf(number)).toEqual(['InvalidCallbackNumber', 'CallbackNumberNotDialable']);
    expect(errorsOf(tier)).toEqual(['NoMatchingCondition']);
    expect(errorsOf(wait)).toEqual(['NoMatchingCondition', 'NoMatchingError']);
    expect(errorsOf(survey)).toEqual(['NoMatchingCondition', 'NoMatchingError']);
  });

  it('refuses a connector that would overwrite a branch, and leaves the block as it was', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    const hello = b.playPrompt('hello', { text: 'こんにちは' }).next('bye');
    const lookup = b.invokeLambda('lookup', { functionArn: CUSTOMER_CONTEXT_FN }).onError('sorry');
    const menu = b.getInput('menu', { text: '1を押してください。' }).otherwise('sorry');

    expect(() => hello.continueTo('sorry')).toThrow(
      'playPrompt "hello": continueTo sets the next block, but next already did (to "bye")',
    );
    expect(() => lookup.continueTo('menu')).toThrow(
      'invokeLambda "lookup": continueTo sets NoMatchingError, but onError already did (to "sorry")',
    );
    expect(() => lookup.next('menu')).not.toThrow();
    expect(() => menu.onTimeout('hello')).toThrow(
      'getInput "menu": onTimeout sets InputTimeLimitExceeded, but otherwise already did (to "sorry")',
    );
    expect(() => menu.otherwise('bye')).toThrow(
      'getInput "menu": otherwise sets nothing: every failure branch (InputTimeLimitExceeded, NoMatchingCondition, NoMatchingError) is set already',
    );
    expect(() => b.setLogging('logging').otherwise('bye')).toThrow(
      'setLogging "logging": otherwise: UpdateFlowLoggingBehavior has no failure branches',
    );
    expect(() => b.action('future', 'SomeFutureAction').otherwise('bye')).toThrow(
      'otherwise: the failure branches of SomeFutureAction are not known: set each with onErrorType',
    );
  });

  it('reports a forward name no block has, naming the connector that points at it', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'typo' });
    b.start('welcome');
    b.playPrompt('welcome', { text: 'お電話ありがとうございます。' }).continueTo('mneu');
    b.disconnect('menu');

    const error = buildErrorOf(() => b.build());

    expect(error.message).toContain(
      'playPrompt "welcome": continueTo points at "mneu", but no block has that name: create it, or fix the name',
    );
    expect(error.diagnostics.map((d) => [d.rule, d.path])).toEqual([
      ['transition/unresolved', '$.Actions[0].Transitions.NextAction'],
      ['transition/unresolved', '$.Actions[0].Transitions.Errors[0].NextAction'],
    ]);
  });
});

describe('the order of Actions', () => {
  /** One flow as the lines that write it, so a test can run them in another order. */
  const LINES: readonly ((b: FlowBuilder) => void)[] = [
    (b) => b.start('hello'),
    (b) => b.playPrompt('hello', { text: 'お電話ありがとうございます。' }).continueTo('menu'),
    (b) =>
      b
        .getInput('menu', { text: 'ご請求は1を、営業時間は2を押してください。' })
        .when('1', 'billing')
        .when('2', 'hours')
        .onTimeout('retry')
        .otherwise('sorry'),
    (b) => b.setQueue('billing', { queueId: BILLING_QUEUE }).next('transfer').onError('sorry'),
    (b) => b.transferToQueue('transfer').otherwise('sorry'),
    (b) => b.checkHours('hours').onOpen('billing').onClosed('closed').otherwise('closed'),
    (b) => b.playPrompt('closed', { text: '本日の受付は終了いたしました。' }).continueTo('bye'),
    (b) => b.loop('retry', 2).onContinue('menu').onDone('sorry'),
    (b) => b.playPrompt('sorry', { text: '申し訳ございません。' }).continueTo('bye'),
    (b) => b.disconnect('bye'),
    // Reached from nowhere (the validator warns): after the rest, walked from in name order.
    (b) => b.playPrompt('orphan', { text: '届かないブロック' }).continueTo('bye'),
    (b) => b.playPrompt('another-orphan', { text: 'これも' }).continueTo('orphan'),
  ];
  const written = (lines: readonly ((b: FlowBuilder) => void)[]) => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    for (const line of lines) line(b);
    return b;
  };

  it('follows the caller: depth first from the start, conditions, then next, then errors', () => {
    const b = written(LINES);

    const ids = b.build().Actions.map((a) => a.Identifier);

    expect(ids).toEqual([
      'hello',
      'menu',
      'billing',
      'transfer',
      'sorry',
      'bye',
      'hours',
      'closed',
      'retry',
      'another-orphan',
      'orphan',
    ]);
  });

  it('gives the same content whatever order the blocks are created in', () => {
    const forwards = flowContent(written(LINES).build());

    const backwards = flowContent(written([...LINES].reverse()).build());

    expect(backwards).toBe(forwards);
  });

  it.each(PROJECT_FLOWS.map((f) => [f.name, f] as const))(
    'gives the content of %s again when its blocks are created in reverse',
    (_, project) => {
      const flow = project.build(EXAMPLE_REFS);
      const b = new FlowBuilder({ type: project.type, channels: project.channels });
      for (const a of [...flow.Actions].reverse()) {
        const block = b.action(a.Identifier, a.Type, a.Parameters);
        for (const c of a.Transitions.Conditions ?? []) {
          block.whenCondition(c.Condition.Operator, c.Condition.Operands[0] ?? '', c.NextAction);
        }
        if (a.Transitions.NextAction) block.next(a.Transitions.NextAction);
        for (const e of a.Transitions.Errors ?? []) block.onErrorType(e.ErrorType, e.NextAction);
      }
      b.start(flow.StartAction);

      const rebuilt = flowContent(b.build());

      expect(rebuilt).toBe(flowContent(flow));
    },
  );
});

describe('CDK tokens', () => {
  it('keeps a token standing as a whole ARN as is, and it passes validation', () => {
    const b = japaneseIvr();

    const flow = b.build();

    expect(actionOf(flow, 'customer-context').Parameters.LambdaFunctionARN).toBe('${Token[TOKEN.12]}');
    expect(validateFlow(flow).filter((d) => d.rule === 'parameters/unresolved-substitution')).toEqual([]);
  });

  it('gives a plain document that Stack.toJsonString turns into a Fn::Join around the function ARN', () => {
    const stack = new Stack(testApp());
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    const bye = b.disconnect('bye');
    const lambda = b.invokeLambda('lookup', { functionArn: Fn.getAtt('CustomerContext', 'Arn').toString() });
    b.start(lambda.next(bye).onError(bye));

    const content = stack.resolve(stack.toJsonString(b.build()));

    expect(content).toEqual({ 'Fn::Join': ['', expect.any(Array)] });
    expect(JSON.stringify(content)).toContain('{"Fn::GetAtt":["CustomerContext","Arn"]}');
    expect(JSON.stringify(content)).toContain('\\"InvocationTimeLimitSeconds\\":\\"8\\"');
  });
});

describe('mistakes fail with a message that names the block and says what to do', () => {
  it('rejects a second block with a name already taken, at the call', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    b.disconnect('bye');

    const error = buildErrorOf(() => b.playPrompt('bye', { text: 'さようなら' }));

    expect(error.message).toBe(
      'playPrompt "bye": Identifier: a block named "bye" already exists (disconnect): names are the flow\'s identifiers and must be unique; pick another or reuse that block',
    );
    expect(error.diagnostics).toEqual([
      expect.objectContaining({ rule: 'identifier/unique', action: 'bye' }),
    ]);
  });

  it('rejects a name Connect cannot take as an identifier', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });

    const error = buildErrorOf(() => b.disconnect('end:now'));

    expect(error.message).toMatch(/^disconnect "end:now": Identifier: identifier "end:now" contains ":"/);
  });

  it('rejects an empty string, naming the block and the parameter', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });

    const prompt = buildErrorOf(() => b.playPrompt('sorry', { text: '' }));
    const attribute = buildErrorOf(() => b.setAttributes('remember', { tier: 'gold', note: '' }));
    const operand = buildErrorOf(() => b.checkAttribute('tier', '$.External.tier').when('', b.ref('x')));

    expect(prompt.message).toBe(
      'playPrompt "sorry": Parameters.Text: an empty string is rejected: leave the parameter out, or use " "',
    );
    expect(attribute.message).toMatch(
      /^setAttributes "remember": Parameters\.Attributes\.note: an empty string/,
    );
    expect(operand.message).toMatch(/^checkAttribute "tier": when\(""\): an empty operand is rejected/);
  });

  it('rejects an out-of-range Lambda timeout at the call', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });

    const error = buildErrorOf(() =>
      b.invokeLambda('lookup', { functionArn: CUSTOMER_CONTEXT_FN, timeoutSeconds: 10 }),
    );

    expect(error.message).toBe(
      'invokeLambda "lookup": Parameters.InvocationTimeLimitSeconds: InvocationTimeLimitSeconds must be a whole number from 1 to 8 (static), got "10"',
    );
    expect(error.diagnostics[0]?.rule).toBe('parameters/range');
  });

  it('rejects a number that cannot be written as a string', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });

    const error = buildErrorOf(() => b.loop('retry', Number.NaN));

    expect(error.message).toMatch(/^loop "retry": Parameters\.LoopCount: NaN cannot be written/);
    expect(() =>
      b.checkAttribute('age', '$.External.age').whenGreaterThan(Number.POSITIVE_INFINITY, b.ref('x')),
    ).toThrow(
      'checkAttribute "age": whenGreaterThan(Infinity): the operand must be a finite number or a string',
    );
  });

  it('reports a branch to a block that was never created, naming the branch and the missing name', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'typo' });
    const bye = b.disconnect('bye');
    const menu = b
      .getInput('main-menu', { text: '1を押してください。' })
      .when('1', bye)
      .onTimeout(b.ref('menu-retyr'))
      .onNoMatch(bye)
      .onError(bye);
    b.start(menu);

    const error = buildErrorOf(() => b.build());

    expect(error.message).toBe(
      [
        'flow "typo" (CONTACT_FLOW) has 1 error:',
        '  - transition/unresolved [main-menu] at $.Actions[0].Transitions.Errors[0].NextAction: getInput "main-menu": onTimeout points at "menu-retyr", but no block has that name: create it, or fix the name',
      ].join('\n'),
    );
  });

  it('reports a block left without a next block, with the call that fixes it', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    const bye = b.disconnect('bye');
    const tier = b.checkAttribute('tier', '$.External.tier').when('VIP', bye);
    b.start(b.playPrompt('hello', { text: 'こんにちは' }).onError(tier));

    const error = buildErrorOf(() => b.build());

    expect(error.message).toContain('playPrompt "hello" has no next block: call .next(block)');
    expect(error.message).toContain(
      'checkAttribute "tier" has no next block: call .onNoMatch(block) or .next(block)',
    );
    expect(error.diagnostics.map((d) => d.rule)).toEqual([
      'transition/missing-next',
      'transition/missing-next',
    ]);
  });

  it('reports a flow without a start', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    b.disconnect('bye');

    const error = buildErrorOf(() => b.build());

    expect(error.message).toContain('document/start-action at $.StartAction: the flow has no start');
    b.start(b.ref('welcome'));
    expect(() => b.build()).toThrow('start("welcome"): no block has that name');
  });

  it('rejects setting the same branch twice, and a second start', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    const bye = b.disconnect('bye');
    const menu = b.getInput('menu', { text: '1を押してください。' }).when('1', bye);
    const hello = b.playPrompt('hello', { text: 'こんにちは' }).next(menu);
    b.start(hello);

    expect(() => menu.when(1, hello)).toThrow(
      'getInput "menu": when("1"): this block already branches on Equals "1"',
    );
    expect(() => hello.next(bye)).toThrow(
      'playPrompt "hello": next sets the next block, but next already did (to "menu")',
    );
    expect(() => menu.onError(bye).onError(hello)).toThrow(
      'getInput "menu": onError sets NoMatchingError, but onError already did (to "bye")',
    );
    expect(() => b.start(menu)).toThrow('the flow already starts at "hello"');
  });

  it('rejects a block that would write nothing', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });

    const contactData = buildErrorOf(() => b.setContactData('language', {}));
    const errorType = buildErrorOf(() => b.action('tag', 'TagContact').onErrorType('', b.ref('bye')));

    expect(contactData.message).toBe(
      'setContactData "language": Parameters: sets nothing: give languageCode, name or description',
    );
    expect(errorType.message).toBe('action "tag": the error type is empty');
  });

  it('rejects a start block of another builder', () => {
    const other = new FlowBuilder({ type: 'CONTACT_FLOW' }).disconnect('bye');
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });

    expect(() => b.start(other)).toThrow(
      'start "bye": $.StartAction: the block belongs to another FlowBuilder',
    );
  });

  it('rejects a branch to a block of another builder', () => {
    const other = new FlowBuilder({ type: 'CONTACT_FLOW' }).disconnect('bye');
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });

    const error = buildErrorOf(() => b.playPrompt('hello', { text: 'こんにちは' }).next(other));

    expect(error.message).toContain('targets block "bye" of another FlowBuilder');
  });

  it('rejects an action the flow type does not allow, at the call', () => {
    const b = new FlowBuilder({ type: 'AGENT_WHISPER' });

    const error = buildErrorOf(() => b.disconnect('bye'));

    expect(error.message).toMatch(
      /^disconnect "bye": Type: DisconnectParticipant is not allowed in a AGENT_WHISPER/,
    );
  });

  it('enforces exactly one prompt in the types, and at run time for untyped callers', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });

    const error = buildErrorOf(() =>
      // @ts-expect-error: a prompt is text, ssml or promptId, never two
      b.playPrompt('hello', { text: 'こんにちは', ssml: '<speak>こんにちは</speak>' }),
    );

    expect(error.diagnostics[0]?.rule).toBe('parameters/exclusive');
  });
});

describe('other flow types', () => {
  it('builds a survey module with Settings, digit input per question and a Lambda per answer', () => {
    const m = new FlowBuilder({ type: 'MODULE', name: 'post-call-survey' });
    const done = m.endModule('done');
    const thanks = m
      .playPrompt('thanks', { text: 'ご協力ありがとうございました。' })
      .next(done)
      .onError(done);
    const saveQ2 = m
      .invokeLambda('save-q2', {
        functionArn: SAVE_ANSWER_FN,
        attributes: { question: 2, answer: '$.StoredCustomerInput' },
      })
      .next(thanks)
      .onError(done);
    const q2 = m
      .getDigits('q2', {
        text: '満足度を1から10で入力し、最後に#を押してください。',
        maxDigits: 2,
        endKeys: '#',
      })
      .next(saveQ2)
      .onError(done);
    const saveQ1 = m
      .invokeLambda('save-q1', {
        functionArn: SAVE_ANSWER_FN,
        attributes: { question: 1, answer: '$.StoredCustomerInput' },
      })
      .next(q2)
      .onError(done);
    m.start(
      m.getDigits('q1', { text: '1から5で評価してください。', maxDigits: 1 }).next(saveQ1).onError(done),
    );

    const flow = m.build();

    expect(flow.Settings).toEqual({
      InputParameters: [],
      OutputParameters: [],
      Transitions: [{ ReferenceName: 'Success' }, { ReferenceName: 'Error' }],
    });
    expect(JSON.stringify(actionOf(flow, 'q2').Parameters)).toBe(
      JSON.stringify({
        Text: '満足度を1から10で入力し、最後に#を押してください。',
        StoreInput: 'True',
        InputTimeLimitSeconds: '5',
        InputValidation: { CustomValidation: { MaximumLength: '2' } },
        DTMFConfiguration: { InputTerminationSequence: '#' },
      }),
    );
    expect(actionOf(flow, 'save-q1').Parameters.LambdaInvocationAttributes).toEqual({
      question: '1',
      answer: '$.StoredCustomerInput',
    });
    expect(validateFlow(flow, { flowType: 'MODULE' }).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('builds a disconnect flow that invokes the module', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    const bye = b.disconnect('bye');
    b.start(b.invokeModule('survey', '${Token[TOKEN.40]}').when('Success', bye).onNoMatch(bye).onError(bye));

    const flow = b.build();

    expect(actionOf(flow, 'survey').Transitions).toEqual({
      NextAction: 'bye',
      Errors: [
        { NextAction: 'bye', ErrorType: 'NoMatchingCondition' },
        { NextAction: 'bye', ErrorType: 'NoMatchingError' },
      ],
      Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['Success'] } }],
    });
    expect(flow.Settings).toBeUndefined();
  });

  it('builds an agent whisper flow that ends with EndFlowExecution', () => {
    const b = new FlowBuilder({ type: 'AGENT_WHISPER' });
    const end = b.endFlow('end');
    const whisper = b
      .playPrompt('whisper', { text: '$.Attributes.customerName 様、$.Queue.Name からのお電話です。' })
      .next(end)
      .onError(end);
    b.start(b.setVoice('voice', { voice: 'Kazuha', engine: 'neural' }).next(whisper).onError(whisper));

    const flow = b.build();

    expect(actionOf(flow, 'end')).toEqual({
      Identifier: 'end',
      Type: 'EndFlowExecution',
      Parameters: {},
      Transitions: {},
    });
    expect(actionOf(flow, 'voice').Parameters).toEqual({
      TextToSpeechVoice: 'Kazuha',
      TextToSpeechEngine: 'neural',
    });
    expect(b.warnings).toEqual([]);
  });

  it('builds a chat flow that branches on the channel and collects a phone number on voice', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    const bye = b.disconnect('bye');
    const transfer = b.transferToQueue('transfer').onAtCapacity(bye).onError(bye);
    const queue = b.setQueue('queue', { queueId: GENERAL_QUEUE }).next(transfer).onError(bye);
    const remember = b
      .setAttributes(
        'remember-number',
        { callbackNumber: '$.StoredCustomerInput' },
        { targetContact: 'Current' },
      )
      .next(queue)
      .onError(queue);
    const number = b
      .getPhoneNumber('phone', { text: 'お電話番号を入力してください。', format: 'Local', countryCode: 'JP' })
      .next(remember)
      .onInvalidNumber(queue)
      .onError(queue);
    const welcome = b.playPrompt('chat-welcome', { text: 'チャットでのお問い合わせありがとうございます。' });
    welcome.next(queue).onError(queue);
    b.start(b.checkAttribute('channel', '$.Channel').when('CHAT', welcome).onNoMatch(number));

    const flow = b.build();

    expect(actionOf(flow, 'phone').Parameters.InputValidation).toEqual({
      PhoneNumberValidation: { NumberFormat: 'Local', CountryCode: 'JP' },
    });
    expect(actionOf(flow, 'channel').Transitions.NextAction).toBe('phone');
    expect(actionOf(flow, 'remember-number').Parameters).toEqual({
      Attributes: { callbackNumber: '$.StoredCustomerInput' },
      TargetContact: 'Current',
    });
  });

  it('lets any other action type through the escape hatch: strings for scalars, still validated', () => {
    const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
    const bye = b.disconnect('bye');
    const future = b
      .action('future', 'SomeFutureAction', { Count: 3, Enabled: true, Items: ['a', 2], Skip: undefined })
      .next(bye)
      .whenCondition('NumberLessThan', 50, bye);
    const tag = b
      .action('tag', 'TagContact', { Tags: { tier: 'gold' } })
      .next(future)
      .onErrorType('NoMatchingError', bye);
    b.start(b.transferToFlow('hand-off', '${Token[TOKEN.7]}').next(tag).onError(tag));

    const flow = b.build();

    expect(actionOf(flow, 'future').Parameters).toEqual({ Count: '3', Enabled: 'True', Items: ['a', '2'] });
    expect(actionOf(flow, 'future').Transitions.Conditions).toEqual([
      { NextAction: 'bye', Condition: { Operator: 'NumberLessThan', Operands: ['50'] } },
    ]);
    expect(b.warnings).toContainEqual(
      expect.objectContaining({ rule: 'action/unknown-type', action: 'future' }),
    );
    expect(() => b.action('untag', 'UnTagContact')).toThrow(
      'the service rejects UnTagContact; it accepts UntagContact',
    );
  });
});

describe('flowContent', () => {
  it('writes keys in the fixed order whatever order a hand-written document uses', () => {
    const handWritten = {
      Actions: [
        {
          Transitions: {
            Conditions: [{ Condition: { Operands: ['1'], Operator: 'Equals' }, NextAction: 'bye' }],
            Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'bye' }],
            NextAction: 'bye',
          },
          Parameters: { ComparisonValue: '$.Attributes.x' },
          Type: 'Compare',
          Identifier: 'check',
        },
        { Transitions: {}, Parameters: {}, Type: 'DisconnectParticipant', Identifier: 'bye' },
      ],
      StartAction: 'check',
      Version: '2019-10-30',
    } as unknown as FlowDocument;

    const content = flowContent(handWritten);

    expect(content).toBe(
      '{"Version":"2019-10-30","StartAction":"check","Actions":[' +
        '{"Identifier":"check","Type":"Compare","Parameters":{"ComparisonValue":"$.Attributes.x"},' +
        '"Transitions":{"NextAction":"bye","Errors":[{"NextAction":"bye","ErrorType":"NoMatchingCondition"}],' +
        '"Conditions":[{"NextAction":"bye","Condition":{"Operator":"Equals","Operands":["1"]}}]}},' +
        '{"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}',
    );
  });
});
