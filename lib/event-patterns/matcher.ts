/**
 * A local EventBridge event-pattern engine: the local twin routes events through the same
 * patterns the deployed rules use, and refuses the patterns EventBridge refuses. Pure: no AWS SDK.
 * Semantics, and how they are checked against the real service: docs/event-patterns.md.
 */
import { compileBranches, type FieldRule, type Leaf } from './pattern-compiler.ts';

export { InvalidEventPatternError } from './invalid-event-pattern-error.ts';
export { MAX_EVENT_PATTERN_LENGTH } from './pattern-compiler.ts';

/** A value in a field's list: an exact value, or an operator such as `{"prefix": "aws."}`. */
export type EventPatternMatch = string | number | boolean | null | { readonly [operator: string]: unknown };

/**
 * An event pattern in its JSON form (`detail-type`, not CDK's `detailType`): each field holds a
 * list of allowed values or a nested pattern; `$or` holds a list of patterns.
 */
export interface EventPattern {
  readonly [field: string]: EventPattern | readonly EventPatternMatch[];
}

/** Whether an event matches the pattern it was compiled from. */
export type EventMatcher = (event: unknown) => boolean;

/**
 * Throws InvalidEventPatternError (with the service's reason and where it applies) for a pattern
 * EventBridge rejects; returns for one it accepts.
 */
export function validatePattern(pattern: unknown): asserts pattern is EventPattern {
  compileBranches(pattern);
}

/**
 * Validates the pattern once and returns a matcher for it: use this where one rule sees many
 * events. Throws InvalidEventPatternError for a pattern EventBridge rejects.
 */
export function compilePattern(pattern: EventPattern): EventMatcher {
  const branches = compileBranches(pattern).map((branch) => [...branch]);
  const descend = pathPrefixes(branches);
  return (event) => {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
    const leaves = collectLeaves(event, descend);
    return branches.some((branch) => branchMatches(branch, leaves));
  };
}

/**
 * Whether the event matches the pattern, as EventBridge decides it. Validates the pattern first
 * (throws InvalidEventPatternError); for many events against one pattern, compile it once with
 * compilePattern. An event that is not a JSON object matches nothing.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return compilePattern(pattern)(event);
}

// ------------------------------------------------------------------ events as leaves

/** Which element of which array a leaf came from: fields matched together must agree on it. */
interface ArrayStep {
  readonly array: number;
  readonly index: number;
}

interface LeafEntry {
  readonly value: Leaf;
  readonly steps: readonly ArrayStep[];
}

/** Every dotted prefix of the fields the pattern names: the parts of an event worth walking into. */
function pathPrefixes(branches: readonly (readonly [string, FieldRule])[][]): ReadonlySet<string> {
  const prefixes = new Set<string>();
  for (const branch of branches) {
    for (const [path] of branch) {
      const segments = path.split('.');
      segments.forEach((_, i) => {
        prefixes.add(segments.slice(0, i + 1).join('.'));
      });
    }
  }
  return prefixes;
}

/**
 * The event's leaves by dotted path (`{"a": {"b": 1}}` and `{"a.b": 1}` both give `a.b`). An array
 * contributes each element at the array's own path; objects and empty arrays are not leaves, so
 * `exists` sees only strings, numbers, booleans and null.
 */
function collectLeaves(event: object, descend: ReadonlySet<string>): ReadonlyMap<string, LeafEntry[]> {
  const leaves = new Map<string, LeafEntry[]>();
  let arrays = 0;
  // The event itself has no path (undefined), so a top-level key "" is the path "", as in the pattern.
  const visit = (node: unknown, path: string | undefined, steps: readonly ArrayStep[]): void => {
    if (Array.isArray(node)) {
      const array = arrays++;
      node.forEach((element: unknown, index) => {
        visit(element, path, [...steps, { array, index }]);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        const childPath = path === undefined ? key : `${path}.${key}`;
        if (descend.has(childPath)) visit(value, childPath, steps);
      }
    } else if (
      path !== undefined &&
      (typeof node === 'string' || typeof node === 'boolean' || node === null || typeof node === 'number')
    ) {
      const entries = leaves.get(path) ?? [];
      entries.push({ value: node, steps });
      leaves.set(path, entries);
    }
  };
  visit(event, undefined, []);
  return leaves;
}

// ------------------------------------------------------------------ matching

/**
 * Every field of the branch must be satisfied: by a leaf that passes one of its tests, or, for
 * `{"exists": false}`, by having no leaf at all. Leaves chosen for different fields must come
 * from the same element of any array they share (event-ruler's array consistency).
 */
function branchMatches(
  branch: readonly (readonly [string, FieldRule])[],
  leaves: ReadonlyMap<string, LeafEntry[]>,
): boolean {
  const choices: LeafEntry[][] = [];
  for (const [path, rule] of branch) {
    const present = leaves.get(path) ?? [];
    if (present.length === 0) {
      if (rule.matchesAbsence) continue;
      return false;
    }
    const passing = present.filter((leaf) => rule.tests.some((test) => test(leaf.value)));
    if (passing.length === 0) return false;
    choices.push(passing);
  }
  if (choices.every((passing) => passing.every((leaf) => leaf.steps.length === 0))) return true;
  choices.sort((a, b) => a.length - b.length);
  return consistentChoice(choices, 0, new Map());
}

function consistentChoice(
  choices: readonly LeafEntry[][],
  field: number,
  fixed: Map<number, number>,
): boolean {
  const passing = choices[field];
  if (passing === undefined) return true;
  for (const leaf of passing) {
    if (!leaf.steps.every((step) => (fixed.get(step.array) ?? step.index) === step.index)) continue;
    const added = leaf.steps.filter((step) => !fixed.has(step.array));
    for (const step of added) fixed.set(step.array, step.index);
    if (consistentChoice(choices, field + 1, fixed)) return true;
    for (const step of added) fixed.delete(step.array);
  }
  return false;
}
