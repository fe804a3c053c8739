import { Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { QUEUE_KEYS, QUEUES, type QueueKey } from '../connect/queues.ts';
import type { HandlerFunction } from '../constructs/handler-function.ts';
import type { ProfileTable } from '../constructs/profile-table.ts';
import { QueuedEventConsumer } from '../constructs/queued-event-consumer.ts';

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

    const consumer = new QueuedEventConsumer(this, 'ContactEvents', {
      key: this.key,
      eventPattern: contactEventPattern(props.instanceArn),
      ruleDescription: 'Amazon Connect contact events of this instance → the timeline',
      handler: 'contact-events',
      description: 'Connect contact events → one timeline item per contact; ContactCompleted on the bus',
      logRetention: config.logRetentionDays as logs.RetentionDays,
      environment: {
        TABLE_NAME: props.profiles.table.tableName,
        EVENT_BUS_NAME: this.bus.eventBusName,
        QUEUE_NAMES: this.toJsonString(
          QUEUE_KEYS.map((k) => ({ arn: props.queueArns[k], name: QUEUES[k].name })),
        ),
      },
    });
    this.contactEvents = consumer.handler;
    this.contactEventsQueue = consumer.queue;
    this.contactEventsDlq = consumer.deadLetters;
    props.profiles.bind(this.contactEvents.function, 'append');
    this.bus.grantPutEventsTo(this.contactEvents.function);
  }
}
