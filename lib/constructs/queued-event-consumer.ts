import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HandlerFunction } from './handler-function.ts';

export interface QueuedEventConsumerProps {
  /** Encrypts the queue and its DLQ. */
  readonly key: kms.IKey;
  /** The events to take, on `bus` (default: the account's default bus). */
  readonly eventPattern: events.EventPattern;
  readonly bus?: events.IEventBus;
  readonly ruleDescription: string;
  /** Handler module under lambdas/handlers/: an SQS batch handler with partial batch responses. */
  readonly handler: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
  /** @default 10 seconds */
  readonly timeout?: Duration;
}

/**
 * An EventBridge rule → an encrypted, SSL-only SQS queue → a function, the shape of every
 * asynchronous edge here: the rule retries for a day and sends what it cannot deliver to the DLQ;
 * the function takes batches with partial batch responses, sends what it can never read to the DLQ
 * itself (DEAD_LETTER_QUEUE_URL, with the reason), and the queue moves what keeps failing there
 * after 5 receives; a message in the DLQ raises an alarm.
 */
export class QueuedEventConsumer extends Construct {
  public readonly rule: events.Rule;
  public readonly queue: sqs.Queue;
  public readonly deadLetters: sqs.Queue;
  public readonly handler: HandlerFunction;

  constructor(scope: Construct, id: string, props: QueuedEventConsumerProps) {
    super(scope, id);
    const queue = (queueId: string, more: Partial<sqs.QueueProps> = {}) =>
      new sqs.Queue(this, queueId, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: props.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        ...more,
      });
    this.deadLetters = queue('Dlq');
    Validations.of(this.deadLetters).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This is the dead-letter queue: its messages wait for a person (the alarm), not for another queue.',
    });
    const timeout = props.timeout ?? Duration.seconds(10);
    // Six times the function timeout, as Lambda advises for an SQS event source.
    this.queue = queue('Queue', {
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });

    this.rule = new events.Rule(this, 'Rule', {
      description: props.ruleDescription,
      eventPattern: props.eventPattern,
      ...(props.bus ? { eventBus: props.bus } : {}),
      targets: [
        new targets.SqsQueue(this.queue, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    this.handler = new HandlerFunction(this, 'Handler', {
      handler: props.handler,
      description: props.description,
      invocation: 'queue',
      timeout,
      logRetention: props.logRetention,
      environment: { ...props.environment, DEAD_LETTER_QUEUE_URL: this.deadLetters.queueUrl },
    });
    const fn = this.handler.function;
    // The function's own dead letters: SendMessage on that queue and the two key actions an
    // encrypted queue needs from a sender (grantSendMessages would add wildcards).
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }),
    );
    props.key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    fn.addEventSource(
      new lambdaEvents.SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'An SQS event source keeps failed messages in its queue; the queue redrives them to its DLQ after 5 receives (on-failure destinations are for stream sources).',
    });

    new cloudwatch.Alarm(this, 'DlqAlarm', {
      alarmDescription: `${Stack.of(this).stackName} ${id}: messages in the dead-letter queue; read their reason attribute, fix, redrive`,
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
