import { defineAction } from './action.ts';
import { isJsonPath, issue, only, param, reference, required, text } from './rules.ts';

export default defineAction({
  type: 'Compare',
  block: 'Check contact attributes',
  source: reference('flow-control-actions-compare'),
  errors: only('NoMatchingCondition'),
  conditions: 'required',
  parameters: (a) => {
    const value = param(a, 'ComparisonValue');
    if (value === undefined) return required(a, 'ComparisonValue');
    // Observed rejections (connect-flow-language.md [api]): a literal, or a whole object.
    if (!isJsonPath(value)) {
      return [
        issue(
          'parameters/jsonpath',
          'Parameters.ComparisonValue',
          `ComparisonValue must be one JSONPath such as $.Attributes.tier, got ${JSON.stringify(value)}`,
        ),
      ];
    }
    if (value === '$.External' || value === '$.Attributes') {
      return [
        issue(
          'parameters/jsonpath',
          'Parameters.ComparisonValue',
          `ComparisonValue must point at one value, not all of ${value}: add the key`,
        ),
      ];
    }
    return [];
  },
  run: (a, rt) => rt.branch(a, rt.resolvePath(String(a.Parameters.ComparisonValue))),
  shape: 'decision',
  detail: (a) => text(a.Parameters.ComparisonValue),
});
