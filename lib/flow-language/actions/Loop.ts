import { defineAction } from './action.ts';
import { equalsSet, only, range, reference, required, requireEach, text } from './rules.ts';

export default defineAction({
  type: 'Loop',
  block: 'Loop',
  source: reference('flow-control-actions-loop'),
  // The reference lists no errors; console exports declare NoMatchingError, and Connect takes them.
  errors: only('NoMatchingError'),
  conditions: 'required',
  checkConditions: (conditions, a) => [
    ...equalsSet(conditions, a, ['ContinueLooping', 'DoneLooping'], 'ContinueLooping or DoneLooping'),
    ...requireEach(conditions, a, ['ContinueLooping', 'DoneLooping']),
  ],
  parameters: (a) => [...required(a, 'LoopCount'), ...range(a, 'LoopCount', 0, 100, { allowJsonPath: true })],
  run: (a, rt) => {
    const limit = Number(rt.resolveValue(a.Parameters.LoopCount ?? '0'));
    const done = rt.frame.loops.get(a.Identifier) ?? 0;
    if (done < limit) {
      rt.frame.loops.set(a.Identifier, done + 1);
      return rt.branch(a, 'ContinueLooping');
    }
    rt.frame.loops.set(a.Identifier, 0);
    return rt.branch(a, 'DoneLooping');
  },
  shape: 'decision',
  detail: (a) => `${text(a.Parameters.LoopCount)} times`,
});
