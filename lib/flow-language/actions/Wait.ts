import { defineAction } from './action.ts';
import { issue, only, reference, required, text } from './rules.ts';

export default defineAction({
  type: 'Wait',
  block: 'Wait',
  source: reference('flow-control-actions-wait'),
  errors: only('NoMatchingError', 'ParticipantNotFound'),
  conditions: 'required',
  channels: ['CHAT'],
  parameters: (a) =>
    a.Parameters.TimeoutSeconds !== undefined && a.Parameters.TimeLimitSeconds === undefined
      ? [
          issue(
            'parameters/renamed',
            'Parameters.TimeoutSeconds',
            'the API takes TimeLimitSeconds (the documentation says TimeoutSeconds): rename it',
          ),
        ]
      : required(a, 'TimeLimitSeconds'),
  run: async (a, rt) => {
    // Customer returned: a chat customer who sends a message during the wait ends it that way. The
    // customer's next input is that message; none (or `timeout`) lets the time run out.
    const events = a.Parameters.Events;
    if (rt.contact.channel === 'CHAT' && Array.isArray(events) && events.includes('CustomerReturned')) {
      const said = await rt.takeInput();
      if (said !== undefined && said !== 'timeout') {
        rt.emit({ type: 'input', digits: said });
        return rt.branch(a, 'CustomerReturned');
      }
    }
    const seconds = Number(rt.resolveValue(a.Parameters.TimeLimitSeconds ?? '0'));
    rt.advance(Number.isFinite(seconds) && seconds > 0 ? seconds : 0);
    return rt.branch(a, 'WaitCompleted');
  },
  detail: (a) =>
    a.Parameters.TimeLimitSeconds !== undefined ? `${text(a.Parameters.TimeLimitSeconds)} s` : '',
});
