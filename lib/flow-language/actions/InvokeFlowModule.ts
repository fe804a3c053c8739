import { defineAction } from './action.ts';
import { lastSegment, only, reference, required, text } from './rules.ts';

export default defineAction({
  type: 'InvokeFlowModule',
  block: 'Invoke module',
  source: reference('flow-control-actions-invokeflowmodule'),
  errors: only('NoMatchingCondition', 'NoMatchingError'),
  conditions: 'optional',
  parameters: (a) => required(a, 'FlowModuleId'),
  run: async (a, rt) => {
    const target = rt.resolveValue(a.Parameters.FlowModuleId ?? '');
    if (!target) return rt.fail(a, 'NoMatchingError');
    const result = await rt.runFlow(rt.flowNamed(target, `InvokeFlowModule ${a.Identifier}`), target);
    if (result.kind !== 'ended') return { outcome: result };
    rt.emit({ type: 'flow', flow: rt.frame.name });
    return rt.next(a);
  },
  detail: (a) => lastSegment(text(a.Parameters.FlowModuleId)),
});
