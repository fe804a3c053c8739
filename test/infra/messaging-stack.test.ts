import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actions,
  actionsOf,
  allowedActions,
  EVERY_FUNCTION,
  functionStatements,
  ITEM_READ_WRITE,
  QUEUE_CONSUMER,
  STACK_KEY,
  type Statement,
  TABLE_READ,
} from '../support/iam.ts';
import { buildTsunaguApp } from './tsunagu-app.ts';

let built: ReturnType<typeof buildTsunaguApp>;
let template: Template;

beforeAll(() => {
  built = buildTsunaguApp('dev');
  template = Template.fromStack(built.stacks.messaging);
});

function statementsOf(stack: Template): Statement[] {
  return Object.values(stack.findResources('AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Statement[],
  );
}

describe('the messaging stack', () => {
  it('has the encrypted two-way SMS topic End User Messaging may publish to, from this account only', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'tsunagu-dev-sms-inbound' });
    const policy = JSON.stringify(Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0]);
    expect(policy).toContain('sms-voice.amazonaws.com');
    expect(policy).toContain('aws:SourceAccount');
    expect(policy).toContain('"aws:SecureTransport":"false"');
    expect(
      Object.values(template.findResources('AWS::SNS::Topic'))[0]?.Properties.KmsMasterKeyId,
    ).toBeDefined();
  });

  it('subscribes the sms-inbound function, with a dead-letter queue for the subscription and the function, and an alarm on it', () => {
    const queues = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) =>
      id.startsWith('SmsInbound'),
    );
    expect(queues).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queues[0], 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queues[0], 'Arn'] } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
  });

  it('lets functions that text publish to phone numbers only: Publish on "*" with a Deny on every topic', () => {
    for (const stack of [template, Template.fromStack(built.stacks.customer)]) {
      const statements = statementsOf(stack);
      const publish = statements.filter((s) => actionsOf(s).includes('sns:Publish'));
      expect(publish.map((s) => [s.Effect, s.Resource])).toEqual(
        expect.arrayContaining([
          ['Allow', '*'],
          ['Deny', 'arn:aws:sns:*:*:*'],
        ]),
      );
    }
  });

  it('sends bounces, complaints and deliveries of its SES configuration set to the email-events consumer', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'tsunagu-dev' });
    const destination = Object.values(
      template.findResources('AWS::SES::ConfigurationSetEventDestination'),
    )[0];
    expect(destination?.Properties.EventDestination).toMatchObject({
      Enabled: true,
      MatchingEventTypes: ['bounce', 'complaint', 'delivery'],
    });
    expect(JSON.stringify(destination?.Properties.EventDestination.EventBridgeDestination)).toContain(
      ':event-bus/default',
    );
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received', 'Email Delivered'],
        detail: { mail: { tags: { 'ses:configuration-set': ['tsunagu-dev'] } } },
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('grants sms-inbound exactly what it uses: profile reads and item writes, texting, tasks in the task flow, its DLQ', () => {
    expect(allowedActions(template, 'SmsInboundHandler')).toEqual(
      actions(
        EVERY_FUNCTION,
        STACK_KEY,
        ITEM_READ_WRITE,
        'connect:StartTaskContact',
        TABLE_READ,
        'sns:Publish',
        'sqs:SendMessage',
      ),
    );
    const task = functionStatements(template, 'SmsInboundHandler').find((s) =>
      actionsOf(s).includes('connect:StartTaskContact'),
    );
    expect(JSON.stringify(task?.Resource)).toContain('Flowtaskinbound');
    const sendMessage = functionStatements(template, 'SmsInboundHandler').find((s) =>
      actionsOf(s).includes('sqs:SendMessage'),
    );
    expect(sendMessage?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SmsInboundDlq/), 'Arn'] });
  });

  it('grants email-events exactly what it uses: its queue, its DLQ, profile reads and item writes; no sending', () => {
    expect(allowedActions(template, 'EmailEventsHandler')).toEqual(
      actions(EVERY_FUNCTION, STACK_KEY, ITEM_READ_WRITE, TABLE_READ, QUEUE_CONSUMER, 'sqs:SendMessage'),
    );
    const consume = functionStatements(template, 'EmailEventsHandler').find((s) =>
      actionsOf(s).includes('sqs:ReceiveMessage'),
    );
    expect(consume?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EmailEventsQueue/), 'Arn'] });
  });

  it('has no cdk-nag findings', () => {
    const stack = built.stacks.messaging;
    for (const pack of [new AwsSolutionsChecks(stack), new ServerlessChecks(stack)]) {
      const report = pack.validateScope(stack);
      expect(report.violations, JSON.stringify(report.violations)).toEqual([]);
    }
  });
});
