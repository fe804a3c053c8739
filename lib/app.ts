import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { StageConfig } from './config/stage-config.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { ConnectStack } from './stacks/connect-stack.ts';
import { CustomerStack } from './stacks/customer-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';
import { MessagingStack } from './stacks/messaging-stack.ts';

export interface TsunaguStacks {
  readonly data: DataStack;
  readonly customer: CustomerStack;
  readonly connect: ConnectStack;
  readonly events: EventsStack;
  readonly messaging: MessagingStack;
  readonly api: ApiStack;
}

/** Stack names, shared by the app, the local twin (which reads the cloud assembly) and tests. */
export function stackNames(stage: string) {
  return {
    data: `tsunagu-${stage}-data`,
    customer: `tsunagu-${stage}-customer`,
    connect: `tsunagu-${stage}-connect`,
    events: `tsunagu-${stage}-events`,
    messaging: `tsunagu-${stage}-messaging`,
    api: `tsunagu-${stage}-api`,
  } as const;
}

/**
 * Adds every tsunagu stack for one stage to `app`, with cdk-nag's AwsSolutions and Serverless
 * packs as validation plugins: an unacknowledged finding fails synth.
 */
export function addTsunagu(app: App, config: StageConfig): TsunaguStacks {
  const env = config.account ? { account: config.account, region: config.region } : { region: config.region };
  const names = stackNames(config.stage);
  const data = new DataStack(app, names.data, {
    env,
    description: 'tsunagu: customer profile table (stateful)',
    terminationProtection: config.stage === 'prod',
  });
  const customer = new CustomerStack(app, names.customer, {
    env,
    description: 'tsunagu: customer profile functions',
    config,
    profiles: data.profiles,
  });
  const connect = new ConnectStack(app, names.connect, {
    env,
    description: 'tsunagu: Amazon Connect instance, hours, queues, routing profiles and flows',
    config,
    functions: {
      customerContext: customer.customerContext.function,
      ivrActivity: customer.ivrActivity.function,
      surveyAnswer: customer.surveyAnswer.function,
    },
  });
  const eventsStack = new EventsStack(app, names.events, {
    env,
    description: 'tsunagu: event bus, Connect contact events → timeline',
    config,
    profiles: data.profiles,
    instanceArn: connect.instanceArn,
    queueArns: {
      general: connect.queues.general.attrQueueArn,
      billing: connect.queues.billing.attrQueueArn,
      technicalSupport: connect.queues.technicalSupport.attrQueueArn,
      priority: connect.queues.priority.attrQueueArn,
    },
  });
  const taskFlow = connect.flows.get('task-inbound');
  if (!taskFlow) throw new Error('the Connect stack has no task-inbound flow');
  const messaging = new MessagingStack(app, names.messaging, {
    env,
    description: 'tsunagu: two-way SMS (customer texts, keywords, consent), SES events',
    config,
    profiles: data.profiles,
    instanceArn: connect.instanceArn,
    taskFlowArn: taskFlow.attrContactFlowArn,
  });
  const chatFlow = connect.flows.get('chat-inbound');
  if (!chatFlow) throw new Error('the Connect stack has no chat-inbound flow');
  const api = new ApiStack(app, names.api, {
    env,
    description: 'tsunagu: HTTP API (chat start, unsubscribe links, messages to customers)',
    config,
    profiles: data.profiles,
    instanceArn: connect.instanceArn,
    chatFlowArn: chatFlow.attrContactFlowArn,
    idempotency: data,
    emailConfigurationSetName: messaging.configurationSet.configurationSetName,
  });
  Tags.of(app).add('project', 'tsunagu');
  Tags.of(app).add('stage', config.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { data, customer, connect, events: eventsStack, messaging, api };
}
