import type { FlowAction, FlowDocument } from './model.ts';

/**
 * The document with every action's optional parts filled in: flows created through the API may
 * leave out `Parameters` (and `Transitions`) on actions that take none, and Connect runs them as
 * `{}`. Validator, simulator and renderer all read the normalized form.
 */
export function normalizeFlow(flow: FlowDocument): FlowDocument {
  if (flow.Actions.every((a) => !isBare(a))) return flow;
  return { ...flow, Actions: flow.Actions.map(normalizeAction) };
}

/** An action object without Parameters or Transitions (anything else is left for the shape rules). */
function isBare(action: unknown): boolean {
  if (action === null || typeof action !== 'object') return false;
  const a = action as Partial<FlowAction>;
  return a.Parameters === undefined || a.Transitions === undefined;
}

function normalizeAction(action: FlowAction): FlowAction {
  const a = action as Partial<FlowAction> & Pick<FlowAction, 'Identifier' | 'Type'>;
  return !isBare(action)
    ? action
    : { ...a, Parameters: a.Parameters ?? {}, Transitions: a.Transitions ?? {} };
}
