import type { FlowDocument, FlowType } from '../../flow-language/model.ts';
import { agentWhisperFlow } from './agent-whisper.ts';
import { chatInboundFlow } from './chat-inbound.ts';
import { customerQueueFlow } from './customer-queue.ts';
import { mainInboundFlow } from './main-inbound.ts';
import { postCallSurveyFlow } from './post-call-survey.ts';
import type { FlowRefs } from './refs.ts';
import { taskInboundFlow } from './task-inbound.ts';

/** One of the project's flows: what it is called, deployed as, and how it is built. */
export interface ProjectFlow {
  /** The name the CLI, the twin and the docs use; the deployed flow is `tsunagu-<stage>-<name>`. */
  readonly name: string;
  readonly type: FlowType;
  readonly description: string;
  /** The entry for calls (`voice`) or chats (`chat`); others are reached from another flow. */
  readonly entry?: 'voice' | 'chat' | 'task';
  /** The channels its contacts come on: voice-only blocks are fine in a voice-only flow. */
  readonly channels: readonly ('VOICE' | 'CHAT' | 'TASK')[];
  readonly build: (refs: FlowRefs) => FlowDocument;
}

/**
 * Every flow tsunagu deploys, in the order they are created: flows that others name come first,
 * so references only ever point backwards (no CloudFormation cycle).
 */
export const PROJECT_FLOWS: readonly ProjectFlow[] = [
  {
    name: 'agent-whisper',
    type: 'AGENT_WHISPER',
    channels: ['VOICE', 'CHAT'],
    description: 'Tells the agent who is calling: name, tier, topic, last channel and topic',
    build: () => agentWhisperFlow(),
  },
  {
    name: 'customer-queue',
    type: 'CUSTOMER_QUEUE',
    channels: ['VOICE'],
    description: 'While the caller waits: position in the queue, a callback offer, hold messages',
    build: customerQueueFlow,
  },
  {
    name: 'post-call-survey',
    type: 'CONTACT_FLOW',
    channels: ['VOICE'],
    description: 'Disconnect flow: satisfaction 1-5, recommend 0-10, resolved 1/2; answers saved by Lambda',
    build: postCallSurveyFlow,
  },
  {
    name: 'main-inbound',
    type: 'CONTACT_FLOW',
    channels: ['VOICE'],
    description: 'The main IVR: knows the caller, language, notice shortcut, menu, hours, callback, routing',
    entry: 'voice',
    build: mainInboundFlow,
  },
  {
    name: 'chat-inbound',
    type: 'CONTACT_FLOW',
    channels: ['CHAT'],
    description: 'Chat: greeting by name in the customer language, context for the agent, queue',
    entry: 'chat',
    build: chatInboundFlow,
  },
  {
    name: 'task-inbound',
    type: 'CONTACT_FLOW',
    channels: ['TASK'],
    description: "Task: a customer's text for a person, into the general queue with the whisper",
    entry: 'task',
    build: taskInboundFlow,
  },
];

export function projectFlow(name: string): ProjectFlow | undefined {
  return PROJECT_FLOWS.find((f) => f.name === name);
}

/** Names the flow documents for the simulator: by project name and by the id other flows use. */
export function flowIdOf(refs: FlowRefs, name: string): string | undefined {
  const byName: Record<string, string> = {
    'agent-whisper': refs.flows.agentWhisper,
    'customer-queue': refs.flows.customerQueue,
    'post-call-survey': refs.flows.survey,
  };
  return byName[name];
}
