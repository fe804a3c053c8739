import { defineAction } from './action.ts';
import { atMostOne, lastSegment, only, reference, text } from './rules.ts';

export default defineAction({
  type: 'GetMetricData',
  block: 'Get queue metrics',
  source: reference('flow-control-actions-getmetricdata'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  parameters: (a) => atMostOne(a, ['QueueId', 'AgentId']),
  run: (a, rt) => {
    const p = a.Parameters;
    const queue = rt.queue(p.QueueId !== undefined ? rt.resolveValue(p.QueueId) : rt.currentQueue());
    if (!queue) return rt.fail(a, 'NoMatchingError');
    rt.contact.metrics = {
      Queue: {
        Size: String(queue.contactsInQueue ?? 0),
        OldestContactAge: String(queue.oldestContactAgeSeconds ?? 0),
        Name: queue.name,
      },
      Agents: {
        Available: { Count: String(queue.agentsAvailable ?? 0) },
        Staffed: { Count: String(queue.agentsStaffed ?? 0) },
        Online: { Count: String(queue.agentsOnline ?? 0) },
      },
    };
    return rt.next(a);
  },
  detail: (a) => lastSegment(text(a.Parameters.QueueId) || text(a.Parameters.AgentId)),
});
