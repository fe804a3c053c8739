import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionSet,
  actions,
  EVERY_FUNCTION,
  ITEM_READ_WRITE,
  QUEUE_CONSUMER,
  STACK_KEY,
  type Statement,
} from '../support/iam.ts';
import { buildTsunaguApp } from './tsunagu-app.ts';

let template: Template;
let built: ReturnType<typeof buildTsunaguApp>;

beforeAll(() => {
  built = buildTsunaguApp('dev');
  template = Template.fromStack(built.stacks.events);
});

describe('the events stack', () => {
  it('has the tsunagu bus of the stage, encrypted with the stack key', () => {
    template.hasResourceProperties('AWS::Events::EventBus', {
      Name: 'tsunagu-dev',
      KmsKeyIdentifier: Match.anyValue(),
    });
  });

  it("takes only this instance's Connect contact events from the default bus", () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule'));

    expect(rules).toHaveLength(1);
    const rule = rules[0] as {
      Properties: { EventPattern: Record<string, unknown>; EventBusName?: unknown };
    };
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.connect'],
      'detail-type': ['Amazon Connect Contact Event'],
      detail: {
        instanceArn: [{ 'Fn::ImportValue': expect.stringMatching(/^tsunagu-dev-connect:.*InstanceArn/) }],
      },
    });
  });

  it('sends them to an encrypted, SSL-only queue with a DLQ after 5 receives, which the rule also uses for failed deliveries', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const [mainId, main] = Object.entries(queues).find(([, q]) => q.Properties.RedrivePolicy) ?? [];
    const dlqId = Object.keys(queues).find((id) => id !== mainId);

    expect(main?.Properties).toMatchObject({
      KmsMasterKeyId: expect.anything(),
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [mainId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        }),
      ],
    });
    for (const policy of Object.values(template.findResources('AWS::SQS::QueuePolicy'))) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('feeds the contact-events function in batches with partial batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('raises an alarm as soon as a message is in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('grants the function exactly what it uses: items on the table, PutEvents on the bus, SendMessage on the DLQ', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Statement[],
    );
    const granted = actionSet(...statements);

    expect(granted).toEqual(
      actions(
        EVERY_FUNCTION,
        STACK_KEY,
        ITEM_READ_WRITE,
        QUEUE_CONSUMER,
        'events:PutEvents',
        'sqs:SendMessage',
      ),
    );
    expect([...granted].some((a) => a.includes('*'))).toBe(false);
  });

  it('names the queues for the timeline from the Connect stack', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    const names = JSON.stringify(fn?.Properties.Environment.Variables.QUEUE_NAMES);

    for (const name of ['general', 'billing', 'technical-support', 'priority']) {
      expect(names).toContain(`\\"name\\":\\"${name}\\"`);
    }
  });

  it('has no cdk-nag findings', () => {
    const stack = built.stacks.events;
    for (const pack of [new AwsSolutionsChecks(stack), new ServerlessChecks(stack)]) {
      const report = pack.validateScope(stack);
      expect(report.violations, JSON.stringify(report.violations)).toEqual([]);
    }
  });
});
