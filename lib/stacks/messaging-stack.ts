import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { HandlerFunction } from '../constructs/handler-function.ts';
import type { ProfileTable } from '../constructs/profile-table.ts';
import { QueuedEventConsumer } from '../constructs/queued-event-consumer.ts';

export interface MessagingStackProps extends StackProps {
  readonly config: StageConfig;
  readonly profiles: ProfileTable;
  /** Texts for a person become tasks in this instance, through this flow. */
  readonly instanceArn: string;
  readonly taskFlowArn: string;
}

/** The SES events of this stage's configuration set that tsunagu acts on. */
export function emailEventPattern(configurationSetName: string): events.EventPattern {
  return {
    source: ['aws.ses'],
    detailType: ['Email Bounced', 'Email Complaint Received', 'Email Delivered'],
    detail: { mail: { tags: { 'ses:configuration-set': [configurationSetName] } } },
  };
}

/**
 * Messaging. Customers' texts: the two-way SMS topic End User Messaging publishes inbound messages to, and the
 * sms-inbound function (keywords, consent, replies, the timeline). The topic and the dead-letter
 * queue are encrypted with this stack's key; a message in the DLQ raises an alarm.
 */
export class MessagingStack extends Stack {
  public readonly inboundTopic: sns.Topic;
  public readonly smsInbound: HandlerFunction;
  public readonly deadLetters: sqs.Queue;
  public readonly configurationSet: ses.ConfigurationSet;
  public readonly emailEvents: QueuedEventConsumer;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const { config, profiles } = props;
    const key = new kms.Key(this, 'Key', {
      description: 'tsunagu messaging: topic and queue',
      enableKeyRotation: true,
    });
    // End User Messaging publishes inbound texts to the topic: it must be able to use the key.
    key.grant(new iam.ServicePrincipal('sms-voice.amazonaws.com'), 'kms:GenerateDataKey', 'kms:Decrypt');

    this.inboundTopic = new sns.Topic(this, 'SmsInbound', {
      topicName: `tsunagu-${config.stage}-sms-inbound`,
      masterKey: key,
      enforceSSL: true,
    });
    this.inboundTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.inboundTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    this.deadLetters = new sqs.Queue(this, 'SmsInboundDlq', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    Validations.of(this.deadLetters).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This is the dead-letter queue: its messages wait for a person (the alarm), not for another queue.',
    });

    this.smsInbound = new HandlerFunction(this, 'SmsInboundHandler', {
      handler: 'sms-inbound',
      description: 'Customer texts: STOP/停止, START/再開, HELP/ヘルプ, free text → timeline',
      invocation: 'asynchronous',
      deadLetterQueue: this.deadLetters,
      timeout: Duration.seconds(10),
      logRetention: config.logRetentionDays as logs.RetentionDays,
      environment: {
        TABLE_NAME: profiles.table.tableName,
        DEAD_LETTER_QUEUE_URL: this.deadLetters.queueUrl,
        SMS_ORIGINATION: config.sms.originationIdentity,
        SMS_MAX_SEGMENTS: String(config.sms.maxSegments),
        CONNECT_INSTANCE_ID: props.instanceArn,
        TASK_FLOW_ID: props.taskFlowArn,
      },
      sendsSms: true,
    });
    this.smsInbound.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:StartTaskContact'],
        resources: [props.instanceArn, props.taskFlowArn],
      }),
    );
    // Finds the customer by number (AP1, the byPhone index) and records consent and the timeline.
    profiles.bind(this.smsInbound.function, 'read');
    profiles.bind(this.smsInbound.function, 'append');
    this.inboundTopic.addSubscription(
      new subscriptions.LambdaSubscription(this.smsInbound.function, { deadLetterQueue: this.deadLetters }),
    );

    // Email: a configuration set whose bounce, complaint and delivery events go to the default bus,
    // and the consumer that suppresses bounced addresses, withdraws marketing on a complaint and
    // records deliveries on the timeline.
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `tsunagu-${config.stage}`,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(
        events.EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      ),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.DELIVERY],
    });
    this.emailEvents = new QueuedEventConsumer(this, 'EmailEvents', {
      key,
      eventPattern: emailEventPattern(`tsunagu-${config.stage}`),
      ruleDescription:
        'SES bounces, complaints and deliveries of this stage → suppression, consent, timeline',
      handler: 'email-events',
      description:
        'SES events: permanent bounce → suppressed, complaint → marketing withdrawn, delivery → timeline',
      logRetention: config.logRetentionDays as logs.RetentionDays,
      environment: { TABLE_NAME: profiles.table.tableName },
    });
    // Finds the customer by address (AP2, the byEmail index), writes suppression, consent, timeline.
    profiles.bind(this.emailEvents.handler.function, 'read');
    profiles.bind(this.emailEvents.handler.function, 'append');

    new cloudwatch.Alarm(this, 'SmsInboundDlqAlarm', {
      alarmDescription: 'Customer texts in the dead-letter queue: read their reason attribute, fix, redrive',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
