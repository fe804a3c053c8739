/**
 * Event pattern → match branches, refusing what EventBridge refuses with the service's reason.
 *
 * The grammar and its checks follow aws/event-ruler's JsonRuleCompiler (the engine behind
 * EventBridge) in the same order, so the first problem reported is the one the service reports.
 * Nested keys flatten to dotted paths (`{"a": {"b": …}}` and `{"a.b": …}` are the same field), and
 * each `$or` forks the branches: a pattern matches when any branch does.
 */
import { InvalidEventPatternError } from './invalid-event-pattern-error.ts';
import { isInRange, isSameAddress, parseCidr, parseIpAddress } from './ip-address.ts';
import {
  matchesWildcard,
  parseWildcard,
  WILDCARD_COMPLEXITY_LIMIT,
  type WildcardRuns,
  wildcardComplexity,
} from './wildcard.ts';

/** A JSON leaf of an event: the only values operators compare. */
export type Leaf = string | number | boolean | null;

/** One field of one branch: the leaf tests (any may pass) and whether absence satisfies it. */
export interface FieldRule {
  readonly tests: readonly ((value: Leaf) => boolean)[];
  /** `{"exists": false}` is among the field's values. */
  readonly matchesAbsence: boolean;
  /** The field's `wildcard` operands (source text and parsed form), for the complexity check. */
  readonly wildcards: readonly (readonly [string, WildcardRuns])[];
}

/** One way for an event to match: every field (dotted path) must be satisfied. */
export type Branch = ReadonlyMap<string, FieldRule>;

/** Longest pattern PutRule accepts, in characters of its JSON text. */
export const MAX_EVENT_PATTERN_LENGTH = 4096;

/** Field names event-ruler reserves inside `$or` (operator names and names kept for future operators). */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

function fail(reason: string, at: string): never {
  throw new InvalidEventPatternError(reason, at);
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}

/** Validates the pattern and compiles it to its branches; throws InvalidEventPatternError. */
export function compileBranches(pattern: unknown): Branch[] {
  if (typeof pattern === 'string') {
    fail('Filter is not an object (got a string: pass the pattern through JSON.parse first)', '');
  }
  if (!isObject(pattern)) fail('Filter is not an object', '');
  let text: string;
  try {
    text = JSON.stringify(pattern);
  } catch {
    fail('Filter is not valid JSON', '');
  }
  if (text.length > MAX_EVENT_PATTERN_LENGTH) {
    fail(`Event pattern must be at most ${MAX_EVENT_PATTERN_LENGTH} characters, got ${text.length}`, '');
  }
  const branches: Map<string, FieldRule>[] = [];
  parseObject(branches, [], pattern, '', false);
  checkWildcardComplexity(branches);
  return branches;
}

function parseObject(
  branches: Map<string, FieldRule>[],
  path: readonly string[],
  node: Readonly<Record<string, unknown>>,
  at: string,
  insideOr: boolean,
): void {
  const keys = Object.keys(node);
  for (const key of keys) {
    const value = node[key];
    const here = child(at, key);
    if (key === '$or') {
      parseOr(branches, path, value, here);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      fail(`${key} is Ruler reserved fieldName which cannot be used inside $or.`, here);
    }
    if (isObject(value)) parseObject(branches, [...path, key], value, here, insideOr);
    else if (Array.isArray(value)) {
      const field = compileField(value, here);
      if (branches.length === 0) branches.push(new Map());
      // A field named twice (nested and dotted) keeps its last values, as in the service.
      for (const branch of branches) branch.set([...path, key].join('.'), field);
    } else fail(`"${key}" must be an object or an array`, here);
  }
  if (keys.length === 0) fail('Empty objects are not allowed', at);
}

function parseOr(
  branches: Map<string, FieldRule>[],
  path: readonly string[],
  value: unknown,
  at: string,
): void {
  const before = branches.map((branch) => new Map(branch));
  branches.length = 0;
  if (!Array.isArray(value)) fail('It must be an Array followed with $or.', at);
  value.forEach((alternative: unknown, i) => {
    const here = `${at}[${i}]`;
    if (!isObject(alternative)) fail('Only JSON object is allowed in array of $or relationship.', here);
    const forked =
      before.length === 0 ? [new Map<string, FieldRule>()] : before.map((branch) => new Map(branch));
    parseObject(forked, path, alternative, here, true);
    branches.push(...forked);
  });
  if (value.length < 2) fail('There must have at least 2 Objects in $or relationship.', at);
}

function compileField(values: readonly unknown[], at: string): FieldRule {
  const tests: ((value: Leaf) => boolean)[] = [];
  const wildcards: (readonly [string, WildcardRuns])[] = [];
  let matchesAbsence = false;
  values.forEach((value, i) => {
    const here = `${at}[${i}]`;
    if (isObject(value)) {
      const operator = compileOperator(value, here);
      if (operator === 'absent') matchesAbsence = true;
      else {
        tests.push(operator.test);
        if (operator.wildcard !== undefined) wildcards.push(operator.wildcard);
      }
    } else if (typeof value === 'string') tests.push(exactString(value));
    else if (
      (typeof value === 'number' && Number.isFinite(value)) ||
      typeof value === 'boolean' ||
      value === null
    ) {
      tests.push((leaf) => leaf === value);
    } else fail('Match value must be String, number, true, false, or null', here);
  });
  if (values.length === 0) fail('Empty arrays are not allowed', at);
  return { tests, matchesAbsence, wildcards };
}

/** An exact string; one that is an IP literal matches any spelling of the same address. */
function exactString(expected: string): (value: Leaf) => boolean {
  const address = parseIpAddress(expected);
  if (address === undefined) return (value) => value === expected;
  return (value) => typeof value === 'string' && isSameAddress(address, value);
}

type Operator =
  | 'absent'
  | { readonly test: (value: Leaf) => boolean; readonly wildcard?: readonly [string, WildcardRuns] };

function compileOperator(expression: Readonly<Record<string, unknown>>, at: string): Operator {
  const keys = Object.keys(expression);
  const name = keys[0];
  if (name === undefined) fail('Match expression name not found', at);
  const operand = expression[name];
  const here = child(at, name);
  const oneKey = (): void => {
    if (keys.length > 1) fail('Only one key allowed in match expression', at);
  };
  switch (name) {
    case 'prefix':
    case 'suffix': {
      if (isObject(operand)) {
        const pattern = ignoreCasePattern(affixIgnoringCase(name, operand, here), name);
        oneKey();
        return { test: (value) => typeof value === 'string' && pattern.test(value) };
      }
      if (typeof operand !== 'string') fail(`${name} match pattern must be a string`, here);
      oneKey();
      return name === 'prefix'
        ? { test: (value) => typeof value === 'string' && value.startsWith(operand) }
        : { test: (value) => typeof value === 'string' && value.endsWith(operand) };
    }
    case 'equals-ignore-case': {
      if (typeof operand !== 'string') fail('equals-ignore-case match pattern must be a string', here);
      const pattern = ignoreCasePattern(operand, 'whole');
      oneKey();
      return { test: (value) => typeof value === 'string' && pattern.test(value) };
    }
    case 'wildcard': {
      if (typeof operand !== 'string') fail('wildcard match pattern must be a string', here);
      const runs = wildcardRuns(operand, here);
      oneKey();
      return {
        test: (value) => typeof value === 'string' && matchesWildcard(runs, value),
        wildcard: [operand, runs],
      };
    }
    case 'numeric': {
      if (!Array.isArray(operand)) fail('Value of numeric must be an array.', here);
      const inRange = numericRange(operand, here);
      if (keys.length > 1) fail('Too many elements in numeric expression', at);
      return { test: (value) => typeof value === 'number' && inRange(value) };
    }
    case 'exists': {
      if (typeof operand !== 'boolean') fail('exists match pattern must be either true or false.', here);
      oneKey();
      return operand ? { test: () => true } : 'absent';
    }
    case 'cidr': {
      // The service names the wrong operator here; its words are kept.
      if (typeof operand !== 'string') fail('prefix match pattern must be a string', here);
      const range = parseCidr(operand);
      if (typeof range === 'string') fail(range, here);
      oneKey();
      return { test: (value) => typeof value === 'string' && isInRange(range, value) };
    }
    case 'anything-but': {
      const excluded = anythingBut(operand, here);
      if (keys.length > 1) fail('Too many elements in numeric expression', at);
      // Any leaf that is not excluded matches, null and other types included; a missing field has no leaf.
      return { test: (value) => !excluded(value) };
    }
    default:
      return fail(`Unrecognized match type ${name}`, here);
  }
}

/** `{"prefix": {"equals-ignore-case": "x"}}` and the same for suffix: the operand of the inner key. */
function affixIgnoringCase(
  name: 'prefix' | 'suffix',
  operand: Readonly<Record<string, unknown>>,
  at: string,
): string {
  const title = name === 'prefix' ? 'Prefix' : 'Suffix';
  const keys = Object.keys(operand);
  const inner = keys[0];
  if (inner === undefined) fail(`${title} expression name not found`, at);
  if (inner !== 'equals-ignore-case') fail(`Unsupported ${name} pattern: ${inner}`, at);
  const text = operand[inner];
  if (typeof text !== 'string') fail('equals-ignore-case match pattern must be a string', child(at, inner));
  if (keys.length > 1) fail('Only one key allowed in match expression', at);
  return text;
}

/**
 * Case-insensitive comparison as the service does it: each character of the pattern stands for
 * its lower-case or its upper-case form (so `ß` also matches `SS`).
 */
function ignoreCasePattern(text: string, anchor: 'whole' | 'prefix' | 'suffix'): RegExp {
  const literal = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  let source = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    source += lower === upper ? literal(lower) : `(?:${literal(lower)}|${literal(upper)})`;
  }
  return new RegExp(`${anchor === 'suffix' ? '' : '^'}${source}${anchor === 'prefix' ? '' : '$'}`, 'u');
}

function wildcardRuns(text: string, at: string): WildcardRuns {
  const runs = parseWildcard(text);
  if (typeof runs === 'string') fail(runs, at);
  return runs;
}

/** How the service names a JSON token in numeric-expression messages. */
function tokenText(value: unknown): string {
  if (value === undefined) return ']';
  if (Array.isArray(value)) return '[';
  if (typeof value === 'object' && value !== null) return '{';
  return String(value);
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `["=", 5]`, `["<", 5]`, `[">", 0, "<=", 5]`…: a lower bound may be followed by an upper one. */
function numericRange(terms: readonly unknown[], at: string): (value: number) => boolean {
  const [operator, operand, upperOperator, upperOperand] = terms;
  if (typeof operator !== 'string') fail(`Invalid member in numeric match: ${tokenText(operator)}`, at);
  switch (operator) {
    case '=':
    case '<':
    case '<=': {
      if (!isNumber(operand)) fail(`Value of ${operator === '=' ? 'equals' : operator} must be numeric`, at);
      if (terms.length > 2) fail('Too many elements in numeric expression', at);
      if (operator === '=') return (value) => value === operand;
      return operator === '<' ? (value) => value < operand : (value) => value <= operand;
    }
    case '>':
    case '>=': {
      if (!isNumber(operand)) fail(`Value of ${operator} must be numeric`, at);
      const above =
        operator === '>' ? (value: number) => value > operand : (value: number) => value >= operand;
      if (terms.length === 2) return above;
      if (typeof upperOperator !== 'string') {
        fail(`Bad value in numeric range: ${tokenText(upperOperator)}`, at);
      }
      if (upperOperator !== '<' && upperOperator !== '<=') {
        fail(`Bad numeric range operator: ${upperOperator}`, at);
      }
      if (!isNumber(upperOperand)) fail(`Value of ${upperOperator} must be numeric`, at);
      if (terms.length > 4) fail('Too many terms in numeric range expression', at);
      if (operand >= upperOperand) fail('Bottom must be less than top', at);
      return upperOperator === '<'
        ? (value) => above(value) && value < upperOperand
        : (value) => above(value) && value <= upperOperand;
    }
    default:
      return fail(`Unrecognized numeric range operator: ${operator}`, at);
  }
}

type ExclusionKind = 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard';
const isExclusionKind = (name: string): name is ExclusionKind =>
  name === 'equals-ignore-case' || name === 'prefix' || name === 'suffix' || name === 'wildcard';

/** The anything-but operand → which leaves it excludes. */
function anythingBut(operand: unknown, at: string): (value: Leaf) => boolean {
  let kind: ExclusionKind | 'values' = 'values';
  let values = operand;
  let here = at;
  let extraKeys = false;
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    const inner = keys[0];
    if (inner === undefined) fail('Anything-But expression name not found', at);
    if (!isExclusionKind(inner)) fail(`Unsupported anything-but pattern: ${inner}`, at);
    kind = inner;
    values = operand[inner];
    here = child(at, inner);
    extraKeys = keys.length > 1;
  }
  const excluded = anythingButOf(kind, values, here);
  // The service reads the operand before it notices the extra key, and words it this way.
  if (extraKeys) fail('Too many elements in numeric expression', at);
  return excluded;
}

function anythingButOf(
  kind: ExclusionKind | 'values',
  values: unknown,
  at: string,
): (value: Leaf) => boolean {
  if (!Array.isArray(values) && typeof values !== 'string' && !isNumber(values)) {
    fail('Value of anything-but must be an array or single string/number value.', at);
  }
  const list: readonly unknown[] = Array.isArray(values) ? values : [values];
  if (kind === 'values') return excludedValues(list, Array.isArray(values), at);
  const texts = list.map((value, i) => {
    const here = Array.isArray(values) ? `${at}[${i}]` : at;
    if (typeof value !== 'string') {
      if (kind === 'equals-ignore-case') {
        fail(
          'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
          here,
        );
      }
      fail(
        kind === 'wildcard'
          ? 'wildcard match pattern must be a string'
          : 'prefix/suffix match pattern must be a string',
        here,
      );
    }
    if ((kind === 'prefix' || kind === 'suffix') && value === '') {
      fail('Null prefix/suffix not allowed', here);
    }
    return value;
  });
  const isString = (value: Leaf): value is string => typeof value === 'string';
  switch (kind) {
    case 'prefix':
      return (value) => isString(value) && texts.some((text) => value.startsWith(text));
    case 'suffix':
      return (value) => isString(value) && texts.some((text) => value.endsWith(text));
    case 'equals-ignore-case': {
      const patterns = texts.map((text) => ignoreCasePattern(text, 'whole'));
      return (value) => isString(value) && patterns.some((pattern) => pattern.test(value));
    }
    case 'wildcard': {
      const runs = texts.map((text) => wildcardRuns(text, at));
      return (value) => isString(value) && runs.some((run) => matchesWildcard(run, value));
    }
  }
}

/** `{"anything-but": "x"}`, `[…strings]` or `[…numbers]`: never a mix, never null or boolean. */
function excludedValues(list: readonly unknown[], isList: boolean, at: string): (value: Leaf) => boolean {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  list.forEach((value, i) => {
    if (typeof value === 'string') strings.add(value);
    else if (isNumber(value)) numbers.add(value);
    else fail('Inside anything but list, start|null|boolean is not supported.', isList ? `${at}[${i}]` : at);
  });
  if (strings.size > 0 === numbers.size > 0) {
    fail('Inside anything but list, either all values are number or string, mixed type is not supported', at);
  }
  return (value) =>
    typeof value === 'string' ? strings.has(value) : typeof value === 'number' && numbers.has(value);
}

/** The service refuses a rule whose wildcards on one field are too expensive to match together. */
function checkWildcardComplexity(branches: readonly Branch[]): void {
  const byField = new Map<string, Map<string, WildcardRuns>>();
  for (const branch of branches) {
    for (const [path, rule] of branch) {
      for (const [text, runs] of rule.wildcards) {
        const patterns = byField.get(path) ?? new Map<string, WildcardRuns>();
        patterns.set(text, runs);
        byField.set(path, patterns);
      }
    }
  }
  for (const [path, patterns] of byField) {
    if (wildcardComplexity([...patterns.values()]) > WILDCARD_COMPLEXITY_LIMIT) fail(TOO_COMPLEX, path);
  }
}
