import { defineAction } from './action.ts';
import { INBOUND, issue, only, operands, QUEUE, reference, TRANSFER, types } from './rules.ts';

export default defineAction({
  type: 'DistributeByPercentage',
  block: 'Distribute by percentage',
  source: reference('flow-control-actions-distributebypercentage'),
  errors: only('NoMatchingCondition', 'NoMatchingError'),
  conditions: 'required',
  // The reference: conditions are NumberLessThan on a random number from 1 to 100.
  checkConditions: (conditions) =>
    conditions.flatMap((c, i) =>
      c.Condition.Operator === 'NumberLessThan' &&
      /^\d+$/.test(operands(c)[0] ?? '') &&
      Number(operands(c)[0]) <= 101
        ? []
        : [
            issue(
              'conditions/operator',
              `Transitions.Conditions[${i}]`,
              'DistributeByPercentage uses NumberLessThan a whole number up to 101',
            ),
          ],
    ),
  flowTypes: types(INBOUND, TRANSFER, QUEUE),
  run: (a, rt) => rt.branch(a, String(Math.floor(rt.random() * 100) + 1)),
  shape: 'decision',
});
