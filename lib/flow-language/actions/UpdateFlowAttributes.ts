import { defineAction } from './action.ts';
import { issue, objectAt, only, param, reference, required } from './rules.ts';

export default defineAction({
  type: 'UpdateFlowAttributes',
  block: 'Set contact attributes (flow)',
  source: reference('flow-control-actions-updateflowattributes'),
  errors: only('NoMatchingError'),
  // Observed rejection (connect-flow-language.md [api]) without it.
  requiredErrors: only('NoMatchingError'),
  conditions: 'none',
  // Each attribute is {"Value": …}; exports from working instances often leave out "Type":"String".
  parameters: (a) => {
    const attributes = objectAt(param(a, 'FlowAttributes'));
    if (!attributes) return required(a, 'FlowAttributes');
    return Object.entries(attributes)
      .filter(([, v]) => objectAt(v)?.Value === undefined)
      .map(([k]) =>
        issue(
          'parameters/shape',
          `Parameters.FlowAttributes.${k}`,
          `flow attribute ${k} must be {"Value":"..."}`,
        ),
      );
  },
  run: (a, rt) => {
    for (const [k, v] of Object.entries(objectAt(a.Parameters.FlowAttributes) ?? {})) {
      rt.frame.flowAttributes.set(rt.resolveText(k), rt.resolveValue(objectAt(v)?.Value));
    }
    return rt.next(a);
  },
  detail: (a) => Object.keys(objectAt(a.Parameters.FlowAttributes) ?? {}).join(', '),
});
