import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnContactFlow, CfnInstance } from 'aws-cdk-lib/aws-connect';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cdkJsonContext } from '../../lib/cdk-context.ts';
import { loadStageConfig } from '../../lib/config/stage-config.ts';
import { PROJECT_FLOWS, type ProjectFlow } from '../../lib/connect/flows/index.ts';
import { QUEUES } from '../../lib/connect/queues.ts';
import { FlowBuilder } from '../../lib/flow-language/builder.ts';
import { validateFlow } from '../../lib/flow-language/validator.ts';
import { ConnectStack } from '../../lib/stacks/connect-stack.ts';
import { testApp } from '../support/test-app.ts';
import { buildTsunaguApp } from './tsunagu-app.ts';

const context = cdkJsonContext() as { stages: Record<string, Record<string, unknown>> };

function connectStack(stage: string, connect?: Record<string, unknown>) {
  const stages = connect
    ? { ...context.stages, [stage]: { ...context.stages[stage], connect } }
    : context.stages;
  const config = loadStageConfig({ stage, stages });
  const app = testApp();
  // The functions live in another stack (as in the app): imported here by ARN.
  const functionStack = new Stack(app, `functions-${stage}`);
  const fn = (name: string) =>
    lambda.Function.fromFunctionArn(
      functionStack,
      name,
      `arn:aws:lambda:ap-northeast-1:111122223333:function:tsunagu-${name}`,
    );
  const functions = {
    customerContext: fn('customer-context'),
    ivrActivity: fn('ivr-activity'),
    surveyAnswer: fn('survey-answer'),
  };
  const stack = new ConnectStack(app, `connect-${stage}`, { config, functions });
  return { stack, template: Template.fromStack(stack) };
}

/** A flow's Content with its CDK references (Fn::GetAtt, Ref) written as `${logicalId.attr}`. */
function flowContent(content: unknown): string {
  const join = (content as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return String(content);
  return join[1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const getAtt = (part as { 'Fn::GetAtt'?: string[] })['Fn::GetAtt'];
      if (getAtt) return `\${${getAtt.join('.')}}`;
      return `\${${JSON.stringify(part)}}`;
    })
    .join('');
}

const IMPORTED = 'arn:aws:connect:ap-northeast-1:111122223333:instance/9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e';

describe('the Connect stack', () => {
  it('creates a Connect-managed instance with the stage alias, inbound and outbound calls and flow logs', () => {
    const { template } = connectStack('dev');

    template.resourceCountIs('AWS::Connect::Instance', 1);
    template.hasResourceProperties('AWS::Connect::Instance', {
      InstanceAlias: 'tsunagu-dev',
      IdentityManagementType: 'CONNECT_MANAGED',
      Attributes: Match.objectLike({ InboundCalls: true, OutboundCalls: true, ContactflowLogs: true }),
    });
  });

  it('creates no instance when one is imported by ARN, and puts queues and hours in that instance', () => {
    const { template } = connectStack('prod');

    template.resourceCountIs('AWS::Connect::Instance', 0);
    for (const queue of Object.values(template.findResources('AWS::Connect::Queue'))) {
      expect(queue.Properties.InstanceArn).toBe(IMPORTED);
    }
    template.hasResourceProperties('AWS::Connect::HoursOfOperation', { InstanceArn: IMPORTED });
  });

  it('opens Monday to Friday 09:00-18:00 Tokyo time by default, and as configured otherwise', () => {
    const byDefault = connectStack('dev').template;
    const weekend = connectStack('dev', {
      mode: 'create',
      instanceAlias: 'tsunagu-dev',
      hours: { days: ['SATURDAY', 'SUNDAY'], start: '10:00', end: '16:30' },
    }).template;

    byDefault.hasResourceProperties('AWS::Connect::HoursOfOperation', {
      TimeZone: 'Asia/Tokyo',
      Config: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((Day) => ({
        Day,
        StartTime: { Hours: 9, Minutes: 0 },
        EndTime: { Hours: 18, Minutes: 0 },
      })),
    });
    weekend.hasResourceProperties('AWS::Connect::HoursOfOperation', {
      Config: [
        { Day: 'SATURDAY', StartTime: { Hours: 10, Minutes: 0 }, EndTime: { Hours: 16, Minutes: 30 } },
        { Day: 'SUNDAY', StartTime: { Hours: 10, Minutes: 0 }, EndTime: { Hours: 16, Minutes: 30 } },
      ],
    });
  });

  it('creates the general, billing, technical-support and priority queues on those hours', () => {
    const { template, stack } = connectStack('dev');

    const queues = Object.values(template.findResources('AWS::Connect::Queue'));
    expect(queues.map((q) => q.Properties.Name).sort()).toEqual(
      Object.values(QUEUES)
        .map((q) => q.name)
        .sort(),
    );
    const hoursId = stack.getLogicalId(stack.hours);
    for (const q of queues)
      expect(q.Properties.HoursOfOperationArn).toEqual({ 'Fn::GetAtt': [hoursId, 'HoursOfOperationArn'] });
  });

  it('routes priority contacts first in the agents profile, voice and chat alike', () => {
    const { template, stack } = connectStack('dev');
    const priorityArn = { 'Fn::GetAtt': [stack.getLogicalId(stack.queues.priority), 'QueueArn'] };

    template.hasResourceProperties('AWS::Connect::RoutingProfile', {
      Name: 'tsunagu-agents',
      QueueConfigs: Match.arrayWith([
        { Delay: 0, Priority: 1, QueueReference: { Channel: 'VOICE', QueueArn: priorityArn } },
        { Delay: 0, Priority: 1, QueueReference: { Channel: 'CHAT', QueueArn: priorityArn } },
      ]),
      MediaConcurrencies: Match.arrayWith([{ Channel: 'VOICE', Concurrency: 1 }]),
    });
    template.resourceCountIs('AWS::Connect::RoutingProfile', 2);
  });

  it('claims no phone number unless configured (a number costs money), and one when asked', () => {
    const without = connectStack('dev').template;
    const withNumber = connectStack('dev', {
      mode: 'create',
      instanceAlias: 'tsunagu-dev',
      phoneNumber: { countryCode: 'JP' },
    }).template;

    without.resourceCountIs('AWS::Connect::PhoneNumber', 0);
    withNumber.hasResourceProperties('AWS::Connect::PhoneNumber', { CountryCode: 'JP', Type: 'DID' });
  });

  it('rejects hours that end before they start, naming the field', () => {
    expect(() =>
      connectStack('dev', {
        mode: 'create',
        instanceAlias: 'x',
        hours: { days: ['MONDAY'], start: '18:00', end: '09:00' },
      }),
    ).toThrow(/stages\.dev\.connect\.hours\.end/);
  });

  describe('flows', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('deploys every project flow, active, with its type and the stage in its name', () => {
      const { template } = connectStack('dev');

      const flows = Object.values(template.findResources('AWS::Connect::ContactFlow'));
      expect(flows.map((f) => [f.Properties.Name, f.Properties.Type, f.Properties.State])).toEqual(
        PROJECT_FLOWS.map((f) => [`tsunagu-dev-${f.name}`, f.type, 'ACTIVE']),
      );
    });

    it('gives every invoked function a Connect permission from this instance and an integration association', () => {
      const { template, stack } = connectStack('dev');
      const instanceArn = { 'Fn::GetAtt': [stack.getLogicalId(stack.instance as CfnInstance), 'Arn'] };

      const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
      expect(permissions.map((p) => p.Properties.FunctionName).sort()).toEqual(
        ['customer-context', 'ivr-activity', 'survey-answer'].map(
          (n) => `arn:aws:lambda:ap-northeast-1:111122223333:function:tsunagu-${n}`,
        ),
      );
      for (const p of permissions) {
        expect(p.Properties).toMatchObject({
          Action: 'lambda:InvokeFunction',
          Principal: 'connect.amazonaws.com',
          SourceArn: instanceArn,
          SourceAccount: { Ref: 'AWS::AccountId' },
        });
      }
      const associations = Object.values(template.findResources('AWS::Connect::IntegrationAssociation'));
      expect(associations).toHaveLength(3);
      for (const a of associations) {
        expect(a.Properties).toMatchObject({ InstanceId: instanceArn, IntegrationType: 'LAMBDA_FUNCTION' });
      }
    });

    it('makes each flow depend on every Lambda permission and integration association', () => {
      const { template } = connectStack('dev');
      const wiring = Object.keys({
        ...template.findResources('AWS::Lambda::Permission'),
        ...template.findResources('AWS::Connect::IntegrationAssociation'),
      });

      expect(wiring).toHaveLength(6);
      for (const flow of Object.values(template.findResources('AWS::Connect::ContactFlow'))) {
        expect(flow.DependsOn).toEqual(expect.arrayContaining(wiring));
      }
    });

    it('writes content the validator accepts, with the deployed queue, flow and function ARNs in it', () => {
      const { template, stack } = connectStack('dev');
      const flows = template.findResources('AWS::Connect::ContactFlow');
      const main = Object.values(flows).find((f) => f.Properties.Name === 'tsunagu-dev-main-inbound');
      const content = flowContent(main?.Properties.Content);

      const billingQueue = `\${${stack.getLogicalId(stack.queues.billing)}.QueueArn}`;
      const surveyFlow = `\${${stack.getLogicalId(stack.flows.get('post-call-survey') as CfnContactFlow)}.ContactFlowArn}`;
      expect(content).toContain(billingQueue);
      expect(content).toContain(surveyFlow);
      expect(content).toContain('function:tsunagu-customer-context');
      for (const flow of Object.values(flows)) {
        const document = JSON.parse(flowContent(flow.Properties.Content));
        const errors = validateFlow(document, { flowType: flow.Properties.Type }).filter(
          (d) => d.severity === 'error' && d.rule !== 'parameters/unresolved-substitution',
        );
        expect(errors, flow.Properties.Name).toEqual([]);
      }
    });

    it('speaks Japanese with a Japanese neural voice and English with an English one', () => {
      const { template } = connectStack('dev');
      const main = Object.values(template.findResources('AWS::Connect::ContactFlow')).find(
        (f) => f.Properties.Name === 'tsunagu-dev-main-inbound',
      );
      const actions = JSON.parse(flowContent(main?.Properties.Content)).Actions as {
        Type: string;
        Parameters: Record<string, string>;
      }[];

      const voices = Object.fromEntries(
        actions
          .filter((a) => a.Type === 'UpdateContactTextToSpeechVoice')
          .map((a) => [
            (a as unknown as { Identifier: string }).Identifier,
            `${a.Parameters.TextToSpeechVoice}/${a.Parameters.TextToSpeechEngine}`,
          ]),
      );
      const languages = actions
        .filter((a) => a.Type === 'UpdateContactData')
        .map((a) => a.Parameters.LanguageCode);
      // Kazuha: Polly's Japanese neural voice; Joanna: US English neural. Each half of the
      // bilingual language menu is read by the voice of its language.
      expect(voices).toEqual({
        'ja-voice': 'Kazuha/neural',
        'en-voice': 'Joanna/neural',
        'language-menu-ja-voice': 'Kazuha/neural',
        'language-menu-en-voice': 'Joanna/neural',
      });
      expect(languages).toEqual(['ja-JP', 'en-US']);
    });

    it('fails the synth when a flow has a validator error, naming the flow and the rule', () => {
      const whisper = PROJECT_FLOWS.find((f) => f.name === 'agent-whisper') as ProjectFlow;
      vi.spyOn(whisper, 'build').mockImplementation(() => {
        const b = new FlowBuilder({ type: 'AGENT_WHISPER', name: 'agent-whisper' });
        b.start(b.playPrompt('hello', { text: 'Hello' }).next(b.ref('nowhere')));
        return b.build();
      });

      expect(() => connectStack('dev')).toThrow(/flow agent-whisper[\s\S]*nowhere/);
    });

    it('in the app, permits and associates the functions of the customer stack by their exported ARNs', () => {
      const { stacks } = buildTsunaguApp('dev');
      const template = Template.fromStack(stacks.connect);
      const imported = (value: unknown) =>
        String((value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'] ?? '');

      const permitted = Object.values(template.findResources('AWS::Lambda::Permission')).map((p) =>
        imported(p.Properties.FunctionName),
      );
      const associated = Object.values(template.findResources('AWS::Connect::IntegrationAssociation')).map(
        (a) => imported(a.Properties.IntegrationArn),
      );

      expect(permitted).toHaveLength(3);
      for (const name of ['CustomerContext', 'IvrActivity', 'SurveyAnswer']) {
        expect(
          permitted.filter((p) => p.startsWith(`${stacks.customer.stackName}:`) && p.includes(name)),
        ).toHaveLength(1);
      }
      expect(associated.sort()).toEqual(permitted.sort());
    });

    it('builds the same flows into an imported instance', () => {
      const { template } = connectStack('prod');

      for (const flow of Object.values(template.findResources('AWS::Connect::ContactFlow'))) {
        expect(flow.Properties.InstanceArn).toBe(IMPORTED);
      }
      template.resourceCountIs('AWS::Connect::ContactFlow', PROJECT_FLOWS.length);
    });
  });

  it('has no cdk-nag findings', () => {
    const { stack } = connectStack('dev', {
      mode: 'create',
      instanceAlias: 'tsunagu-dev',
      phoneNumber: { countryCode: 'JP' },
    });

    for (const pack of [new AwsSolutionsChecks(stack), new ServerlessChecks(stack)]) {
      const report = pack.validateScope(stack);
      expect(report.violations, JSON.stringify(report.violations)).toEqual([]);
    }
  });
});
