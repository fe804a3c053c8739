import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../lib/flow-language/actions/action.ts';
import type { FlowAction, FlowDocument, FlowType } from '../../lib/flow-language/model.ts';
import { RULES, validateFlow } from '../../lib/flow-language/validator.ts';
import { fixturePath } from '../support/fixtures.ts';

const REAL_WORLD = fixturePath('connect-flows', 'real-world');

/** Flow types of the fixtures, from their README. */
const FIXTURE_TYPES: Record<string, FlowType> = {
  'callbackmgmt-cfSetCallBackflow.json': 'CONTACT_FLOW',
  'callbackmgmt-cfAgentCallBackWhisperflow.json': 'AGENT_WHISPER',
  'callbackmgmt-cfOutboundWhisperflow.json': 'OUTBOUND_WHISPER',
  'contact-surveys-inbound.json': 'CONTACT_FLOW',
  'contact-surveys-disconnect.json': 'CONTACT_FLOW',
  'contact-surveys-module.cfn-template.json': 'MODULE',
};

/** What CloudFormation's Fn::Sub does to the module's ${X.Arn} placeholders at deploy time. */
function substituteArns(text: string): string {
  return text.replace(/\$\{(\w+)\.Arn\}/g, (_m, name: string) =>
    name.includes('Lex')
      ? 'arn:aws:lex:ap-northeast-1:111122223333:bot-alias/ABCDEFGHIJ/TSTALIASID'
      : `arn:aws:lambda:ap-northeast-1:111122223333:function:${name}`,
  );
}

describe('the wild corpus (flows from working Connect instances)', () => {
  const WILD = fixturePath('connect-flows', 'wild');
  const types = JSON.parse(readFileSync(join(WILD, 'types.json'), 'utf8')) as Record<string, string>;

  it('is in the repository: 39 flow-language documents, each with its flow type', () => {
    const files = readdirSync(WILD).filter((f) => f.endsWith('.json') && f !== 'types.json');

    expect(files).toHaveLength(39);
    expect(Object.keys(types).sort()).toEqual(files.sort());
    for (const file of files) {
      const flow = JSON.parse(readFileSync(join(WILD, file), 'utf8')) as FlowDocument;
      expect(flow.Version, file).toBe('2019-10-30');
      expect(Array.isArray(flow.Actions), file).toBe(true);
    }
  });
});

describe('the wild corpus validates as Connect accepted it', () => {
  const WILD = fixturePath('connect-flows', 'wild');
  const types = JSON.parse(readFileSync(join(WILD, 'types.json'), 'utf8')) as Record<string, FlowType>;

  it.each(Object.entries(types))('%s: zero errors as %s', (file, flowType) => {
    const content = JSON.parse(readFileSync(join(WILD, file), 'utf8'));

    const diagnostics = validateFlow(content, { flowType });

    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Every action type in it is one the toolkit knows.
    expect(diagnostics.filter((d) => d.rule === 'action/unknown-type')).toEqual([]);
  });

  it('warns only where something is likely wrong: three findings over the whole corpus', () => {
    const findings = Object.entries(types).flatMap(([file, flowType]) =>
      validateFlow(JSON.parse(readFileSync(join(WILD, file), 'utf8')), { flowType }).map(
        (d) => `${file} ${d.rule}`,
      ),
    );

    expect(findings.sort()).toEqual([
      // TextToSpeechEngine "Neural": recent API checks want "neural".
      'rules-engine-RulesEngineAgentWhisper.json parameters/case',
      'rules-engine-RulesEngineOutboundWhisper.json parameters/case',
      // $.CustomerCallBackPhoneNumber is no contact attribute: the function gets nothing.
      'rules-engine-RulesEngineQueue.json jsonpath/root',
    ]);
  });
});

describe('the flow type a document declares', () => {
  it("is read from a console export's Metadata.type when no type is given", () => {
    const hold: FlowDocument = {
      Version: '2019-10-30',
      StartAction: 'loop',
      Metadata: { type: 'agentHold' },
      Actions: [
        {
          Identifier: 'loop',
          Type: 'MessageParticipantIteratively',
          Parameters: { Messages: [{ Text: 'Please hold.' }] },
          Transitions: {},
        },
      ],
    };

    expect(validateFlow(hold)).toEqual([]);
    expect(validateFlow(hold, { flowType: 'CONTACT_FLOW' })).toContainEqual(
      expect.objectContaining({ rule: 'flow-type/action-not-allowed' }),
    );
  });
});

describe('real-world flows (written outside this project)', () => {
  it('covers every fixture in the folder', () => {
    expect(
      readdirSync(REAL_WORLD)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(FIXTURE_TYPES).sort());
  });

  it.each(Object.entries(FIXTURE_TYPES))('%s validates with zero errors as %s', (file, flowType) => {
    const content = JSON.parse(substituteArns(readFileSync(join(REAL_WORLD, file), 'utf8')));

    const errors = validateFlow(content, { flowType }).filter((d) => d.severity === 'error');

    expect(errors).toEqual([]);
  });

  it('flags the module while its ${...} placeholders are still in it', () => {
    const content = JSON.parse(
      readFileSync(join(REAL_WORLD, 'contact-surveys-module.cfn-template.json'), 'utf8'),
    );

    const diagnostics = validateFlow(content, { flowType: 'MODULE' });

    expect(diagnostics.filter((d) => d.rule === 'parameters/unresolved-substitution').length).toBeGreaterThan(
      0,
    );
  });

  it('warns, without failing, where exports differ from the documentation (engine case, zero attempts)', () => {
    const whisper = JSON.parse(
      readFileSync(join(REAL_WORLD, 'callbackmgmt-cfAgentCallBackWhisperflow.json'), 'utf8'),
    );
    const callback = JSON.parse(
      readFileSync(join(REAL_WORLD, 'callbackmgmt-cfSetCallBackflow.json'), 'utf8'),
    );

    expect(validateFlow(whisper, { flowType: 'AGENT_WHISPER' })).toContainEqual(
      expect.objectContaining({ rule: 'parameters/case', severity: 'warning' }),
    );
    expect(validateFlow(callback)).toContainEqual(
      expect.objectContaining({
        rule: 'parameters/range',
        severity: 'warning',
        path: expect.stringContaining('MaximumConnectionAttempts'),
      }),
    );
  });
});

// ------------------------------------------------------------------ one rule, two cases each

const END: FlowAction = { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };

function action(
  type: string,
  parameters: Record<string, unknown> = {},
  transitions: Record<string, unknown> = {},
): FlowAction {
  return {
    Identifier: 'a',
    Type: type,
    Parameters: parameters as FlowAction['Parameters'],
    Transitions: { NextAction: 'end', ...transitions } as FlowAction['Transitions'],
  };
}

/** A flow that starts with `first` and ends with a disconnect. */
function mini(first: FlowAction, ...more: FlowAction[]): FlowDocument {
  return { Version: '2019-10-30', StartAction: first.Identifier, Actions: [first, ...more, END] };
}

const say = (text: unknown = 'こんにちは') =>
  action(
    'MessageParticipant',
    { Text: text },
    { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
  );
const menu = (conditions: string[], parameters: Record<string, unknown> = {}) =>
  action(
    'GetParticipantInput',
    { Text: '1 or 2', StoreInput: 'False', InputTimeLimitSeconds: '5', ...parameters },
    {
      Conditions: conditions.map((c) => ({
        NextAction: 'end',
        Condition: { Operator: 'Equals', Operands: [c] },
      })),
      Errors: ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'].map((e) => ({
        ErrorType: e,
        NextAction: 'end',
      })),
    },
  );
const storeInput = (errors: string[]) =>
  action(
    'GetParticipantInput',
    { Text: 'number?', StoreInput: 'True', InputValidation: { CustomValidation: { MaximumLength: '4' } } },
    { Errors: errors.map((e) => ({ ErrorType: e, NextAction: 'end' })) },
  );
const lambda = (parameters: Record<string, unknown> = {}) =>
  action(
    'InvokeLambdaFunction',
    {
      LambdaFunctionARN: 'arn:aws:lambda:ap-northeast-1:111122223333:function:ctx',
      InvocationTimeLimitSeconds: '8',
      ...parameters,
    },
    { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
  );
const compare = (value: unknown, operator = 'Equals', errors = ['NoMatchingCondition']) =>
  action(
    'Compare',
    { ComparisonValue: value },
    {
      Conditions: [{ NextAction: 'end', Condition: { Operator: operator, Operands: ['vip'] } }],
      Errors: errors.map((e) => ({ ErrorType: e, NextAction: 'end' })),
    },
  );
const metrics = (errors: string[]) =>
  action(
    'CheckMetricData',
    { MetricType: 'OldestContactInQueueAgeSeconds' },
    {
      Conditions: [{ NextAction: 'end', Condition: { Operator: 'NumberGreaterThan', Operands: ['300'] } }],
      Errors: errors.map((e) => ({ ErrorType: e, NextAction: 'end' })),
    },
  );
const setAttributes = (attributes: Record<string, unknown>, transitions: Record<string, unknown> = {}) =>
  action(
    'UpdateContactAttributes',
    { Attributes: attributes },
    { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }], ...transitions },
  );
const loop = (conditions: string[]) =>
  action(
    'Loop',
    { LoopCount: '3' },
    {
      Conditions: conditions.map((c) => ({
        NextAction: 'end',
        Condition: { Operator: 'Equals', Operands: [c] },
      })),
    },
  );
const voice = (engine: string) =>
  action(
    'UpdateContactTextToSpeechVoice',
    { TextToSpeechVoice: 'Kazuha', TextToSpeechEngine: engine },
    { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
  );
const withId = (a: FlowAction, Identifier: string): FlowAction => ({ ...a, Identifier });
const chain = (n: number): FlowDocument => {
  const actions = Array.from({ length: n - 1 }, (_, i) => ({
    ...say(),
    Identifier: `m${i}`,
    Transitions: {
      NextAction: i === n - 2 ? 'end' : `m${i + 1}`,
      Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }],
    },
  }));
  return { Version: '2019-10-30', StartAction: 'm0', Actions: [...actions, END] };
};
const SETTINGS = {
  InputParameters: [],
  OutputParameters: [],
  Transitions: [{ ReferenceName: 'Success' }, { ReferenceName: 'Error' }],
};

type Case = {
  fail: unknown;
  pass: unknown;
  failType?: FlowType;
  passType?: FlowType;
  failChannels?: Channel[];
  passChannels?: Channel[];
};

/** `parameters/required (nested)` → `parameters/required`: more than one case per rule. */
const ruleOf = (name: string) => name.replace(/ \(.*\)$/, '');

const CASES: Record<string, Case> = {
  'document/shape': { fail: { modules: [] }, pass: mini(say()) },
  'document/version': { fail: { ...mini(say()), Version: '2020-01-01' }, pass: mini(say()) },
  'document/start-action': { fail: { ...mini(say()), StartAction: 'nowhere' }, pass: mini(say()) },
  'document/action-count': { fail: chain(251), pass: chain(250) },
  'document/size': { fail: mini(say('あ'.repeat(260_000))), pass: mini(say('あ'.repeat(2_000))) },
  'document/settings': {
    fail: { ...mini(say()), Settings: SETTINGS },
    failType: 'CONTACT_FLOW',
    pass: { ...mini(say()), Settings: SETTINGS },
    passType: 'MODULE',
  },
  'identifier/charset': { fail: mini(withId(say(), 'a:b')), pass: mini(withId(say(), 'Query Record')) },
  'identifier/length': {
    fail: mini(withId(say(), 'x'.repeat(51))),
    pass: mini(withId(say(), 'x'.repeat(50))),
  },
  'identifier/reserved': { fail: mini(withId(say(), 'constructor')), pass: mini(withId(say(), 'construct')) },
  'identifier/unique': { fail: mini(say(), withId(END, 'a')), pass: mini(say()) },
  'action/shape': { fail: mini({ ...say(), Parameters: 'Text' as never }), pass: mini(say()) },
  'action/shape (Parameters left out, as API-created flows do)': {
    fail: mini({ ...say(), Identifier: 7 as never }),
    pass: mini({ ...action('TransferContactToQueue'), Parameters: undefined as never }),
  },
  'action/shape (errors not a list)': {
    fail: mini({ ...say(), Transitions: { NextAction: 'end', Errors: 'oops' as never } }),
    pass: mini(say()),
  },
  'action/shape (null action)': { fail: { ...mini(say()), Actions: [say(), null, END] }, pass: mini(say()) },
  'action/shape (operands not a list)': {
    fail: mini({
      ...compare('$.Attributes.tier'),
      Transitions: {
        NextAction: 'end',
        Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: 'x' } }],
      } as never,
    }),
    pass: mini(compare('$.Attributes.tier')),
  },
  'action/unknown-type': { fail: mini(action('FancyNewBlock')), pass: mini(say()) },
  'action/misspelled-type': {
    fail: mini(
      action(
        'UnTagContact',
        { Tags: { k: 'v' } },
        { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      ),
    ),
    pass: mini(
      action(
        'UntagContact',
        { Tags: { k: 'v' } },
        { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      ),
    ),
  },
  'transition/unresolved': {
    fail: mini({ ...say(), Transitions: { NextAction: 'ghost' } }),
    pass: mini(say()),
  },
  'transition/unreachable': { fail: mini(say(), withId(say(), 'orphan')), pass: mini(say()) },
  'transition/terminal': {
    fail: mini(say(), { ...END, Identifier: 'x', Transitions: { NextAction: 'end' } }),
    pass: mini(say()),
  },
  'transition/missing-next': { fail: mini({ ...say(), Transitions: {} }, END), pass: mini(say()) },
  'errors/unknown': {
    fail: mini(
      action(
        'MessageParticipant',
        { Text: 'x' },
        { Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'end' }] },
      ),
    ),
    pass: mini(say()),
  },
  'errors/forbidden': {
    fail: mini(storeInput(['NoMatchingError', 'InputTimeLimitExceeded'])),
    pass: mini(storeInput(['NoMatchingError'])),
  },
  'errors/required': {
    fail: mini(metrics(['NoMatchingCondition'])),
    pass: mini(metrics(['NoMatchingCondition', 'NoMatchingError'])),
  },
  'errors/missing-branch (menu timeout)': {
    fail: mini({
      ...menu(['1']),
      Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'end' }] },
    }),
    pass: mini(menu(['1'])),
  },
  'errors/duplicate': {
    fail: mini(
      action(
        'MessageParticipant',
        { Text: 'x' },
        {
          Errors: [
            { ErrorType: 'NoMatchingError', NextAction: 'end' },
            { ErrorType: 'NoMatchingError', NextAction: 'end' },
          ],
        },
      ),
    ),
    pass: mini(say()),
  },
  'errors/missing-branch': {
    fail: mini({ ...lambda(), Transitions: { NextAction: 'end' } }),
    // A prompt that fails is not something real contacts meet: exports leave its branch out.
    pass: mini(action('MessageParticipant', { Text: 'x' })),
  },
  'conditions/forbidden': {
    fail: mini(
      setAttributes(
        { k: 'v' },
        { Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['x'] } }] },
      ),
    ),
    pass: mini(setAttributes({ k: 'v' })),
  },
  'conditions/required': { fail: mini(loop([])), pass: mini(loop(['ContinueLooping', 'DoneLooping'])) },
  'conditions/operator': {
    fail: mini(compare('$.Attributes.tier', 'And')),
    pass: mini(compare('$.Attributes.tier')),
  },
  'conditions/operands': { fail: mini(menu(['A'])), pass: mini(menu(['1'])) },
  'conditions/duplicate': { fail: mini(menu(['1', '1'])), pass: mini(menu(['1', '2'])) },
  'parameters/required': { fail: mini(lambda({ LambdaFunctionARN: undefined })), pass: mini(lambda()) },
  'parameters/required (nested)': {
    fail: mini({
      ...storeInput(['NoMatchingError']),
      Parameters: { Text: 'n?', StoreInput: 'True', InputValidation: { CustomValidation: {} } },
    }),
    pass: mini(storeInput(['NoMatchingError'])),
  },
  'parameters/exclusive': {
    fail: mini(
      action(
        'MessageParticipant',
        { Text: 'x', SSML: '<speak>x</speak>' },
        { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      ),
    ),
    pass: mini(say()),
  },
  'parameters/forbidden': {
    fail: mini(menu(['1'], { InputValidation: { CustomValidation: { MaximumLength: '2' } } })),
    pass: mini(storeInput(['NoMatchingError'])),
  },
  'parameters/range': { fail: mini(lambda({ InvocationTimeLimitSeconds: '9' })), pass: mini(lambda()) },
  'parameters/enum': {
    fail: mini(lambda({ InvocationType: 'SOMETIMES' })),
    pass: mini(lambda({ InvocationType: 'SYNCHRONOUS' })),
  },
  'parameters/case': { fail: mini(voice('Neural')), pass: mini(voice('neural')) },
  'parameters/jsonpath': { fail: mini(compare('vip')), pass: mini(compare('$.Attributes.tier')) },
  'parameters/jsonpath (bracket key with spaces)': {
    fail: mini(compare('$.Attributes.first name')),
    pass: mini(compare("$.Attributes.['first name']")),
  },
  'parameters/attribute-key': {
    fail: mini(setAttributes({ 'my key!': 'v' })),
    pass: mini(setAttributes({ 'survey_result_$.Attributes.loopCounter': '$.StoredCustomerInput' })),
  },
  'parameters/shape': {
    fail: mini(
      action(
        'UpdateFlowAttributes',
        { FlowAttributes: { step: 'one' } },
        { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      ),
    ),
    pass: mini(
      action(
        'UpdateFlowAttributes',
        { FlowAttributes: { step: { Type: 'String', Value: 'one' } } },
        { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      ),
    ),
  },
  'parameters/renamed': {
    fail: mini(
      action(
        'Wait',
        { TimeoutSeconds: '60' },
        {
          Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }],
        },
      ),
    ),
    pass: mini(
      action(
        'Wait',
        { TimeLimitSeconds: '60' },
        {
          Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }],
        },
      ),
    ),
  },
  'parameters/empty-string': { fail: mini(say('')), pass: mini(say(' ')) },
  'parameters/not-string': { fail: mini(lambda({ InvocationTimeLimitSeconds: 8 })), pass: mini(lambda()) },
  'parameters/unresolved-substitution': {
    fail: mini(lambda({ LambdaFunctionARN: '${Fn.Arn}' })),
    pass: mini(lambda()),
  },
  'jsonpath/root': { fail: mini(say('Hello $.Attribute.name')), pass: mini(say('Hello $.Attributes.name')) },
  'jsonpath/index': { fail: mini(say('$.External.items[0]')), pass: mini(say('$.External.item')) },
  'jsonpath/agent-outside-whisper': {
    fail: mini(say('$.Agent.FirstName')),
    failType: 'CONTACT_FLOW',
    pass: {
      ...mini(say('$.Agent.FirstName')),
      Actions: [say('$.Agent.FirstName'), { ...END, Type: 'EndFlowExecution' }],
    },
    passType: 'AGENT_WHISPER',
  },
  'flow-type/action-not-allowed': {
    fail: mini(
      action(
        'TransferContactToQueue',
        {},
        {
          Errors: [
            { ErrorType: 'QueueAtCapacity', NextAction: 'end' },
            { ErrorType: 'NoMatchingError', NextAction: 'end' },
          ],
        },
      ),
    ),
    failType: 'AGENT_WHISPER',
    pass: mini(
      action(
        'TransferContactToQueue',
        {},
        {
          Errors: [
            { ErrorType: 'QueueAtCapacity', NextAction: 'end' },
            { ErrorType: 'NoMatchingError', NextAction: 'end' },
          ],
        },
      ),
    ),
    passType: 'CONTACT_FLOW',
  },
  'channel/voice-only': {
    fail: mini(menu(['1'])),
    failChannels: ['VOICE', 'CHAT'],
    // Most flows serve one channel: with the channels unknown, a voice menu is no finding.
    pass: mini(menu(['1'])),
  },
  'channel/voice-only (a recorded prompt)': {
    fail: mini(action('MessageParticipant', { PromptId: 'arn:aws:connect:::prompt/p' })),
    failChannels: ['CHAT', 'VOICE'],
    pass: mini(action('MessageParticipant', { PromptId: 'arn:aws:connect:::prompt/p' })),
    passChannels: ['VOICE'],
  },
  'channel/chat-only': {
    fail: mini(
      action(
        'Wait',
        { TimeLimitSeconds: '60' },
        {
          Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }],
        },
      ),
    ),
    failChannels: ['VOICE', 'CHAT'],
    pass: mini(say()),
  },
};

describe('every validator rule has a failing and a passing case', () => {
  it('the table covers every rule the validator has', () => {
    expect([...new Set(Object.keys(CASES).map(ruleOf))].sort()).toEqual(Object.keys(RULES).sort());
  });

  it.each(Object.entries(CASES))(
    '%s',
    (name, { fail, pass, failType, passType, failChannels, passChannels }) => {
      const rule = ruleOf(name);
      const failing = validateFlow(fail, {
        ...(failType ? { flowType: failType } : {}),
        ...(failChannels ? { channels: failChannels } : {}),
      });
      const passing = validateFlow(pass, {
        ...(passType ? { flowType: passType } : {}),
        ...(passChannels ? { channels: passChannels } : {}),
      });

      const hit = failing.find((d) => d.rule === rule);
      expect(hit, `expected ${rule} in ${JSON.stringify(failing, null, 1)}`).toBeDefined();
      expect(hit?.message.length).toBeGreaterThan(20);
      expect(hit?.path.startsWith('$')).toBe(true);
      expect(passing.filter((d) => d.rule === rule)).toEqual([]);
    },
  );

  it('names the action and the JSON path of a finding', () => {
    const [finding] = validateFlow(
      mini(withId(lambda({ InvocationTimeLimitSeconds: '30' }), 'context-lookup')),
    ).filter((d) => d.rule === 'parameters/range');

    expect(finding).toEqual({
      rule: 'parameters/range',
      severity: 'error',
      action: 'context-lookup',
      path: '$.Actions[0].Parameters.InvocationTimeLimitSeconds',
      message: 'InvocationTimeLimitSeconds must be a whole number from 1 to 8 (static), got "30"',
    });
  });

  it('accepts a CDK token as a whole parameter value (an ARN resolved at deploy time)', () => {
    const diagnostics = validateFlow(mini(lambda({ LambdaFunctionARN: '${Token[TOKEN.123]}' })));

    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('treats an unknown action type as a warning, so a new Connect feature does not block a deploy', () => {
    const diagnostics = validateFlow(mini(action('FancyNewBlock')));

    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('the rule documentation', () => {
  it('lists every rule in docs/flow-language.md', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/flow-language.md'), 'utf8');

    expect(Object.keys(RULES).filter((rule) => !doc.includes(`| \`${rule}\` |`))).toEqual([]);
  });
});

describe('the bench flow', () => {
  it('is a valid 250-action flow, so the bench times real validation work', async () => {
    const { generatedFlow } = await import('../../bench/flow-validation.ts');

    const flow = generatedFlow();

    expect(flow.Actions).toHaveLength(250);
    expect(validateFlow(flow).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
