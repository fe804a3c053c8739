import { defineAction, note } from './action.ts';
import { objectAt, only, reference, required, text } from './rules.ts';

export default defineAction({
  type: 'ShowView',
  block: 'Show view',
  source: reference('participant-actions-showview'),
  errors: only('NoMatchingCondition', 'NoMatchingError', 'TimeLimitExceeded'),
  likelyErrors: only('TimeLimitExceeded'),
  // The branches are the view's own actions (a button, a form's submit): any Equals value.
  conditions: 'optional',
  // ViewData is the view's input, in the view's own schema: not flow parameters.
  opaqueParameters: ['ViewData'],
  parameters: (a) => required(a, 'ViewResource'),
  run: (a, rt) => {
    const conditions = a.Transitions.Conditions ?? [];
    // Scripted, or the agent (or customer) takes the view's first action.
    const result =
      rt.takeView() ?? (conditions[0] ? { action: conditions[0].Condition.Operands[0] ?? '' } : undefined);
    const view = text(objectAt(a.Parameters.ViewResource)?.Id).split('/').pop() ?? 'view';
    if (!result) {
      note(a, rt, `shows ${view}`);
      return rt.next(a);
    }
    rt.contact.view = result;
    note(a, rt, `shows ${view}: ${result.action}`);
    rt.advance(10);
    return rt.branch(a, result.action);
  },
  detail: (a) => text(objectAt(a.Parameters.ViewResource)?.Id).split('/').pop() ?? '',
});
