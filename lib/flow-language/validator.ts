import type { Channel, CheckContext } from './actions/action.ts';
import {
  type ActionDefinition,
  actionDefinition,
  JSONPATH_ROOTS,
  MISSPELLED_TYPES,
  type SpecIssue,
} from './catalog.ts';
import {
  CONDITION_OPERATORS,
  declaredFlowType,
  FLOW_LANGUAGE_VERSION,
  FLOW_LIMITS,
  type FlowAction,
  type FlowDocument,
  type FlowType,
} from './model.ts';
import { normalizeFlow } from './normalize.ts';

export type Severity = 'error' | 'warning';

/** One finding: which rule, how bad, where (action and JSON path), and how to fix it. */
export interface Diagnostic {
  readonly rule: string;
  readonly severity: Severity;
  /** Identifier of the action, when the finding is about one. */
  readonly action?: string;
  /** JSON path into the document, e.g. `$.Actions[3].Parameters.Text`. */
  readonly path: string;
  readonly message: string;
}

export interface ValidateOptions {
  /** @default the type the document declares (a console export's Metadata.type; MODULE with Settings), else CONTACT_FLOW */
  readonly flowType?: FlowType;
  /**
   * The channels contacts reach this flow on. Given, an action (or a prompt) one of them cannot
   * run is a warning. @default unknown: no channel warnings
   */
  readonly channels?: readonly Channel[];
}

/** Every rule the validator applies, with what it checks (the README lists them). */
export const RULES: Readonly<Record<string, string>> = {
  'document/shape': 'the content is a flow-language document (Version, StartAction, Actions)',
  'document/version': 'Version is "2019-10-30"',
  'document/start-action': 'StartAction names an action',
  'document/action-count': 'a flow has 1 to 250 actions',
  'document/size': 'the content is at most 256,000 characters',
  'document/settings': 'modules carry a Settings block; other flows do not',
  'identifier/charset': 'identifiers avoid % : ( \\ / ) = $ , ; [ ] { }',
  'identifier/length': 'identifiers are 1 to 50 characters',
  'identifier/reserved': 'identifiers are not JavaScript object names (__proto__, constructor, ...)',
  'identifier/unique': 'every identifier is used once',
  'action/shape':
    'an action has an Identifier and a Type; Parameters and Transitions, when present, are objects',
  'action/unknown-type': 'the action type is one the validator knows (a warning: Connect adds types)',
  'action/misspelled-type': 'the type is spelled the way the service accepts',
  'transition/unresolved': 'every NextAction names an action',
  'transition/unreachable': 'every action can be reached from StartAction',
  'transition/terminal': 'terminal actions have no transitions or parameters',
  'transition/missing-next': 'every non-terminal action has a NextAction',
  'errors/unknown': 'an action declares only the error types it can raise',
  'errors/forbidden': 'error branches the service rejects for this action and mode are absent',
  'errors/required': 'error branches the service requires are declared',
  'errors/duplicate': 'each error type is declared once',
  'errors/missing-branch':
    'errors real contacts hit routinely (a timeout, a full queue, a failing function) have a branch (a warning: the contact is dropped otherwise)',
  'conditions/forbidden': 'actions that take no conditions have none',
  'conditions/required': 'actions that branch on conditions have them, with the required set',
  'conditions/operator': 'conditions use a supported operator (no And/Or/Not)',
  'conditions/operands': 'each condition has exactly one operand, of the kind the action compares',
  'conditions/duplicate': 'each condition value appears once',
  'parameters/required': 'required parameters are present',
  'parameters/exclusive': 'parameters that exclude each other are not combined (exactly one prompt, ...)',
  'parameters/forbidden': 'parameters of another mode are absent',
  'parameters/range': 'numbers are within their documented range',
  'parameters/enum': 'values are one of the allowed set',
  'parameters/case': 'values are written in the case the API expects',
  'parameters/jsonpath': 'parameters that must be a JSONPath are one',
  'parameters/attribute-key': 'attribute keys use letters, digits, - and _',
  'parameters/shape': 'structured parameters have their documented shape',
  'parameters/renamed': 'parameters use the name the API takes, not an outdated one',
  'parameters/empty-string': 'no parameter or operand is an empty string ("" is rejected; " " is accepted)',
  'parameters/not-string':
    'numbers are written as strings, as exports do (booleans too, except where the console writes them)',
  'parameters/unresolved-substitution': 'no CloudFormation ${...} placeholder is left in the content',
  'jsonpath/root':
    'JSONPath references start at a known root ($.Attributes, $.External, ...; a warning: Connect adds roots)',
  'jsonpath/index': 'JSONPath references do not index arrays (flows cannot)',
  'jsonpath/agent-outside-whisper': '$.Agent is read only in whisper and hold flows',
  'flow-type/action-not-allowed': 'the action is allowed in the flow type',
  'channel/voice-only': 'voice-only features are flagged in a flow said to serve chat too',
  'channel/chat-only': 'chat-only actions are flagged in a flow said to serve voice too',
};

const IDENTIFIER_FORBIDDEN = /[%:()\\/=$,;[\]{}]/;
const RESERVED = new Set([
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'prototype',
]);

/**
 * Validates flow-language content against every rule in RULES. Accepts the parsed JSON (unknown)
 * so that a document of the wrong shape gets diagnostics rather than a crash.
 */
export function validateFlow(content: unknown, options: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (d: Diagnostic) => out.push(d);

  if (!isFlowShaped(content)) {
    add({
      rule: 'document/shape',
      severity: 'error',
      path: '$',
      message:
        'not a flow-language document: expected an object with Version, StartAction and Actions[] (a legacy console export with "modules" cannot be deployed)',
    });
    return out;
  }
  const flow = normalizeFlow(content as FlowDocument);
  const flowType = options.flowType ?? declaredFlowType(flow) ?? 'CONTACT_FLOW';

  checkDocument(flow, flowType, add);
  const valid = new Set(flow.Actions.filter((a, i) => checkActionShape(a, i, add)));
  // Later rules read only actions of a sound structure; the others already have their diagnostic.
  const sound: FlowDocument = { ...flow, Actions: flow.Actions.map((a) => (valid.has(a) ? a : PLACEHOLDER)) };
  const ids = checkIdentifiers(sound, add);
  for (const a of flow.Actions) {
    const id = (a as { Identifier?: unknown } | null)?.Identifier;
    if (typeof id === 'string') ids.add(id);
  }
  checkTransitions(sound, ids, add);
  sound.Actions.forEach((action, index) => {
    if (action !== PLACEHOLDER) checkAction(action, index, { flowType, channels: options.channels }, add);
  });
  return out;
}

/** Stands in for a malformed action so indexes (and JSON paths) stay those of the document. */
const PLACEHOLDER: FlowAction = { Identifier: '\u0000malformed', Type: '', Parameters: {}, Transitions: {} };

/** Whether the document's structure is sound enough to render or simulate. */
export function hasShapeErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.rule === 'document/shape' || d.rule === 'action/shape');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

function isFlowShaped(content: unknown): boolean {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return false;
  const c = content as Record<string, unknown>;
  return Array.isArray(c.Actions) && 'StartAction' in c && 'Version' in c;
}

function checkDocument(flow: FlowDocument, flowType: FlowType, add: (d: Diagnostic) => void) {
  if (flow.Version !== FLOW_LANGUAGE_VERSION) {
    add({
      rule: 'document/version',
      severity: 'error',
      path: '$.Version',
      message: `Version must be "${FLOW_LANGUAGE_VERSION}", got ${JSON.stringify(flow.Version)}`,
    });
  }
  const n = flow.Actions.length;
  if (n < FLOW_LIMITS.minActions || n > FLOW_LIMITS.maxActions) {
    add({
      rule: 'document/action-count',
      severity: 'error',
      path: '$.Actions',
      message: `a flow has ${FLOW_LIMITS.minActions} to ${FLOW_LIMITS.maxActions} actions, this one ${n}${n > FLOW_LIMITS.maxActions ? ': split it with TransferToFlow or modules' : ''}`,
    });
  }
  if (!flow.Actions.some((a) => a?.Identifier === flow.StartAction)) {
    add({
      rule: 'document/start-action',
      severity: 'error',
      path: '$.StartAction',
      message: `StartAction ${JSON.stringify(flow.StartAction)} is not the Identifier of any action`,
    });
  }
  const size = JSON.stringify(flow).length;
  if (size > FLOW_LIMITS.maxContentCharacters) {
    add({
      rule: 'document/size',
      severity: 'error',
      path: '$',
      message: `the content is ${size.toLocaleString('en-US')} characters, over the ${FLOW_LIMITS.maxContentCharacters.toLocaleString('en-US')} limit: drop Metadata or split the flow`,
    });
  }
  if (flowType === 'MODULE' && flow.Settings === undefined) {
    add({
      rule: 'document/settings',
      severity: 'error',
      path: '$.Settings',
      message:
        'a flow module needs Settings {InputParameters, OutputParameters, Transitions:[{ReferenceName:"Success"},{ReferenceName:"Error"}]}',
    });
  }
  if (flowType !== 'MODULE' && flow.Settings !== undefined) {
    add({
      rule: 'document/settings',
      severity: 'error',
      path: '$.Settings',
      message: `a ${flowType} flow must not carry Settings (only modules do): remove it, or validate as --type MODULE`,
    });
  }
}

function checkActionShape(
  action: unknown,
  index: number,
  add: (d: Diagnostic) => void,
): action is FlowAction {
  const problem = actionShapeProblem(action);
  if (problem) {
    const id = (action as { Identifier?: unknown } | null)?.Identifier;
    add({
      rule: 'action/shape',
      severity: 'error',
      ...(typeof id === 'string' ? { action: id } : {}),
      path: `$.Actions[${index}]${problem.path}`,
      message: problem.message,
    });
  }
  return problem === undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** What is wrong with the structure of an action, if anything (checked before any rule reads it). */
function actionShapeProblem(action: unknown): { path: string; message: string } | undefined {
  if (!isObject(action))
    return {
      path: '',
      message: 'an action must be an object with Identifier, Type, Parameters and Transitions',
    };
  if (typeof action.Identifier !== 'string' || typeof action.Type !== 'string') {
    return { path: '', message: 'an action needs Identifier and Type, both strings' };
  }
  // Absent Parameters or Transitions mean {} (API-created flows leave them out); normalizeFlow fills them in.
  if (!isObject(action.Parameters))
    return { path: '.Parameters', message: 'Parameters must be an object ({} when empty), or left out' };
  const t = action.Transitions;
  if (!isObject(t))
    return { path: '.Transitions', message: 'Transitions must be an object ({} when empty), or left out' };
  if (t.NextAction !== undefined && typeof t.NextAction !== 'string') {
    return {
      path: '.Transitions.NextAction',
      message: 'NextAction must be the Identifier (a string) of an action',
    };
  }
  if (t.Errors !== undefined) {
    if (!Array.isArray(t.Errors))
      return { path: '.Transitions.Errors', message: 'Errors must be an array of {ErrorType, NextAction}' };
    const i = t.Errors.findIndex(
      (e) => !isObject(e) || typeof e.ErrorType !== 'string' || typeof e.NextAction !== 'string',
    );
    if (i >= 0)
      return {
        path: `.Transitions.Errors[${i}]`,
        message: 'each error branch is {ErrorType, NextAction} with string values',
      };
  }
  if (t.Conditions !== undefined) {
    if (!Array.isArray(t.Conditions)) {
      return {
        path: '.Transitions.Conditions',
        message: 'Conditions must be an array of {NextAction, Condition:{Operator, Operands}}',
      };
    }
    const i = t.Conditions.findIndex(
      (c) =>
        !isObject(c) ||
        typeof c.NextAction !== 'string' ||
        !isObject(c.Condition) ||
        typeof c.Condition.Operator !== 'string' ||
        !Array.isArray(c.Condition.Operands) ||
        !c.Condition.Operands.every((o) => typeof o === 'string'),
    );
    if (i >= 0) {
      return {
        path: `.Transitions.Conditions[${i}]`,
        message: 'each condition is {NextAction, Condition:{Operator, Operands:[string]}}',
      };
    }
  }
  return undefined;
}

function checkIdentifiers(flow: FlowDocument, add: (d: Diagnostic) => void): Set<string> {
  const seen = new Set<string>();
  flow.Actions.forEach((action, i) => {
    const id = action?.Identifier;
    if (typeof id !== 'string' || action === PLACEHOLDER) return;
    const path = `$.Actions[${i}].Identifier`;
    if (id.length < 1 || id.length > FLOW_LIMITS.maxIdentifierLength) {
      add({
        rule: 'identifier/length',
        severity: 'error',
        action: id,
        path,
        message: `identifier must be 1-${FLOW_LIMITS.maxIdentifierLength} characters, this one has ${id.length}`,
      });
    }
    const bad = id.match(IDENTIFIER_FORBIDDEN);
    if (bad) {
      add({
        rule: 'identifier/charset',
        severity: 'error',
        action: id,
        path,
        message: `identifier ${JSON.stringify(id)} contains "${bad[0]}"; none of % : ( \\ / ) = $ , ; [ ] { } may appear`,
      });
    }
    if (RESERVED.has(id)) {
      add({
        rule: 'identifier/reserved',
        severity: 'error',
        action: id,
        path,
        message: `identifier ${JSON.stringify(id)} is a reserved name; choose another`,
      });
    }
    if (seen.has(id)) {
      add({
        rule: 'identifier/unique',
        severity: 'error',
        action: id,
        path,
        message: `identifier ${JSON.stringify(id)} is used by more than one action`,
      });
    }
    seen.add(id);
  });
  return seen;
}

function targetsOf(action: FlowAction): { target: string; path: string }[] {
  const t = action.Transitions ?? {};
  return [
    ...(t.NextAction !== undefined ? [{ target: t.NextAction, path: 'Transitions.NextAction' }] : []),
    ...(t.Errors ?? []).map((e, i) => ({
      target: e?.NextAction,
      path: `Transitions.Errors[${i}].NextAction`,
    })),
    ...(t.Conditions ?? []).map((c, i) => ({
      target: c?.NextAction,
      path: `Transitions.Conditions[${i}].NextAction`,
    })),
  ];
}

function checkTransitions(flow: FlowDocument, ids: Set<string>, add: (d: Diagnostic) => void) {
  const byId = new Map(
    flow.Actions.filter((a) => typeof a?.Identifier === 'string').map((a) => [a.Identifier, a]),
  );
  flow.Actions.forEach((action, i) => {
    if (!action?.Transitions) return;
    for (const { target, path } of targetsOf(action)) {
      if (typeof target !== 'string' || !ids.has(target)) {
        add({
          rule: 'transition/unresolved',
          severity: 'error',
          action: action.Identifier,
          path: `$.Actions[${i}].${path}`,
          message: `${path} points at ${JSON.stringify(target)}, which is not an action of this flow`,
        });
      }
    }
  });
  // Reachability from StartAction (unreachable blocks deploy, but are dead weight or a mistake).
  const reached = new Set<string>();
  const queue = byId.has(flow.StartAction) ? [flow.StartAction] : [];
  while (queue.length) {
    const id = queue.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    const action = byId.get(id);
    if (action?.Transitions)
      for (const { target } of targetsOf(action)) if (byId.has(target)) queue.push(target);
  }
  flow.Actions.forEach((action, i) => {
    if (
      action !== PLACEHOLDER &&
      typeof action?.Identifier === 'string' &&
      byId.has(flow.StartAction) &&
      !reached.has(action.Identifier)
    ) {
      add({
        rule: 'transition/unreachable',
        severity: 'warning',
        action: action.Identifier,
        path: `$.Actions[${i}]`,
        message: `no path from StartAction reaches this ${action.Type}: connect it or remove it`,
      });
    }
  });
}

function checkAction(action: FlowAction, index: number, context: CheckContext, add: (d: Diagnostic) => void) {
  const { flowType, channels } = context;
  const base = `$.Actions[${index}]`;
  const emit = (issue: SpecIssue) =>
    add({
      rule: issue.rule,
      severity: issue.severity,
      action: action.Identifier,
      path: `${base}.${issue.path}`,
      message: issue.message,
    });

  const opaque = actionDefinition(action.Type)?.opaqueParameters;
  const checked = opaque
    ? Object.fromEntries(Object.entries(action.Parameters).filter(([k]) => !opaque.includes(k)))
    : action.Parameters;
  checkScalars(checked, 'Parameters', emit);
  for (const [i, c] of (action.Transitions.Conditions ?? []).entries()) {
    for (const [j, operand] of (c?.Condition?.Operands ?? []).entries()) {
      if (operand === '') {
        emit({
          rule: 'parameters/empty-string',
          severity: 'error',
          path: `Transitions.Conditions[${i}].Condition.Operands[${j}]`,
          message: 'an empty operand is rejected; use " " if you mean a blank',
        });
      }
    }
  }
  checkJsonPaths(checked, flowType, emit);

  const misspelled = MISSPELLED_TYPES[action.Type];
  if (misspelled) {
    emit({
      rule: 'action/misspelled-type',
      severity: 'error',
      path: 'Type',
      message: `the service rejects ${action.Type}; it accepts ${misspelled}`,
    });
    return;
  }
  const spec = actionDefinition(action.Type);
  if (!spec) {
    emit({
      rule: 'action/unknown-type',
      severity: 'warning',
      path: 'Type',
      message: `unknown action type ${action.Type}: not checked beyond the document rules (new Connect feature, or a typo?)`,
    });
    checkConditionBasics(action, emit);
    return;
  }
  if (spec.flowTypes && !spec.flowTypes.includes(flowType)) {
    emit({
      rule: 'flow-type/action-not-allowed',
      severity: 'error',
      path: 'Type',
      message: `${action.Type} is not allowed in a ${flowType} flow (allowed in ${spec.flowTypes.filter((t) => t !== 'MODULE').join(', ')})`,
    });
  }
  // Only where the flow is said to serve a channel the action cannot run on: most flows serve one.
  const missed = (channels ?? []).filter((c) => spec.channels && !spec.channels.includes(c));
  if (spec.channels?.length === 1 && missed.length > 0) {
    const [channel] = spec.channels;
    emit({
      rule: channel === 'VOICE' ? 'channel/voice-only' : 'channel/chat-only',
      severity: 'warning',
      path: 'Type',
      message: `${action.Type} works on ${channel} only: this flow also serves ${missed.join(', ')}, so branch on $.Channel before it`,
    });
  }
  checkTerminal(action, spec, context, emit);
  checkErrors(action, spec, emit);
  checkConditions(action, spec, emit);
  for (const issue of spec.parameters?.(action, context) ?? []) emit(issue);
}

function checkTerminal(
  action: FlowAction,
  spec: ActionDefinition,
  context: CheckContext,
  emit: (i: SpecIssue) => void,
) {
  const t = action.Transitions;
  if (spec.terminal) {
    if (t.NextAction !== undefined || t.Errors?.length || t.Conditions?.length) {
      emit({
        rule: 'transition/terminal',
        severity: 'error',
        path: 'Transitions',
        message: `${action.Type} ends the flow: its Transitions must be {}`,
      });
    }
    if (Object.keys(action.Parameters).length > 0) {
      emit({
        rule: 'transition/terminal',
        severity: 'error',
        path: 'Parameters',
        message: `${action.Type} takes no parameters: Parameters must be {}`,
      });
    }
  } else if (t.NextAction === undefined && !spec.nextOptional?.(action, context)) {
    emit({
      rule: 'transition/missing-next',
      severity: 'error',
      path: 'Transitions.NextAction',
      message: `${action.Type} is not terminal: it needs a NextAction (the default path)`,
    });
  }
}

function checkErrors(action: FlowAction, spec: ActionDefinition, emit: (i: SpecIssue) => void) {
  const declared = action.Transitions.Errors ?? [];
  const allowed = spec.errors(action);
  const forbidden = new Map((spec.forbiddenErrors?.(action) ?? []).map((f) => [f.errorType, f.why]));
  const seen = new Set<string>();
  declared.forEach((e, i) => {
    const path = `Transitions.Errors[${i}].ErrorType`;
    if (seen.has(e.ErrorType)) {
      emit({
        rule: 'errors/duplicate',
        severity: 'error',
        path,
        message: `${e.ErrorType} is declared more than once`,
      });
    }
    seen.add(e.ErrorType);
    const why = forbidden.get(e.ErrorType);
    if (why) {
      emit({
        rule: 'errors/forbidden',
        severity: 'error',
        path,
        message: `${action.Type} must not declare ${e.ErrorType}: ${why}`,
      });
    } else if (!allowed.includes(e.ErrorType) && !spec.errorsUndocumented) {
      emit({
        rule: 'errors/unknown',
        severity: 'error',
        path,
        message: `${action.Type} cannot raise ${e.ErrorType}${allowed.length ? `; it can raise ${allowed.join(', ')}` : ' (it raises no errors): remove the branch'}`,
      });
    }
  });
  const required = spec.requiredErrors?.(action) ?? [];
  for (const r of required.filter((r) => !seen.has(r))) {
    emit({
      rule: 'errors/required',
      severity: 'error',
      path: 'Transitions.Errors',
      message: `${action.Type} must declare an ${r} branch`,
    });
  }
  const likely = spec.likelyErrors?.(action) ?? [];
  const missing = likely.filter((e) => allowed.includes(e) && !seen.has(e) && !required.includes(e));
  if (missing.length) {
    emit({
      rule: 'errors/missing-branch',
      severity: 'warning',
      path: 'Transitions.Errors',
      message: `no branch for ${missing.join(', ')}: if ${missing.length > 1 ? 'one happens' : 'it happens'} the contact leaves the flow (a caller is disconnected)`,
    });
  }
}

function checkConditionBasics(action: FlowAction, emit: (i: SpecIssue) => void) {
  (action.Transitions.Conditions ?? []).forEach((c, i) => {
    const path = `Transitions.Conditions[${i}].Condition`;
    const op = c?.Condition?.Operator as string | undefined;
    if (!op || !(CONDITION_OPERATORS as readonly string[]).includes(op)) {
      emit({
        rule: 'conditions/operator',
        severity: 'error',
        path: `${path}.Operator`,
        message: `operator ${JSON.stringify(op)} is not supported${op && ['And', 'Or', 'Not'].includes(op) ? ' (And/Or/Not are rejected: chain actions instead)' : ''}; use one of ${CONDITION_OPERATORS.join(', ')}`,
      });
    }
    if (!Array.isArray(c?.Condition?.Operands) || c.Condition.Operands.length !== 1) {
      emit({
        rule: 'conditions/operands',
        severity: 'error',
        path: `${path}.Operands`,
        message: 'a condition has exactly one operand',
      });
    }
  });
}

function checkConditions(action: FlowAction, spec: ActionDefinition, emit: (i: SpecIssue) => void) {
  const mode = typeof spec.conditions === 'function' ? spec.conditions(action) : spec.conditions;
  const conditions = action.Transitions.Conditions ?? [];
  if (mode === 'none' && conditions.length) {
    emit({
      rule: 'conditions/forbidden',
      severity: 'error',
      path: 'Transitions.Conditions',
      message: `${action.Type} takes no conditions${action.Type === 'GetParticipantInput' ? ' in store mode' : ''}: remove them`,
    });
    return;
  }
  if (mode === 'required' && !conditions.length) {
    emit({
      rule: 'conditions/required',
      severity: 'error',
      path: 'Transitions.Conditions',
      message: `${action.Type} branches on conditions: add at least one`,
    });
    return;
  }
  checkConditionBasics(action, emit);
  for (const issue of spec.checkConditions?.(conditions, action) ?? []) emit(issue);
}

function checkScalars(value: unknown, path: string, emit: (i: SpecIssue) => void) {
  if (value === '') {
    emit({
      rule: 'parameters/empty-string',
      severity: 'error',
      path,
      message: 'an empty string is rejected: leave the parameter out, or use " "',
    });
  } else if (typeof value === 'string') {
    if (value.includes('${') && /\$\{[^}]+\}/.test(value) && !isCdkToken(value)) {
      emit({
        rule: 'parameters/unresolved-substitution',
        severity: 'error',
        path,
        message: `${JSON.stringify(value)} holds a CloudFormation \${...} placeholder: substitute it (Fn::Sub) before deploying`,
      });
    }
  } else if (typeof value === 'number') {
    // Booleans are left alone: console exports write some as JSON booleans
    // (ConnectParticipantWithAgenticCX's AudioFillerConfiguration.Enabled).
    emit({
      rule: 'parameters/not-string',
      severity: 'warning',
      path,
      message: `write ${JSON.stringify(value)} as the string "${value}", as exports do`,
    });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) if (!plainString(v)) checkScalars(v, `${path}[${i}]`, emit);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '')
        emit({
          rule: 'parameters/empty-string',
          severity: 'error',
          path,
          message: 'an empty key is rejected',
        });
      // Most values are plain strings: no path is built for them (the CLI's start is measured).
      if (!plainString(v)) checkScalars(v, `${path}.${k}`, emit);
    }
  }
}

/** A string no scalar rule can flag: not empty, no `${`. */
function plainString(value: unknown): boolean {
  return typeof value === 'string' && value !== '' && !value.includes('${');
}

/** A CDK token (`${Token[TOKEN.123]}`) stands for a value resolved at deploy time (an ARN). */
export function isCdkToken(value: string): boolean {
  return /^\$\{Token\[[^\]]+\]\}$/.test(value);
}

/** The known root a misspelt one most likely means (case, a plural, a few letters off), if any. */
function closestRoot(root: string): string | undefined {
  const lower = root.toLowerCase();
  let best: { root: string; distance: number } | undefined;
  for (const known of JSONPATH_ROOTS) {
    const distance = editDistance(lower, known.toLowerCase());
    if (distance <= Math.max(1, Math.floor(known.length / 4)) && (!best || distance < best.distance)) {
      best = { root: known, distance };
    }
  }
  return best?.root;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

const REFERENCE = /\$\.([A-Za-z]+)((?:\.[A-Za-z0-9_-]+|\.\['[^']*'\]|\[[^\]]*\])*)/g;
const ROOTS = new Set<string>(JSONPATH_ROOTS);
/** Where $.Agent is set (the admin guide's attribute list): whisper and hold flows, and the agent transfer flow (the target agent). */
const AGENT_FLOWS: readonly FlowType[] = [
  'AGENT_TRANSFER',
  'AGENT_WHISPER',
  'CUSTOMER_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_HOLD',
  'CUSTOMER_HOLD',
  'MODULE',
];

/** Whether a value may hold a JSONPath reference (an object or array may, a string only with `$.`). */
function mayReference(value: unknown): boolean {
  return typeof value === 'string' ? value.includes('$.') : value !== null && typeof value === 'object';
}

function checkJsonPaths(
  parameters: FlowAction['Parameters'],
  flowType: FlowType,
  emit: (i: SpecIssue) => void,
) {
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (!value.includes('$.')) return;
      for (const m of value.matchAll(REFERENCE)) {
        const [whole, root = '', rest = ''] = m;
        if (!ROOTS.has(root)) {
          const close = closestRoot(root);
          emit({
            rule: 'jsonpath/root',
            severity: 'warning',
            path,
            message: `${whole} starts at an unknown root $.${root}${
              close
                ? `: did you mean $.${close}?`
                : `; known roots: ${JSONPATH_ROOTS.slice(0, 12)
                    .map((r) => `$.${r}`)
                    .join(', ')}, ...`
            }`,
          });
        }
        if (/\[\s*\d+\s*\]/.test(rest)) {
          emit({
            rule: 'jsonpath/index',
            severity: 'error',
            path,
            message: `${whole} indexes an array; flows cannot: have a Lambda return the element`,
          });
        }
        if (root === 'Agent' && !AGENT_FLOWS.includes(flowType)) {
          emit({
            rule: 'jsonpath/agent-outside-whisper',
            severity: 'warning',
            path,
            message: `${whole} is set only in whisper and hold flows; in a ${flowType} flow it is empty`,
          });
        }
      }
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) if (mayReference(v)) visit(v, `${path}[${i}]`);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('$.')) visit(k, `${path}.${k}`);
        if (mayReference(v)) visit(v, `${path}.${k}`);
      }
    }
  };
  visit(parameters, 'Parameters');
}
