import { defineAction } from './action.ts';
import { INBOUND, lastSegment, only, reference, required, TRANSFER, text, types } from './rules.ts';

export default defineAction({
  type: 'TransferToFlow',
  block: 'Transfer to flow',
  source: reference('flow-control-actions-transfertoflow'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER),
  parameters: (a) => required(a, 'ContactFlowId'),
  run: async (a, rt) => {
    const target = rt.resolveValue(a.Parameters.ContactFlowId ?? '');
    if (!target) return rt.fail(a, 'NoMatchingError');
    return { outcome: await rt.runFlow(rt.flowNamed(target, `TransferToFlow ${a.Identifier}`), target) };
  },
  detail: (a) => lastSegment(text(a.Parameters.ContactFlowId)),
});
