import type { ParameterValue } from '../model.ts';
import type { FlowRuntime } from '../simulation-model.ts';
import { defineAction, note } from './action.ts';
import { objectAt, only, reference } from './rules.ts';

export default defineAction({
  type: 'UpdateContactRoutingCriteria',
  block: 'Set routing criteria',
  // The reference spells it UpdateRoutingCriteria; the service takes this spelling.
  source: reference('flow-control-actions-updateroutingcriteria'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  run: (a, rt) => {
    const steps = objectAt(a.Parameters.RoutingCriteria)?.Steps;
    const described = (Array.isArray(steps) ? steps : []).map((step) => describeStep(step, rt));
    note(a, rt, described.length ? described.join('; then ') : 'sets routing criteria');
    return rt.next(a);
  },
});

/** A step as a routing engineer reads it: preferred agents, or proficiencies, and how long it lasts. */
function describeStep(step: ParameterValue, rt: FlowRuntime): string {
  const expression = objectAt(objectAt(step)?.Expression);
  const condition = objectAt(expression?.AttributeCondition);
  const agents = objectAt(objectAt(condition?.MatchCriteria)?.AgentsCriteria)?.AgentIds;
  const expiry = objectAt(objectAt(step)?.Expiry)?.DurationInSeconds;
  const within = expiry !== undefined ? ` for ${rt.resolveValue(expiry)} s` : '';
  if (Array.isArray(agents))
    return `routes to agent ${agents.map((id) => rt.resolveValue(id)).join(', ')}${within}`;
  if (condition) {
    return `routes to agents with ${rt.resolveValue(condition.Name)} ${rt.resolveValue(condition.Value)} at level ${rt.resolveValue(condition.ProficiencyLevel)} or above${within}`;
  }
  return `routes by ${JSON.stringify(expression ?? {})}${within}`;
}
