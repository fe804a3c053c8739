import { defineAction } from './action.ts';
import { exactlyOne, INBOUND, lastSegment, only, reference, TRANSFER, text, types } from './rules.ts';

export default defineAction({
  type: 'UpdateContactTargetQueue',
  block: 'Set working queue',
  source: reference('contact-actions-updatecontacttargetqueue'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER),
  parameters: (a) => exactlyOne(a, ['QueueId', 'AgentId'], 'target'),
  run: (a, rt) => {
    const id = rt.resolveValue(a.Parameters.QueueId ?? a.Parameters.AgentId ?? '');
    // Connect takes the error branch for a queue that does not exist.
    if (!id || !rt.knowsQueue(id)) return rt.fail(a, 'NoMatchingError');
    rt.contact.workingQueue = id;
    return rt.next(a);
  },
  detail: (a) => lastSegment(text(a.Parameters.QueueId) || text(a.Parameters.AgentId)),
});
