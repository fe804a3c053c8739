import { defineAction } from './action.ts';
import { exactlyOne, INBOUND, only, QUEUE, range, reference, TRANSFER, text, types } from './rules.ts';

export default defineAction({
  type: 'UpdateContactRoutingBehavior',
  block: 'Change routing priority',
  source: reference('contact-actions-updatecontactroutingbehavior'),
  // The reference lists none; NoMatchingError goes with the RoutingProficiencies form.
  errors: only('NoMatchingError'),
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER, QUEUE),
  parameters: (a) => [
    ...exactlyOne(a, ['QueuePriority', 'QueueTimeAdjustmentSeconds'], 'routing change'),
    ...range(a, 'QueuePriority', 1, 2_147_483_647),
  ],
  run: (a, rt) => {
    const priority = a.Parameters.QueuePriority;
    if (priority !== undefined) rt.emit({ type: 'priority', priority: Number(rt.resolveValue(priority)) });
    return rt.next(a);
  },
  detail: (a) =>
    a.Parameters.QueuePriority !== undefined
      ? `priority ${text(a.Parameters.QueuePriority)}`
      : a.Parameters.QueueTimeAdjustmentSeconds !== undefined
        ? `age ${text(a.Parameters.QueueTimeAdjustmentSeconds)} s`
        : '',
});
