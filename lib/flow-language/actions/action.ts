import type { ConditionTransition, FlowAction, FlowType } from '../model.ts';
import type { FlowRuntime, Step } from '../simulation-model.ts';
import type { SpecIssue } from './rules.ts';

export type Channel = 'VOICE' | 'CHAT' | 'TASK' | 'EMAIL';
export type ConditionMode = 'none' | 'optional' | 'required';

/** What the validator knows about the flow being checked, for rules that depend on it. */
export interface CheckContext {
  readonly flowType: FlowType;
  /** The channels the flow serves, when the caller said (`--channels`); undefined: unknown. */
  readonly channels: readonly Channel[] | undefined;
}

/**
 * Everything about one action type of the flow language, in one place: its rules (parameters,
 * branches, errors, flow types, channels), how the simulator runs it and how the renderer draws it.
 * Every rule that gives an error names its source in the action's module.
 */
export interface ActionDefinition {
  /** The `Type` in flow-language JSON. */
  readonly type: string;
  /** The console's block name, so diagrams read like the flow designer. */
  readonly block: string;
  /** The reference page the rules come from. */
  readonly source: string;
  /** Ends the flow: no NextAction (and, in exports, `Parameters {}` and `Transitions {}`). */
  readonly terminal?: boolean;
  /**
   * Error types the action may declare (given its mode): the documented ones and NoMatchingError,
   * which exports from working instances declare even where the reference lists no errors.
   */
  readonly errors: (action: FlowAction) => readonly string[];
  /** The reference gives no error list (a type known from console blocks only): any is accepted. */
  readonly errorsUndocumented?: boolean;
  /** Parameters that hold another document (a view's data): flow-language value rules skip them. */
  readonly opaqueParameters?: readonly string[];
  /**
   * Errors real contacts hit routinely (a timeout, a full queue, a failing function): a missing
   * branch for one of these is a warning. @default none
   */
  readonly likelyErrors?: (action: FlowAction) => readonly string[];
  /** Error types it must declare. */
  readonly requiredErrors?: (action: FlowAction) => readonly string[];
  /** Error types the service rejects although they look plausible, with the reason. */
  readonly forbiddenErrors?: (action: FlowAction) => readonly { errorType: string; why: string }[];
  /** Whether the action takes conditions. */
  readonly conditions: ConditionMode | ((action: FlowAction) => ConditionMode);
  /** Action-specific checks of conditions (operators, operands, required sets). */
  readonly checkConditions?: (conditions: readonly ConditionTransition[], action: FlowAction) => SpecIssue[];
  /** Whether it may have no NextAction (and no transitions at all) although not terminal. */
  readonly nextOptional?: (action: FlowAction, context: CheckContext) => boolean;
  /** Flow types that accept it; absent means every type. Modules accept every action. */
  readonly flowTypes?: readonly FlowType[];
  /** Only works on these channels (a warning where the flow serves another). */
  readonly channels?: readonly Channel[];
  /** Action-specific parameter checks. */
  readonly parameters?: (action: FlowAction, context: CheckContext) => SpecIssue[];
  /** Runs it for a simulated contact. */
  readonly run: (action: FlowAction, runtime: FlowRuntime) => Step | Promise<Step>;
  /** How a diagram draws it: a decision diamond, a terminal pill, or (default) a box. */
  readonly shape?: 'decision' | 'terminal';
  /** The key parameter a diagram shows under the block name (prompt text, function, queue). */
  readonly detail?: (action: FlowAction) => string;
}

export function defineAction(definition: ActionDefinition): ActionDefinition {
  return definition;
}

/** The run of an action with no effect the simulation models: it goes on to its NextAction. */
export const goOn = (action: FlowAction, runtime: FlowRuntime): Step => runtime.next(action);

/** The run of an action whose effect is worth a line in the transcript, then its NextAction. */
export const noting =
  (what: (action: FlowAction, runtime: FlowRuntime) => string) =>
  (action: FlowAction, runtime: FlowRuntime): Step => {
    runtime.emit({ type: 'note', action: action.Identifier, text: what(action, runtime) });
    return runtime.next(action);
  };

/** A note in the transcript for an action with an effect outside the contact's path. */
export const note = (action: FlowAction, runtime: FlowRuntime, text: string): void =>
  runtime.emit({ type: 'note', action: action.Identifier, text });
