import { Stack, type StackProps } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';

export interface ConnectStackProps extends StackProps {
  readonly config: StageConfig;
}

/** The queues tsunagu routes to: key → configured name (what `outcome.queueName` reports). */
export const QUEUES = {
  general: { name: 'general', description: 'General enquiries and every fallback' },
  billing: { name: 'billing', description: 'Billing and payments' },
  technicalSupport: { name: 'technical-support', description: 'Technical support' },
  priority: { name: 'priority', description: 'VIP customers and urgent issues' },
} as const;
export type QueueKey = keyof typeof QUEUES;

/**
 * Amazon Connect: the instance (created with its alias, or imported by ARN, in which case no
 * instance resources are made), hours of operation, queues, routing profiles and, only when
 * configured, a claimed phone number. The voice work adds the flows and their Lambda wiring here.
 */
export class ConnectStack extends Stack {
  public readonly instanceArn: string;
  public readonly instance?: connect.CfnInstance;
  public readonly hours: connect.CfnHoursOfOperation;
  public readonly queues: Readonly<Record<QueueKey, connect.CfnQueue>>;
  public readonly routingProfiles: {
    readonly agents: connect.CfnRoutingProfile;
    readonly priorityAgents: connect.CfnRoutingProfile;
  };

  constructor(scope: Construct, id: string, props: ConnectStackProps) {
    super(scope, id, props);
    const { config } = props;
    const c = config.connect;

    if (c.mode === 'create') {
      this.instance = new connect.CfnInstance(this, 'Instance', {
        instanceAlias: c.instanceAlias,
        identityManagementType: 'CONNECT_MANAGED',
        attributes: {
          inboundCalls: true,
          outboundCalls: true,
          contactflowLogs: true,
          autoResolveBestVoices: true,
          earlyMedia: true,
        },
      });
      this.instanceArn = this.instance.attrArn;
    } else {
      this.instanceArn = c.instanceArn;
    }

    const [startHours, startMinutes] = c.hours.start.split(':').map(Number) as [number, number];
    const [endHours, endMinutes] = c.hours.end.split(':').map(Number) as [number, number];
    this.hours = new connect.CfnHoursOfOperation(this, 'BusinessHours', {
      instanceArn: this.instanceArn,
      name: `tsunagu-${config.stage}-business-hours`,
      description: `${c.hours.days.join(', ')} ${c.hours.start}-${c.hours.end} ${config.timeZone}`,
      timeZone: config.timeZone,
      config: c.hours.days.map((day) => ({
        day,
        startTime: { hours: startHours, minutes: startMinutes },
        endTime: { hours: endHours, minutes: endMinutes },
      })),
    });

    const queue = (key: QueueKey) =>
      new connect.CfnQueue(this, `Queue-${key}`, {
        instanceArn: this.instanceArn,
        name: QUEUES[key].name,
        description: QUEUES[key].description,
        hoursOfOperationArn: this.hours.attrHoursOfOperationArn,
      });
    this.queues = {
      general: queue('general'),
      billing: queue('billing'),
      technicalSupport: queue('technicalSupport'),
      priority: queue('priority'),
    };

    const queueConfig = (key: QueueKey, priority: number) =>
      (['VOICE', 'CHAT'] as const).map((channel) => ({
        delay: 0,
        priority,
        queueReference: { channel, queueArn: this.queues[key].attrQueueArn },
      }));
    const media = [
      { channel: 'VOICE', concurrency: 1 },
      { channel: 'CHAT', concurrency: 2 },
      { channel: 'TASK', concurrency: 2 },
    ];
    this.routingProfiles = {
      agents: new connect.CfnRoutingProfile(this, 'AgentsProfile', {
        instanceArn: this.instanceArn,
        name: 'tsunagu-agents',
        description: 'Agents who take every queue; priority contacts first',
        defaultOutboundQueueArn: this.queues.general.attrQueueArn,
        mediaConcurrencies: media,
        queueConfigs: [
          ...queueConfig('priority', 1),
          ...queueConfig('billing', 2),
          ...queueConfig('technicalSupport', 2),
          ...queueConfig('general', 3),
        ],
      }),
      priorityAgents: new connect.CfnRoutingProfile(this, 'PriorityAgentsProfile', {
        instanceArn: this.instanceArn,
        name: 'tsunagu-priority-agents',
        description: 'Senior agents for the priority queue, then the general queue',
        defaultOutboundQueueArn: this.queues.priority.attrQueueArn,
        mediaConcurrencies: media,
        queueConfigs: [...queueConfig('priority', 1), ...queueConfig('general', 2)],
      }),
    };

    if (c.phoneNumber) {
      new connect.CfnPhoneNumber(this, 'PhoneNumber', {
        targetArn: this.instanceArn,
        countryCode: c.phoneNumber.countryCode,
        type: c.phoneNumber.type,
        description: 'tsunagu inbound number',
      });
    }
  }
}
