import type { ConditionTransition, FlowAction, FlowType, ParameterValue } from '../model.ts';

/**
 * The building blocks of action rules: a finding, parameter checks and condition checks that
 * several actions share. An action's own module combines them; nothing here knows an action type.
 */

/** A problem an action-specific check found; the validator adds the action and its path. */
export interface SpecIssue {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** Relative to the action: `Parameters.Text`, `Transitions.Conditions[1]`. */
  readonly path: string;
  readonly message: string;
}

export const issue = (
  rule: string,
  path: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
): SpecIssue => ({ rule, severity, path, message });

// ---------------------------------------------------------------- flow types and errors

export const INBOUND: FlowType = 'CONTACT_FLOW';
export const TRANSFER: readonly FlowType[] = ['AGENT_TRANSFER', 'QUEUE_TRANSFER'];
export const WHISPER: readonly FlowType[] = ['CUSTOMER_WHISPER', 'AGENT_WHISPER', 'OUTBOUND_WHISPER'];
export const HOLD: readonly FlowType[] = ['CUSTOMER_HOLD', 'AGENT_HOLD'];
export const QUEUE: FlowType = 'CUSTOMER_QUEUE';
export const MODULE: FlowType = 'MODULE';

/** These flow types, and modules (a module accepts every action: its caller's type decides). */
export const types = (...groups: (FlowType | readonly FlowType[])[]): readonly FlowType[] => [
  ...groups.flat(),
  MODULE,
];

export const only =
  (...errors: string[]) =>
  () =>
    errors;
export const NO_ERRORS = only();

// ---------------------------------------------------------------- values

export function isJsonPath(value: unknown): boolean {
  // `$.Attributes.tier`, and the bracket form for keys with spaces: `$.Attributes.['first name']`.
  return typeof value === 'string' && /^\$\.(?:\['[^']*'\]|[^\s'])+$/.test(value);
}

export function param(action: FlowAction, name: string): ParameterValue | undefined {
  return action.Parameters[name];
}

export function objectAt(value: ParameterValue | undefined): Record<string, ParameterValue> | undefined {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, ParameterValue>)
    : undefined;
}

export const text = (value: ParameterValue | undefined): string => (typeof value === 'string' ? value : '');

// ---------------------------------------------------------------- parameter checks

export function required(action: FlowAction, ...names: string[]): SpecIssue[] {
  return names
    .filter((n) => param(action, n) === undefined)
    .map((n) => issue('parameters/required', `Parameters.${n}`, `${action.Type} needs Parameters.${n}`));
}

export function exactlyOne(action: FlowAction, names: readonly string[], what: string): SpecIssue[] {
  const present = names.filter((n) => param(action, n) !== undefined);
  if (present.length === 1) return [];
  return [
    issue(
      'parameters/exclusive',
      'Parameters',
      present.length === 0
        ? `${action.Type} needs exactly one ${what}: one of ${names.join(', ')}`
        : `${action.Type} takes exactly one ${what}, found ${present.join(' and ')}: keep one`,
    ),
  ];
}

export function atMostOne(action: FlowAction, names: readonly string[]): SpecIssue[] {
  const present = names.filter((n) => param(action, n) !== undefined);
  return present.length > 1
    ? [
        issue(
          'parameters/exclusive',
          'Parameters',
          `${action.Type} takes ${names.join(' or ')}, not both: keep one`,
        ),
      ]
    : [];
}

/** A whole number in [min, max], or (with `allowJsonPath`) a single JSONPath. */
export function range(
  action: FlowAction,
  name: string,
  min: number,
  max: number,
  options: { allowJsonPath?: boolean; path?: string; value?: ParameterValue | undefined } = {},
): SpecIssue[] {
  const value = 'value' in options ? options.value : param(action, name);
  const path = options.path ?? `Parameters.${name}`;
  if (value === undefined) return [];
  if (options.allowJsonPath && isJsonPath(value)) return [];
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return [];
  return [
    issue(
      'parameters/range',
      path,
      `${name} must be a whole number from ${min} to ${max}${options.allowJsonPath ? ' or one JSONPath' : ' (static)'}, got ${JSON.stringify(value)}`,
    ),
  ];
}

/** A whole number above 0, written statically: a limit the reference gives no maximum for. */
export function positiveWhole(action: FlowAction, name: string): SpecIssue[] {
  const value = param(action, name);
  if (value === undefined || (typeof value === 'string' && /^\d+$/.test(value) && Number(value) > 0))
    return [];
  return [
    issue(
      'parameters/range',
      `Parameters.${name}`,
      `${name} must be a whole number of seconds above 0 (static), got ${JSON.stringify(value)}`,
    ),
  ];
}

/** One of a fixed set (a JSONPath is accepted when `allowJsonPath`: its value is known at run time only). */
export function oneOf(
  action: FlowAction,
  name: string,
  allowed: readonly string[],
  options: { allowJsonPath?: boolean } = {},
): SpecIssue[] {
  const value = param(action, name);
  if (value === undefined || (options.allowJsonPath && isJsonPath(value))) return [];
  return typeof value === 'string' && allowed.includes(value)
    ? []
    : [
        issue(
          'parameters/enum',
          `Parameters.${name}`,
          `${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
        ),
      ];
}

export const PROMPTS = ['Text', 'SSML', 'PromptId'] as const;

/**
 * A prompt is one of Text, SSML, PromptId (or Media): the reference says each "may not be
 * specified if" another is, so two is an error; none plays nothing, which is a warning.
 */
export function promptRules(action: FlowAction): SpecIssue[] {
  const present = [...PROMPTS, 'Media'].filter((n) => param(action, n) !== undefined);
  if (present.length === 1) return [];
  return present.length === 0
    ? [
        issue(
          'parameters/exclusive',
          'Parameters',
          `${action.Type} has no prompt: give one of Text, SSML, PromptId`,
          'warning',
        ),
      ]
    : [
        issue(
          'parameters/exclusive',
          'Parameters',
          `${action.Type} takes one prompt, found ${present.join(' and ')}: keep one`,
        ),
      ];
}

/** SSML and recorded prompts play on voice only: a warning in a flow said to serve another channel. */
export function voiceOnlyPrompt(action: FlowAction, channels: readonly string[] | undefined): SpecIssue[] {
  if (!channels?.some((c) => c !== 'VOICE')) return [];
  return ['SSML', 'PromptId']
    .filter((p) => param(action, p) !== undefined)
    .map((p) =>
      issue(
        'channel/voice-only',
        `Parameters.${p}`,
        `${p} plays on voice only: a chat contact gets nothing. Use Text, or branch on $.Channel first`,
        'warning',
      ),
    );
}

// ---------------------------------------------------------------- condition checks

export function operands(c: ConditionTransition): readonly string[] {
  return c.Condition.Operands;
}

/** Every condition is `Equals` one of `allowed`, each value once. */
export function equalsSet(
  conditions: readonly ConditionTransition[],
  action: FlowAction,
  allowed: readonly string[] | RegExp,
  what: string,
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seen = new Set<string>();
  conditions.forEach((c, i) => {
    const path = `Transitions.Conditions[${i}]`;
    const value = operands(c)[0] ?? '';
    if (c.Condition.Operator !== 'Equals') {
      issues.push(
        issue(
          'conditions/operator',
          `${path}.Condition.Operator`,
          `${action.Type} conditions use Equals, got ${c.Condition.Operator}`,
        ),
      );
    }
    const ok = Array.isArray(allowed) ? allowed.includes(value) : (allowed as RegExp).test(value);
    if (!ok)
      issues.push(
        issue(
          'conditions/operands',
          `${path}.Condition.Operands`,
          `${action.Type} compares ${what}, got ${JSON.stringify(value)}`,
        ),
      );
    if (seen.has(value)) {
      issues.push(
        issue(
          'conditions/duplicate',
          path,
          `${JSON.stringify(value)} is already a condition of this action: each may appear once`,
        ),
      );
    }
    seen.add(value);
  });
  return issues;
}

/** Each of `needed` has an `Equals` condition. */
export function requireEach(
  conditions: readonly ConditionTransition[],
  action: FlowAction,
  needed: readonly string[],
): SpecIssue[] {
  const present = new Set(conditions.map((c) => operands(c)[0]));
  return needed
    .filter((n) => !present.has(n))
    .map((n) =>
      issue('conditions/required', 'Transitions.Conditions', `${action.Type} needs a condition Equals ${n}`),
    );
}

/** A page of the flow language reference (Amazon Connect API Reference, "Flow language actions"). */
export const reference = (page: string): string =>
  `https://docs.aws.amazon.com/connect/latest/APIReference/${page}.html`;

/** The last part of an ARN or id (`…/queue/abc` → `abc`), a JSONPath as written. */
export function lastSegment(value: string): string {
  return isJsonPath(value) ? value : (value.split('/').pop() ?? value);
}

export function stripSsml(ssml: string): string {
  return ssml
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a prompt says, for a diagram: its text, its SSML's words, or that it is a recording. */
export function promptDetail(action: FlowAction): string {
  const p = action.Parameters;
  return text(p.Text) || stripSsml(text(p.SSML)) || (p.PromptId !== undefined ? 'recorded prompt' : '');
}

/**
 * Seconds a prompt takes to play: text at about 12 characters a second, plus the SSML's
 * <break time="…"/> pauses; a recording (its length is not in the flow) as `recordedSeconds`.
 */
export function playSeconds(
  prompt: Readonly<Record<string, ParameterValue>>,
  recordedSeconds: number,
): number {
  const ssml = text(prompt.SSML);
  const words = text(prompt.Text) || stripSsml(ssml);
  const pauses = [...ssml.matchAll(/<break\b[^>]*\btime\s*=\s*["'](\d+(?:\.\d+)?)(ms|s)["']/g)].reduce(
    (sum, [, n, unit]) => sum + Number(n) / (unit === 'ms' ? 1000 : 1),
    0,
  );
  if (!words && pauses === 0) return recordedSeconds;
  return Math.max(2, Math.ceil([...words].length / 12 + pauses));
}
