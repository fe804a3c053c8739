import type { BlockState } from './blocks.ts';
import {
  type ConditionTransition,
  type ErrorTransition,
  type FlowAction,
  type FlowDocument,
  type Parameters,
  type ParameterValue,
  scalar,
  type Transitions,
} from './model.ts';
import type { Diagnostic } from './validator.ts';

// From what the author wrote to what Connect reads: parameters as strings, each block as an
// action with its transitions, and the `Content` string with its keys in a fixed order.

// ---------------------------------------------------------------- parameters

/** A value the builder accepts: numbers and booleans become strings ("8", "True"), as exports write them; `undefined` leaves the key out. */
export type LooseValue =
  | string
  | number
  | boolean
  | undefined
  | readonly LooseValue[]
  | { readonly [key: string]: LooseValue };
export type LooseParameters = { readonly [key: string]: LooseValue };

/** Numbers and booleans to strings, undefined entries left out; keys keep the author's order. */
export function normalizeParameters(
  loose: LooseParameters,
  onBad: (path: string, value: unknown) => never,
): Parameters {
  return normalize(loose, 'Parameters', onBad) as Parameters;
}

function normalize(
  value: LooseValue,
  path: string,
  onBad: (path: string, value: unknown) => never,
): ParameterValue | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => {
      const n = normalize(v, `${path}[${i}]`, onBad);
      return n === undefined ? [] : [n];
    });
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, ParameterValue> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalize(v, `${path}.${k}`, onBad);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  return scalar(value, () => onBad(path, value));
}

// ---------------------------------------------------------------- actions

/**
 * The blocks as the document's `Actions`, in the order a caller meets them (see callerOrder). A
 * branch to a name no block has (`transition/unresolved`) and a block left without its NextAction
 * (`transition/missing-next`) go to `findings`, each with the call that would fix it.
 */
export function writeActions(
  blocks: readonly BlockState[],
  start: string | undefined,
  findings: Diagnostic[],
): FlowAction[] {
  const names = new Set(blocks.map((b) => b.name));
  return callerOrder(blocks, start).map((block, index) => writeAction(block, index, names, findings));
}

/**
 * Depth first from the start, each block followed by what it leads to: its conditions in the
 * order given, then its NextAction, then its error branches in the order given. Blocks the start
 * does not lead to come last, walked the same way from each in name order. The order depends on
 * the flow's graph alone, not on the order the code created the blocks in, so a flow's source can
 * be rearranged (written top-down, split into fragments) without changing its Content, and so
 * without an update of the deployed flow.
 */
export function callerOrder(blocks: readonly BlockState[], start: string | undefined): BlockState[] {
  const byName = new Map(blocks.map((b) => [b.name, b]));
  const ordered: BlockState[] = [];
  const seen = new Set<string>();
  const walk = (from: string) => {
    // Popped in reverse of the order pushed: the first successor is visited first.
    const stack = [from];
    for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
      const block = byName.get(name);
      if (!block || seen.has(name)) continue;
      seen.add(name);
      ordered.push(block);
      const leadsTo = [...block.conditions, ...(block.next ? [block.next] : []), ...block.errors];
      stack.push(...leadsTo.map((edge) => edge.target).reverse());
    }
  };
  if (start !== undefined) walk(start);
  for (const name of [...byName.keys()].sort()) walk(name);
  return ordered;
}

function writeAction(
  block: BlockState,
  index: number,
  names: ReadonlySet<string>,
  findings: Diagnostic[],
): FlowAction {
  const at = `$.Actions[${index}]`;
  const resolve = (edge: { readonly branch: string; readonly target: string }, path: string): string => {
    if (!names.has(edge.target)) {
      findings.push({
        rule: 'transition/unresolved',
        severity: 'error',
        action: block.name,
        path: `${at}.${path}`,
        message: `${block.method} "${block.name}": ${edge.branch} points at "${edge.target}", but no block has that name: create it, or fix the name`,
      });
    }
    return edge.target;
  };
  if (!block.next && block.nextHint) {
    findings.push({
      rule: 'transition/missing-next',
      severity: 'error',
      action: block.name,
      path: `${at}.Transitions.NextAction`,
      message: `${block.method} "${block.name}" has no next block: call ${block.nextHint}`,
    });
  }
  const transitions: {
    NextAction?: string;
    Errors?: ErrorTransition[];
    Conditions?: ConditionTransition[];
  } = {};
  if (block.next) transitions.NextAction = resolve(block.next, 'Transitions.NextAction');
  if (block.errors.length > 0) {
    transitions.Errors = block.errors.map((e, i) => ({
      NextAction: resolve(e, `Transitions.Errors[${i}].NextAction`),
      ErrorType: e.errorType,
    }));
  }
  if (block.conditions.length > 0) {
    transitions.Conditions = block.conditions.map((c, i) => ({
      NextAction: resolve(c, `Transitions.Conditions[${i}].NextAction`),
      Condition: { Operator: c.condition.Operator, Operands: [...c.condition.Operands] },
    }));
  }
  return {
    Identifier: block.name,
    Type: block.type,
    Parameters: structuredClone(block.parameters) as Parameters,
    Transitions: transitions,
  };
}

// ---------------------------------------------------------------- content

/**
 * The `Content` of CfnContactFlow / CfnContactFlowModule: JSON with a fixed key order (Version,
 * StartAction, Metadata, Actions, Settings; Identifier, Type, Parameters, Transitions; NextAction,
 * Errors, Conditions), whatever order the document was written in. Parameters keep their order.
 * A flow holding CDK tokens goes through `Stack.toJsonString(flow)` instead.
 */
export function flowContent(flow: FlowDocument): string {
  return JSON.stringify({
    Version: flow.Version,
    StartAction: flow.StartAction,
    Metadata: flow.Metadata,
    Actions: flow.Actions.map((a) => ({
      Identifier: a.Identifier,
      Type: a.Type,
      Parameters: a.Parameters,
      Transitions: orderedTransitions(a.Transitions),
    })),
    Settings: flow.Settings,
  });
}

function orderedTransitions(t: Transitions): Transitions {
  return {
    NextAction: t.NextAction,
    Errors: t.Errors?.map((e) => ({ NextAction: e.NextAction, ErrorType: e.ErrorType })),
    Conditions: t.Conditions?.map((c) => ({
      NextAction: c.NextAction,
      Condition: { Operator: c.Condition.Operator, Operands: c.Condition.Operands },
    })),
  };
}
