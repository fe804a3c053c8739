import { randomUUID } from 'node:crypto';
import type {
  ConnectContacts,
  StartChatRequest,
  StartedChat,
  StartedTask,
  StartTaskRequest,
} from '../../lambdas/domain/contact/connect-contacts.ts';
import { type ContactEvent, type SimulationFlow, simulate } from '../flow-language/simulator.ts';
import type { LocalConnect } from './connect-world.ts';

/**
 * Amazon Connect's contact APIs for the local twin: a chat runs the flow it names (the synthesized
 * chat flow) through the simulator with the attributes given, and its contact events go where
 * Connect's go. Tasks are kept for inspection, one per client token as in Connect. The ids are checked like Connect checks them: an
 * instance or flow this app does not have is refused.
 */
export class LocalConnectContacts implements ConnectContacts {
  readonly chats: (StartChatRequest & { readonly contactId: string })[] = [];
  readonly tasks: (StartTaskRequest & { readonly contactId: string })[] = [];

  constructor(
    private readonly connect: LocalConnect,
    private readonly contactEvents: (events: readonly ContactEvent[]) => Promise<void>,
  ) {}

  async startChat(request: StartChatRequest): Promise<StartedChat> {
    const flow = this.flow(request.instanceId, request.contactFlowId);
    const contactId = randomUUID();
    this.chats.push({ ...request, contactId });
    const result = await simulate({
      flows: this.connect.flows,
      entry: flow.names[0] as string,
      from: 'chat',
      channel: 'CHAT',
      contactId,
      instanceArn: this.connect.instanceArn,
      attributes: { ...request.attributes },
      queues: this.connect.queues,
      hours: this.connect.hours,
    });
    await this.contactEvents(result.contactEvents);
    return {
      contactId,
      participantId: randomUUID(),
      participantToken: `local-participant-token-${contactId}`,
      ...(request.persistentChat ? { continuedFromContactId: request.persistentChat.sourceContactId } : {}),
    };
  }

  async startTask(request: StartTaskRequest): Promise<StartedTask> {
    this.flow(request.instanceId, request.contactFlowId);
    // As Connect does: the same client token is the same task.
    const earlier = this.tasks.find((t) => t.clientToken === request.clientToken);
    if (earlier) return { contactId: earlier.contactId };
    const contactId = randomUUID();
    this.tasks.push({ ...request, contactId });
    return { contactId };
  }

  private flow(instanceId: string, flowId: string): SimulationFlow {
    if (!this.connect.instanceArn.endsWith(instanceId)) {
      throw new Error(`no Connect instance ${instanceId} in the local twin`);
    }
    const flow = this.connect.flows.find((f) =>
      f.names.some((n) => n === flowId || n.endsWith(`/${flowId}`)),
    );
    if (!flow) throw new Error(`no contact flow ${flowId} in the local twin`);
    return flow;
  }
}
