import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { HandlerFunction } from '../constructs/handler-function.ts';
import type { ProfileTable } from '../constructs/profile-table.ts';
import { QUEUES, type QueueKey } from './connect-stack.ts';

export interface EventsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly profiles: ProfileTable;
  /** The Connect instance whose contact events to take (and only those). */
  readonly instanceArn: string;
  /** The Connect queues by key: their ARNs name them on the timeline. */
  readonly queueArns: Readonly<Record<QueueKey, string>>;
}

/** The EventBridge pattern of the contact-events rule: this instance's contact events only. */
export function contactEventPattern(instanceArn: string): events.EventPattern {
  return {
    source: ['aws.connect'],
    detailType: ['Amazon Connect Contact Event'],
    detail: { instanceArn: [instanceArn] },
  };
}

/**
 * Events: the `tsunagu-<stage>` bus for domain events (ContactCompleted, …) and the path of
 * Amazon Connect contact events to the timeline: a rule on the default bus → an SQS queue (with a
 * DLQ, for the rule's failed deliveries too) → the contact-events function with partial batch
 * responses. Queues and bus are encrypted with this stack's key; a message in a DLQ raises an alarm.
 */
export class EventsStack extends Stack {
  public readonly bus: events.EventBus;
  public readonly key: kms.Key;
  public readonly contactEvents: HandlerFunction;
  public readonly contactEventsQueue: sqs.Queue;
  public readonly contactEventsDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.key = new kms.Key(this, 'Key', {
      description: 'tsunagu events: bus and queues',
      enableKeyRotation: true,
    });
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: `tsunagu-${config.stage}`,
      kmsKey: this.key,
      description: 'tsunagu domain events: ContactCompleted and the notification and survey events',
    });

    const queue = (queueId: string, more: Partial<sqs.QueueProps> = {}) =>
      new sqs.Queue(this, queueId, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        ...more,
      });
    this.contactEventsDlq = queue('ContactEventsDlq');
    // Six times the function timeout, as Lambda advises for an SQS event source.
    this.contactEventsQueue = queue('ContactEventsQueue', {
      visibilityTimeout: Duration.seconds(60),
      deadLetterQueue: { queue: this.contactEventsDlq, maxReceiveCount: 5 },
    });

    new events.Rule(this, 'ContactEventsRule', {
      description: 'Amazon Connect contact events of this instance → the timeline',
      eventPattern: contactEventPattern(props.instanceArn),
      targets: [
        new targets.SqsQueue(this.contactEventsQueue, {
          deadLetterQueue: this.contactEventsDlq,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    this.contactEvents = new HandlerFunction(this, 'ContactEvents', {
      handler: 'contact-events',
      description: 'Connect contact events → one timeline item per contact; ContactCompleted on the bus',
      invocation: 'queue',
      timeout: Duration.seconds(10),
      logRetention: config.logRetentionDays as logs.RetentionDays,
      environment: {
        TABLE_NAME: props.profiles.table.tableName,
        EVENT_BUS_NAME: this.bus.eventBusName,
        DEAD_LETTER_QUEUE_URL: this.contactEventsDlq.queueUrl,
        QUEUE_NAMES: this.toJsonString(
          (Object.keys(QUEUES) as QueueKey[]).map((k) => ({ arn: props.queueArns[k], name: QUEUES[k].name })),
        ),
      },
    });
    props.profiles.bind(this.contactEvents.function, 'append');
    this.bus.grantPutEventsTo(this.contactEvents.function);
    // Sending a malformed event to the DLQ with its reason: SendMessage on that queue, and the two
    // key actions an encrypted queue needs from a sender (grantSendMessages would add wildcards).
    this.contactEvents.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.contactEventsDlq.queueArn] }),
    );
    this.key.grant(this.contactEvents.function, 'kms:GenerateDataKey', 'kms:Decrypt');
    const source = new lambdaEvents.SqsEventSource(this.contactEventsQueue, {
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(1),
      reportBatchItemFailures: true,
    });
    this.contactEvents.function.addEventSource(source);
    Validations.of(this.contactEvents.function).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'An SQS event source keeps failed messages in its queue; the queue redrives them to its DLQ after 5 receives (on-failure destinations are for stream sources).',
    });
    Validations.of(this.contactEventsDlq).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This is the dead-letter queue: its messages wait for a person (the alarm), not for another queue.',
    });

    new cloudwatch.Alarm(this, 'ContactEventsDlqAlarm', {
      alarmDescription: 'Contact events in the dead-letter queue: read their reason attribute, fix, redrive',
      metric: this.contactEventsDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
