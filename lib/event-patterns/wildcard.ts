/**
 * The `wildcard` operator: `*` matches any run of characters (including none, and including `/`),
 * `\*` is a literal star and `\\` a literal backslash. Parsing, matching, and the service's
 * "Rule is too complex" admission check.
 */

/** A parsed wildcard: the literal runs between its stars (`a*b*c` → `['a', 'b', 'c']`; no star → one run). */
export type WildcardRuns = readonly string[];

/**
 * Parses a wildcard operand. Returns its literal runs, or the service's reason for refusing it.
 * Positions in messages count UTF-8 bytes of the value in quotes, as the service reports them.
 */
export function parseWildcard(text: string): WildcardRuns | string {
  const runs: string[] = [];
  let run = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '*') {
      if (text[i + 1] === '*') return `Consecutive wildcard characters at pos ${bytePosition(text, i)}`;
      runs.push(run);
      run = '';
    } else if (char === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') return `Invalid escape character at pos ${bytePosition(text, i)}`;
      run += next;
      i++;
    } else {
      run += char;
    }
  }
  runs.push(run);
  return runs;
}

/** Position of the character at `index` in the service's quoted UTF-8 form of the value. */
function bytePosition(text: string, index: number): number {
  return new TextEncoder().encode(text.slice(0, index)).length + 1;
}

/** Whether the value matches: leftmost-first placement of each run is optimal for `*`-only patterns. */
export function matchesWildcard(runs: WildcardRuns, value: string): boolean {
  const first = runs[0] ?? '';
  if (runs.length === 1) return value === first;
  const last = runs[runs.length - 1] ?? '';
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) {
    return false;
  }
  const end = value.length - last.length;
  let position = first.length;
  for (const run of runs.slice(1, -1)) {
    const found = value.indexOf(run, position);
    if (found < 0 || found + run.length > end) return false;
    position = found + run.length;
  }
  return true;
}

/**
 * Above this, the service refuses the rule. Calibrated on the cases known from the service (listed
 * in docs/event-patterns.md): refused at 11 and 16, accepted at 8 and below.
 */
export const WILDCARD_COMPLEXITY_LIMIT = 10;

const MAX_SITUATIONS = 100_000;

const ANY = Symbol('any character');
type Token = string | typeof ANY;

interface State {
  /** Wildcard patterns that reach a match through this state. */
  readonly patterns: Set<number>;
  readonly literal: Map<string, number[]>;
  /** Star states entered on any character (a star state lists itself: it loops). */
  readonly any: number[];
  /** Shared successors while the patterns still agree (before any star). */
  readonly prefix: Map<string, number>;
  star?: number;
}

/**
 * The service's measure of how hard the wildcards on one field are to match, after event-ruler's
 * MachineComplexityEvaluator: the patterns are compiled into one byte machine (quoted values, shared
 * literal prefixes and first stars), and the measure is the most patterns that can be "in play" at
 * once for any input — summed over the states an input can reach together, counting a state that
 * can still enter a star as in play for that star too. Stops counting past `limit`.
 */
export function wildcardComplexity(
  patterns: readonly WildcardRuns[],
  limit = WILDCARD_COMPLEXITY_LIMIT,
): number {
  const states: State[] = [newState()];
  const alphabet = new Set<string>();
  patterns.forEach((runs, pattern) => {
    const tokens: Token[] = ['"'];
    runs.forEach((run, i) => {
      if (i > 0) tokens.push(ANY);
      tokens.push(...run);
    });
    tokens.push('"');
    addPattern(states, alphabet, tokens, pattern);
  });
  return maxInPlay(states, alphabet, limit);
}

function newState(): State {
  return { patterns: new Set(), literal: new Map(), any: [], prefix: new Map() };
}

function stateAt(states: readonly State[], id: number): State {
  const state = states[id];
  if (state === undefined) throw new Error(`wildcard machine: no state ${id}`);
  return state;
}

function addPattern(states: State[], alphabet: Set<string>, tokens: readonly Token[], pattern: number): void {
  let current = 0;
  let beforeStar = -1;
  let shared = true;
  tokens.forEach((token, i) => {
    const from = stateAt(states, current);
    const last = i === tokens.length - 1;
    let next: number | undefined;
    if (token === ANY) next = shared ? from.star : undefined;
    else if (shared && !last) next = from.prefix.get(token);
    const created = next === undefined;
    if (next === undefined) {
      next = states.length;
      states.push(newState());
      if (token === ANY && shared) from.star = next;
      else if (token !== ANY && shared && !last) from.prefix.set(token, next);
    }
    const to = stateAt(states, next);
    if (token === ANY) {
      shared = false;
      if (to.any.length === 0) {
        from.any.push(next);
        to.any.push(next);
      }
      beforeStar = current;
    } else {
      if (created || last) {
        alphabet.add(token);
        addLiteral(from, token, next);
        // A star can match nothing: what follows it is also reachable from just before it.
        if (tokens[i - 1] === ANY) addLiteral(stateAt(states, beforeStar), token, next);
      }
    }
    to.patterns.add(pattern);
    current = next;
  });
}

function addLiteral(state: State, token: string, next: number): void {
  const targets = state.literal.get(token);
  if (targets === undefined) state.literal.set(token, [next]);
  else if (!targets.includes(next)) targets.push(next);
}

function maxInPlay(states: readonly State[], alphabet: ReadonlySet<string>, limit: number): number {
  // One representative for every character no pattern spells out.
  const inputs: (string | undefined)[] = [...alphabet, undefined];
  const seen = new Set<string>();
  const pending: number[][] = [[0]];
  let max = 0;
  for (let active = pending.pop(); active !== undefined; active = pending.pop()) {
    for (const input of inputs) {
      const next = new Set<number>();
      for (const id of active) {
        const state = stateAt(states, id);
        for (const target of state.any) next.add(target);
        for (const target of input === undefined ? [] : (state.literal.get(input) ?? [])) next.add(target);
      }
      if (next.size === 0) continue;
      let inPlay = 0;
      for (const id of next) {
        const state = stateAt(states, id);
        inPlay += state.patterns.size;
        for (const star of state.any) if (!next.has(star)) inPlay += stateAt(states, star).patterns.size;
      }
      if (inPlay > limit) return inPlay;
      max = Math.max(max, inPlay);
      const key = [...next].sort((a, b) => a - b).join(',');
      // A machine with this many distinct input situations is too complex by any measure.
      if (seen.size > MAX_SITUATIONS) return limit + 1;
      if (!seen.has(key)) {
        seen.add(key);
        pending.push([...next]);
      }
    }
  }
  return max;
}
