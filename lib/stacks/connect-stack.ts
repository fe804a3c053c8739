import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { PROJECT_FLOWS, type ProjectFlow } from '../connect/flows/index.ts';
import type { FlowRefs } from '../connect/flows/refs.ts';
import { QUEUES, type QueueKey } from '../connect/queues.ts';
import type { FlowDocument } from '../flow-language/model.ts';

/** The Lambda functions contact flows invoke. */
export interface FlowFunctions {
  readonly customerContext: lambda.IFunction;
  readonly ivrActivity: lambda.IFunction;
  readonly surveyAnswer: lambda.IFunction;
}

export interface ConnectStackProps extends StackProps {
  readonly config: StageConfig;
  readonly functions: FlowFunctions;
}

/**
 * Amazon Connect: the instance (created with its alias, or imported by ARN, in which case no
 * instance resources are made), hours of operation, queues, routing profiles, the Lambda
 * functions flows invoke (permission + integration association each), the project's flows (built
 * with the flow builder and validated at synth: a validator error fails `cdk synth`) and, only
 * when configured, a claimed phone number.
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
  /** The project's flows by name (`main-inbound`, …). */
  public readonly flows: ReadonlyMap<string, connect.CfnContactFlow>;

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

    this.flows = this.addFlows(config, props.functions);

    if (c.phoneNumber) {
      new connect.CfnPhoneNumber(this, 'PhoneNumber', {
        targetArn: this.instanceArn,
        countryCode: c.phoneNumber.countryCode,
        type: c.phoneNumber.type,
        description: 'tsunagu inbound number',
      });
    }
  }

  /**
   * Every flow of PROJECT_FLOWS, in its order (a flow names only flows listed before it, so there
   * is no CloudFormation cycle). Each depends on the Lambda permissions and integration
   * associations: Connect validates a flow's references when it is created.
   */
  private addFlows(
    config: StageConfig,
    functions: FlowFunctions,
  ): ReadonlyMap<string, connect.CfnContactFlow> {
    const wiring = Object.entries(functions).flatMap(([key, fn]: [string, lambda.IFunction]) => {
      const name = key[0]?.toUpperCase() + key.slice(1);
      return [
        new lambda.CfnPermission(this, `${name}ConnectInvoke`, {
          action: 'lambda:InvokeFunction',
          functionName: fn.functionArn,
          principal: 'connect.amazonaws.com',
          sourceArn: this.instanceArn,
          sourceAccount: this.account,
        }),
        new connect.CfnIntegrationAssociation(this, `${name}Integration`, {
          instanceId: this.instanceArn,
          integrationType: 'LAMBDA_FUNCTION',
          integrationArn: fn.functionArn,
        }),
      ];
    });

    const created = new Map<string, connect.CfnContactFlow>();
    const arnOf = (name: string) => {
      const flow = created.get(name);
      if (!flow)
        throw new Error(`flow ${name} is named before it is created: list it earlier in PROJECT_FLOWS`);
      return flow.attrContactFlowArn;
    };
    const refs: FlowRefs = {
      functions: {
        customerContext: functions.customerContext.functionArn,
        ivrActivity: functions.ivrActivity.functionArn,
        surveyAnswer: functions.surveyAnswer.functionArn,
      },
      queues: {
        general: this.queues.general.attrQueueArn,
        billing: this.queues.billing.attrQueueArn,
        technicalSupport: this.queues.technicalSupport.attrQueueArn,
        priority: this.queues.priority.attrQueueArn,
      },
      flows: {
        get customerQueue() {
          return arnOf('customer-queue');
        },
        get agentWhisper() {
          return arnOf('agent-whisper');
        },
        get survey() {
          return arnOf('post-call-survey');
        },
      },
      tiers: config.tiers,
      chatLink: config.connect.chatLinkUrl !== undefined,
      callbackOfferSeconds: config.connect.callbackOfferSeconds,
      callbackOfferContacts: config.connect.callbackOfferContacts,
      hours: config.connect.hours,
    };
    for (const projectFlow of PROJECT_FLOWS) {
      const flow = new connect.CfnContactFlow(this, `Flow-${projectFlow.name}`, {
        instanceArn: this.instanceArn,
        name: `tsunagu-${config.stage}-${projectFlow.name}`,
        type: projectFlow.type,
        description: projectFlow.description,
        state: 'ACTIVE',
        // Built and validated now: a validator error fails the synth.
        content: this.toJsonString(buildFlow(projectFlow, refs)),
      });
      flow.addMetadata('tsunagu:flow', projectFlow.name);
      flow.node.addDependency(...wiring);
      created.set(projectFlow.name, flow);
      if (projectFlow.entry) {
        const entry = projectFlow.entry[0]?.toUpperCase() + projectFlow.entry.slice(1);
        new CfnOutput(this, `${entry}EntryFlowArn`, {
          description: `The ${projectFlow.entry} entry flow (${projectFlow.name}): associate it with the phone number or chat widget`,
          value: flow.attrContactFlowArn,
        });
      }
    }
    return created;
  }
}

function buildFlow(projectFlow: ProjectFlow, refs: FlowRefs): FlowDocument {
  try {
    return projectFlow.build(refs);
  } catch (error) {
    throw new Error(
      `flow ${projectFlow.name} (${projectFlow.type}) is not valid: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
