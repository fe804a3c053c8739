import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type FlowInput,
  type FlowInputs,
  flowInputs,
  flowNames,
  selectFlow,
} from '../../lib/flow-language/inputs.ts';
import { validateFlow } from '../../lib/flow-language/validator.ts';
import { fixturePath } from '../support/fixtures.ts';

const wildText = (file: string) => readFileSync(fixturePath('connect-flows', 'wild', file), 'utf8');
const SURVEY_MODULE = readFileSync(
  fixturePath('connect-flows', 'real-world', 'contact-surveys-module.cfn-template.json'),
  'utf8',
);
const ARN = 'arn:aws:connect:ap-northeast-1:123456789012:instance/11111111-2222-3333-4444-555555555555';

const tinyFlow = (next = 'end') => ({
  Version: '2019-10-30',
  StartAction: 'hi',
  Actions: [
    {
      Identifier: 'hi',
      Type: 'MessageParticipant',
      Parameters: { Text: 'hi' },
      Transitions: { NextAction: next },
    },
    { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
});

/** The inputs, failing the test when the JSON is not usable at all. */
function inputs(json: unknown, name = 'file'): FlowInputs {
  const read = flowInputs(json, name);
  if ('error' in read) throw new Error(`unexpected: ${read.error}`);
  return read;
}

function only(json: unknown, name = 'file'): FlowInput {
  const { flows } = inputs(json, name);
  expect(flows).toHaveLength(1);
  return flows[0] as FlowInput;
}

const contentOf = (flow: FlowInput | undefined): unknown => {
  if (!flow || !('content' in flow)) throw new Error(`no content: ${JSON.stringify(flow)}`);
  return flow.content;
};
const errorOf = (flow: FlowInput | undefined): string => {
  if (!flow || !('error' in flow)) throw new Error(`expected an error: ${JSON.stringify(flow)}`);
  return flow.error;
};
const errorsOf = (flow: FlowInput) =>
  validateFlow(contentOf(flow), flow.flowType ? { flowType: flow.flowType } : {}).filter(
    (d) => d.severity === 'error',
  );

describe('flowInputs: a bare flow', () => {
  it('is the flow itself, named as the caller says, with no type and no notes', () => {
    const flow = tinyFlow();

    const read = inputs(flow, 'ok');

    expect(read.shape).toBe('flow');
    expect(read.flows).toEqual([{ name: 'ok', aliases: [], notes: [], content: flow }]);
  });

  it('is anything that tries to be a flow, so the validator can say what is wrong with it', () => {
    expect(inputs({ Version: '2019-10-30', Actions: [] }).shape).toBe('flow');
  });
});

describe('flowInputs: wrappers', () => {
  it('reads a DescribeContactFlow response around a wild flow: its Content, Type, Name, Id and Arn', () => {
    const text = wildText('scv-AWSSCVAgentWhisper.json');
    const response = {
      ContactFlow: {
        Arn: `${ARN}/contact-flow/aaaa1111-2222-3333-4444-555555555555`,
        Id: 'aaaa1111-2222-3333-4444-555555555555',
        Name: 'AWSSCVAgentWhisper',
        Type: 'AGENT_WHISPER',
        State: 'ACTIVE',
        Status: 'PUBLISHED',
        Description: 'whisper',
        Content: JSON.stringify(JSON.parse(text)),
        Tags: {},
      },
    };

    const read = inputs(response);
    const flow = only(response);

    expect(read.shape).toBe('describe-contact-flow');
    expect(flow).toMatchObject({ name: 'AWSSCVAgentWhisper', flowType: 'AGENT_WHISPER', notes: [] });
    expect(flowNames(flow)).toEqual([
      'AWSSCVAgentWhisper',
      'aaaa1111-2222-3333-4444-555555555555',
      `${ARN}/contact-flow/aaaa1111-2222-3333-4444-555555555555`,
    ]);
    expect(contentOf(flow)).toEqual(JSON.parse(text));
    expect(errorsOf(flow)).toEqual([]);
  });

  it('reads a DescribeContactFlowModule response as a MODULE', () => {
    const text = wildText('outbound-call-ErrorModule.json');
    const response = {
      ContactFlowModule: {
        Arn: `${ARN}/flow-module/bbbb`,
        Id: 'bbbb',
        Name: 'ErrorModule',
        Content: text,
        State: 'ACTIVE',
        Status: 'PUBLISHED',
      },
    };

    const flow = only(response);

    expect(inputs(response).shape).toBe('describe-contact-flow-module');
    expect(flow).toMatchObject({
      name: 'ErrorModule',
      flowType: 'MODULE',
      aliases: ['bbbb', `${ARN}/flow-module/bbbb`],
    });
    expect(contentOf(flow)).toEqual(JSON.parse(text));
    expect(errorsOf(flow)).toEqual([]);
  });

  it('reads a {Name, Type, Content} export around a wild flow, Content as a string or an object', () => {
    const content = JSON.parse(wildText('gitlab-cicd-acme_customer_queue_AUTO.json')) as unknown;

    const asString = only({
      Name: 'acme_customer_queue',
      Type: 'CUSTOMER_QUEUE',
      Content: JSON.stringify(content),
    });
    const asObject = only({ Name: 'acme_customer_queue', Type: 'CUSTOMER_QUEUE', Content: content });

    expect(inputs({ Name: 'x', Content: content }).shape).toBe('export');
    for (const flow of [asString, asObject]) {
      expect(flow).toMatchObject({ name: 'acme_customer_queue', flowType: 'CUSTOMER_QUEUE', aliases: [] });
      expect(contentOf(flow)).toEqual(content);
      expect(errorsOf(flow)).toEqual([]);
    }
  });

  it('leaves the type to the default when an export has none, and notes one it does not know', () => {
    const untyped = only({ Name: 'n', Content: tinyFlow() }, 'file');
    const nameless = only({ Content: tinyFlow() }, 'file');
    const oddType = only({ Name: 'n', Type: 'contactFlow', Content: tinyFlow() });

    expect(untyped.flowType).toBeUndefined();
    expect(nameless.name).toBe('file');
    expect(oddType.flowType).toBeUndefined();
    expect(oddType.notes).toEqual([expect.stringContaining('Type "contactFlow" is not a flow type')]);
  });

  it.each([
    [
      'Content that is not JSON',
      { ContactFlow: { Name: 'n', Content: '{"Version":' } },
      'ContactFlow.Content is not JSON',
    ],
    [
      'Content that is not a flow',
      { ContactFlow: { Name: 'n', Content: '{"modules":[]}' } },
      'ContactFlow.Content is not a flow-language document',
    ],
    ['no Content', { ContactFlowModule: { Name: 'n' } }, 'ContactFlowModule has no Content'],
    [
      'an export whose Content is not a flow',
      { Name: 'n', Content: 42 },
      'Content is not a flow-language document',
    ],
  ])(
    'makes a wrapper with %s unusable with one line that never says "legacy export"',
    (_case, json, reason) => {
      const error = errorOf(only(json));

      expect(error).toContain(reason);
      expect(error).not.toMatch(/legacy/i);
      expect(error).not.toContain('\n');
    },
  );
});

describe('flowInputs: what is not a flow', () => {
  it('says a legacy console export is one, and cannot be deployed', () => {
    const read = flowInputs(
      { modules: [{ id: 'a', type: 'PlayPrompt' }], version: '1', type: 'contactFlow' },
      'f',
    );

    expect(read).toEqual({ error: expect.stringMatching(/legacy console export.*cannot be deployed/) });
  });

  it.each([
    ['an object of something else', { hello: 'world' }],
    ['an array', [tinyFlow()]],
    ['a string', 'flow'],
    ['null', null],
  ])('answers %s with the shapes it accepts', (_case, json) => {
    const read = flowInputs(json, 'f');

    expect(read).toEqual({ error: expect.stringContaining('DescribeContactFlow') });
    const { error } = read as { error: string };
    expect(error).toContain('{Name, Type, Content} export');
    expect(error).toContain('CloudFormation template');
    expect(error).not.toMatch(/legacy/i);
  });

  it('answers a template with no Connect flow in it', () => {
    const read = flowInputs({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } }, 'f');

    expect(read).toEqual({ error: expect.stringContaining('no AWS::Connect::ContactFlow') });
  });
});

describe('flowInputs: CloudFormation templates', () => {
  it('resolves the contact-surveys module (${X.Arn} placeholders, Fn::Sub) to a valid MODULE, noting each placeholder', () => {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        ContactSurveyModule: {
          Type: 'AWS::Connect::ContactFlowModule',
          Properties: {
            InstanceArn: ARN,
            Name: 'Contact Survey Module',
            Content: { 'Fn::Sub': SURVEY_MODULE },
          },
        },
      },
    };

    const read = inputs(template, 'stack');
    const flow = only(template);

    expect(read.shape).toBe('template');
    expect(flow).toMatchObject({ name: 'ContactSurveyModule', flowType: 'MODULE' });
    expect(flow.aliases).toEqual(['Contact Survey Module', `${ARN}/flow-module/ContactSurveyModule`]);
    expect(flow.notes).toContain(
      '${LambdaSurveyUtils.Arn} → arn:aws:lambda:ap-northeast-1:123456789012:function:LambdaSurveyUtils (placeholder)',
    );
    expect(flow.notes).toContain('${LambdaSurveyUtils} → LambdaSurveyUtils (placeholder)');
    expect(flow.notes).toContain('${AWS::StackName} → placeholder-stack (placeholder)');
    expect(flow.notes).toContainEqual(
      expect.stringMatching(
        /^\$\{GenericLexBotAlias\.Arn\} → arn:aws:lex:ap-northeast-1:123456789012:bot-alias\/\w+\/GenericLexBotAlias/,
      ),
    );
    // One note per placeholder, however often it appears (LambdaSurveyUtils.Arn: three times).
    expect(flow.notes).toHaveLength(10);
    expect(JSON.stringify(contentOf(flow))).not.toContain('${');
    expect(errorsOf(flow)).toEqual([]);
  });

  it('reads what CDK synthesizes: Fn::Join of Ref, Fn::GetAtt and Fn::ImportValue, by the kind of each resource', () => {
    // A flow whose Metadata holds one reference of each kind, as CDK writes tokens in a string.
    const content = (parts: unknown[]) => ({
      'Fn::Join': ['', [`${JSON.stringify(tinyFlow()).slice(0, -1)},"Metadata":`, ...parts, '}']],
    });
    const template = {
      Resources: {
        Instance: { Type: 'AWS::Connect::Instance', Properties: {} },
        Queuegeneral: {
          Type: 'AWS::Connect::Queue',
          Properties: { InstanceArn: { 'Fn::GetAtt': ['Instance', 'Arn'] }, Name: 'general' },
        },
        Handler1234ABCD: { Type: 'AWS::Lambda::Function', Properties: {} },
        Alias: { Type: 'AWS::Lex::BotAlias', Properties: { BotId: { Ref: 'Bot' } } },
        Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
        Flowqueue: {
          Type: 'AWS::Connect::ContactFlow',
          Properties: {
            InstanceArn: { 'Fn::GetAtt': ['Instance', 'Arn'] },
            Name: 'tsunagu-dev-queue',
            Type: 'CUSTOMER_QUEUE',
            Content: JSON.stringify(tinyFlow()),
          },
        },
        Flowmain: {
          Type: 'AWS::Connect::ContactFlow',
          Properties: {
            InstanceArn: { 'Fn::GetAtt': ['Instance', 'Arn'] },
            Name: { 'Fn::Sub': 'main-${AWS::Region}' },
            Type: 'CONTACT_FLOW',
            Content: content([
              '{"queue":"',
              { 'Fn::GetAtt': ['Queuegeneral', 'QueueArn'] },
              '","fn":"',
              { 'Fn::GetAtt': ['Handler1234ABCD', 'Arn'] },
              '","name":"',
              { Ref: 'Handler1234ABCD' },
              '","bot":"',
              { 'Fn::GetAtt': ['Alias', 'Arn'] },
              '","flow":"',
              { 'Fn::GetAtt': ['Flowqueue', 'ContactFlowArn'] },
              '","topic":"',
              { Ref: 'Topic' },
              '","attr":"',
              { 'Fn::GetAtt': ['Topic', 'TopicName'] },
              '","imported":"',
              {
                'Fn::ImportValue':
                  'tsunagu-dev-customer:ExportsOutputFnGetAttIvrActivityFunctionB5427E67Arn1E84004B',
              },
              '"}',
            ]),
          },
        },
      },
    };
    const connect = 'arn:aws:connect:ap-northeast-1:123456789012:instance/Instance';

    const { flows } = inputs(template);
    const [queue, main] = flows;

    expect(flows.map((f) => [f.name, f.flowType])).toEqual([
      ['Flowqueue', 'CUSTOMER_QUEUE'],
      ['Flowmain', 'CONTACT_FLOW'],
    ]);
    // A Name that is not a plain string is no name.
    expect(main?.aliases).toEqual([`${connect}/contact-flow/Flowmain`]);
    expect(queue?.aliases).toEqual(['tsunagu-dev-queue', `${connect}/contact-flow/Flowqueue`]);
    expect((contentOf(main) as { Metadata: unknown }).Metadata).toEqual({
      queue: `${connect}/queue/Queuegeneral`,
      fn: 'arn:aws:lambda:ap-northeast-1:123456789012:function:Handler1234ABCD',
      name: 'Handler1234ABCD',
      bot: 'arn:aws:lex:ap-northeast-1:123456789012:bot-alias/Bot/Alias',
      flow: queue?.aliases[1],
      topic: 'placeholder-Topic',
      attr: 'placeholder-Topic-TopicName',
      imported: 'arn:aws:lambda:ap-northeast-1:123456789012:function:IvrActivityFunctionB5427E67',
    });
    expect(main?.notes).toEqual([
      `\${Queuegeneral.QueueArn} → ${connect}/queue/Queuegeneral (placeholder)`,
      '${Handler1234ABCD.Arn} → arn:aws:lambda:ap-northeast-1:123456789012:function:Handler1234ABCD (placeholder)',
      '${Handler1234ABCD} → Handler1234ABCD (placeholder)',
      '${Alias.Arn} → arn:aws:lex:ap-northeast-1:123456789012:bot-alias/Bot/Alias (placeholder)',
      `\${Flowqueue.ContactFlowArn} → ${connect}/contact-flow/Flowqueue (placeholder)`,
      '${Topic} → placeholder-Topic (placeholder)',
      '${Topic.TopicName} → placeholder-Topic-TopicName (placeholder)',
      'Fn::ImportValue tsunagu-dev-customer:ExportsOutputFnGetAttIvrActivityFunctionB5427E67Arn1E84004B → arn:aws:lambda:ap-northeast-1:123456789012:function:IvrActivityFunctionB5427E67 (placeholder)',
    ]);
  });

  it('substitutes Fn::Sub variables, pseudo parameters, parameter defaults and ${!escapes}', () => {
    const template = {
      Parameters: { Stage: { Type: 'String', Default: 'dev' }, Bucket: { Type: 'String' } },
      Resources: {
        Flow: {
          Type: 'AWS::Connect::ContactFlow',
          Properties: {
            Type: 'CONTACT_FLOW',
            Content: {
              'Fn::Sub': [
                JSON.stringify({
                  ...tinyFlow(),
                  Metadata: {
                    a: '${Greeting} ${Fn}',
                    b: '${AWS::Region}:${AWS::AccountId}:${AWS::Partition}',
                    c: '${Stage}/${Bucket}',
                    d: '${!Literal}',
                  },
                }),
                { Greeting: 'hello', Fn: { 'Fn::GetAtt': ['SurveyLambda', 'Arn'] } },
              ],
            },
          },
        },
      },
    };

    const flow = only(template);
    const metadata = (contentOf(flow) as { Metadata: Record<string, string> }).Metadata;

    expect(metadata).toEqual({
      a: 'hello arn:aws:lambda:ap-northeast-1:123456789012:function:SurveyLambda',
      b: 'ap-northeast-1:123456789012:aws',
      c: 'dev/placeholder-Bucket',
      d: '${Literal}',
    });
    expect(flow.notes).toEqual([
      '${SurveyLambda.Arn} → arn:aws:lambda:ap-northeast-1:123456789012:function:SurveyLambda (placeholder)',
      '${AWS::Region} → ap-northeast-1 (placeholder)',
      '${AWS::AccountId} → 123456789012 (placeholder)',
      '${AWS::Partition} → aws (placeholder)',
      '${Stage} → dev (parameter default)',
      '${Bucket} → placeholder-Bucket (placeholder)',
    ]);
  });

  it('makes one flow unusable when its substituted Content is not JSON, and reads the others', () => {
    const template = {
      Resources: {
        Broken: {
          Type: 'AWS::Connect::ContactFlow',
          Properties: { Type: 'CONTACT_FLOW', Content: { 'Fn::Sub': '{"Version": ${Version}' } },
        },
        Unknown: {
          Type: 'AWS::Connect::ContactFlow',
          Properties: { Type: 'CONTACT_FLOW', Content: { 'Fn::If': ['Cond', 'a', 'b'] } },
        },
        Missing: { Type: 'AWS::Connect::ContactFlow', Properties: { Type: 'CONTACT_FLOW' } },
        Good: {
          Type: 'AWS::Connect::ContactFlow',
          Properties: { Type: 'CONTACT_FLOW', Content: JSON.stringify(tinyFlow()) },
        },
      },
    };

    const [broken, unknown, missing, good] = inputs(template).flows;

    expect(errorOf(broken)).toMatch(/^Properties\.Content, with its references substituted, is not JSON: /);
    expect(errorOf(unknown)).toBe(
      'Properties.Content: uses Fn::If, which is not resolved offline (Fn::Sub, Fn::Join, Ref, Fn::GetAtt and Fn::ImportValue are)',
    );
    expect(errorOf(missing)).toBe('Properties.Content is missing');
    expect(contentOf(good)).toEqual(tinyFlow());
    for (const flow of [broken, unknown, missing]) expect(errorOf(flow)).not.toContain('\n');
  });
});

describe('selectFlow', () => {
  const template = {
    Resources: {
      A: {
        Type: 'AWS::Connect::ContactFlow',
        Properties: { Name: 'alpha', Type: 'CONTACT_FLOW', Content: JSON.stringify(tinyFlow()) },
      },
      B: {
        Type: 'AWS::Connect::ContactFlowModule',
        Properties: { Name: 'beta', Content: JSON.stringify(tinyFlow()) },
      },
    },
  };

  it('picks the only flow, or the one named by any of its names', () => {
    const read = inputs(template);

    expect(selectFlow(inputs(tinyFlow(), 'x'), undefined)).toMatchObject({ flow: { name: 'x' } });
    expect(selectFlow(read, 'B')).toMatchObject({ flow: { name: 'B', flowType: 'MODULE' } });
    expect(selectFlow(read, 'alpha')).toMatchObject({ flow: { name: 'A' } });
  });

  it('lists the names when the choice is ambiguous or names no flow', () => {
    const read = inputs(template);

    expect(selectFlow(read, undefined)).toEqual({ error: 'holds 2 flows: choose one with --flow (A, B)' });
    expect(selectFlow(read, 'gamma')).toEqual({ error: 'has no flow gamma: it holds A, B' });
  });
});
