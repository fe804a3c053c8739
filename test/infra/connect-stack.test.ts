import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { cdkJsonContext } from '../../lib/cdk-context.ts';
import { loadStageConfig } from '../../lib/config/stage-config.ts';
import { ConnectStack, QUEUES } from '../../lib/stacks/connect-stack.ts';

const context = cdkJsonContext() as { stages: Record<string, Record<string, unknown>> };

function connectStack(stage: string, connect?: Record<string, unknown>) {
  const stages = connect
    ? { ...context.stages, [stage]: { ...context.stages[stage], connect } }
    : context.stages;
  const config = loadStageConfig({ stage, stages });
  const app = new App();
  const stack = new ConnectStack(app, `connect-${stage}`, { config });
  return { stack, template: Template.fromStack(stack) };
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
