import { FlowBuilder } from '../../flow-language/builder.ts';
import type { FlowDocument } from '../../flow-language/model.ts';
import type { FlowRefs } from './refs.ts';

/**
 * The task flow: a customer's text that needs a person (not a keyword, not a survey answer)
 * becomes a Connect task in the general queue, with the customer's id and the text in its
 * attributes, and the whisper flow for the agent.
 */
export function taskInboundFlow(refs: Pick<FlowRefs, 'queues' | 'flows'>): FlowDocument {
  const b = new FlowBuilder({ type: 'CONTACT_FLOW', name: 'task-inbound', channels: ['TASK'] });
  const end = b.disconnect('end');
  const transfer = b.transferToQueue('transfer').onAtCapacity(end).onError(end);
  const queue = b.setQueue('queue', { queueId: refs.queues.general }).next(transfer).onError(end);
  const whisper = b
    .setEventHook('hook-whisper', 'AgentWhisper', refs.flows.agentWhisper)
    .next(queue)
    .onError(queue);
  const topic = b.setAttributes('topic', { topic: 'sms', topicLabel: 'SMS' }).next(whisper).onError(whisper);
  b.start(b.setLogging('logging', 'Enabled').next(topic));
  return b.build();
}
