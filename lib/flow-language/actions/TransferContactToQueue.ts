import { defineAction } from './action.ts';
import { INBOUND, only, reference, TRANSFER, types } from './rules.ts';

export default defineAction({
  type: 'TransferContactToQueue',
  block: 'Transfer to queue',
  source: reference('contact-actions-transfercontacttoqueue'),
  errors: only('QueueAtCapacity', 'NoMatchingError'),
  likelyErrors: only('QueueAtCapacity'),
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER),
  run: (a, rt) => {
    const target = rt.contact.workingQueue;
    if (!target) return rt.fail(a, 'NoMatchingError');
    if (rt.queue(target)?.atCapacity) return rt.fail(a, 'QueueAtCapacity');
    return rt.enqueue(target);
  },
});
