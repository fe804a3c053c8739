import { defineAction } from './action.ts';
import { exactlyOne, lastSegment, MODULE, only, QUEUE, reference, text } from './rules.ts';

export default defineAction({
  type: 'DequeueContactAndTransferToQueue',
  block: 'Transfer to queue',
  source: reference('contact-actions-dequeuecontactandtransfertoqueue'),
  errors: only('QueueAtCapacity', 'NoMatchingError'),
  likelyErrors: only('QueueAtCapacity'),
  conditions: 'none',
  flowTypes: [QUEUE, MODULE],
  parameters: (a) => exactlyOne(a, ['QueueId', 'AgentId'], 'target'),
  run: (a, rt) => {
    const target = rt.resolveValue(a.Parameters.QueueId ?? a.Parameters.AgentId ?? '');
    if (!target || !rt.knowsQueue(target)) return rt.fail(a, 'NoMatchingError');
    if (rt.queue(target)?.atCapacity) return rt.fail(a, 'QueueAtCapacity');
    return rt.enqueue(target);
  },
  detail: (a) => lastSegment(text(a.Parameters.QueueId) || text(a.Parameters.AgentId)),
});
