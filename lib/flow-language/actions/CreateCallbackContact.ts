import { defineAction } from './action.ts';
import {
  atMostOne,
  INBOUND,
  issue,
  lastSegment,
  only,
  QUEUE,
  range,
  reference,
  TRANSFER,
  text,
  types,
} from './rules.ts';

export default defineAction({
  type: 'CreateCallbackContact',
  block: 'Create callback',
  source: reference('contact-actions-createcallbackcontact'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER, QUEUE),
  parameters: (a) => {
    const attempts = a.Parameters.MaximumConnectionAttempts;
    return [
      ...atMostOne(a, ['QueueId', 'AgentId']),
      ...range(a, 'InitialCallDelaySeconds', 1, 259_200),
      ...range(a, 'RetryDelaySeconds', 1, 259_200),
      ...(attempts === '0'
        ? [
            issue(
              'parameters/range',
              'Parameters.MaximumConnectionAttempts',
              'MaximumConnectionAttempts "0" is accepted by the service but documented as > 0: use at least 1',
              'warning',
            ),
          ]
        : range(a, 'MaximumConnectionAttempts', 1, 2_147_483_647)),
    ];
  },
  run: (a, rt) => {
    const p = a.Parameters;
    const number = rt.contact.callbackNumber ?? rt.contact.from;
    const queue = p.QueueId !== undefined ? rt.resolveValue(p.QueueId) : rt.currentQueue();
    rt.contact.callback = { number, ...(queue ? { queue } : {}) };
    rt.emit({ type: 'callback', number, ...(queue ? { queue } : {}) });
    return rt.next(a);
  },
  detail: (a) => lastSegment(text(a.Parameters.QueueId) || text(a.Parameters.AgentId)),
});
