/**
 * The Amazon Connect flow language (version 2019-10-30): the JSON that `AWS::Connect::ContactFlow`
 * and `AWS::Connect::ContactFlowModule` take as `Content`. Plain types, no CDK or AWS SDK: the
 * builder, validator, simulator and renderer all work on these.
 */

export const FLOW_LANGUAGE_VERSION = '2019-10-30';

/** Flow types (`Type` of the resource); MODULE stands for a flow module. */
export const FLOW_TYPES = [
  'CONTACT_FLOW',
  'CUSTOMER_QUEUE',
  'CUSTOMER_HOLD',
  'CUSTOMER_WHISPER',
  'AGENT_HOLD',
  'AGENT_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
  'MODULE',
] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

export const CONDITION_OPERATORS = [
  'Equals',
  'TextStartsWith',
  'TextEndsWith',
  'TextContains',
  'NumberGreaterThan',
  'NumberGreaterOrEqualTo',
  'NumberLessThan',
  'NumberLessOrEqualTo',
  'KeyExists',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface Condition {
  readonly Operator: ConditionOperator;
  readonly Operands: readonly string[];
}

export interface ConditionTransition {
  readonly NextAction: string;
  readonly Condition: Condition;
}

export interface ErrorTransition {
  readonly ErrorType: string;
  readonly NextAction: string;
}

export interface Transitions {
  readonly NextAction?: string;
  readonly Errors?: readonly ErrorTransition[];
  readonly Conditions?: readonly ConditionTransition[];
}

/** A parameter value: strings (scalars are strings), nested objects and arrays of them. */
export type ParameterValue = string | { readonly [key: string]: ParameterValue } | readonly ParameterValue[];
export type Parameters = { readonly [key: string]: ParameterValue };

export interface FlowAction {
  readonly Identifier: string;
  readonly Type: string;
  readonly Parameters: Parameters;
  readonly Transitions: Transitions;
}

/** The `Settings` block only flow modules carry. */
export interface ModuleSettings {
  readonly InputParameters: readonly unknown[];
  readonly OutputParameters: readonly unknown[];
  readonly Transitions: readonly {
    readonly ReferenceName: string;
    readonly DisplayName?: string;
    readonly Description?: string;
  }[];
}

export interface FlowDocument {
  readonly Version: string;
  readonly StartAction: string;
  readonly Metadata?: Record<string, unknown>;
  readonly Actions: readonly FlowAction[];
  readonly Settings?: ModuleSettings;
}

/** `Metadata.type` as the console writes it in exports, and the flow type it stands for. */
const METADATA_TYPES: Readonly<Record<string, FlowType>> = {
  contactFlow: 'CONTACT_FLOW',
  customerQueue: 'CUSTOMER_QUEUE',
  customerHold: 'CUSTOMER_HOLD',
  customerWhisper: 'CUSTOMER_WHISPER',
  agentHold: 'AGENT_HOLD',
  agentWhisper: 'AGENT_WHISPER',
  outboundWhisper: 'OUTBOUND_WHISPER',
  agentTransfer: 'AGENT_TRANSFER',
  queueTransfer: 'QUEUE_TRANSFER',
};

/**
 * The flow type a document says it is, when it says: a console export's `Metadata.type`
 * (`"customerQueue"`), or a module's `Settings`.
 */
export function declaredFlowType(flow: {
  readonly Metadata?: unknown;
  readonly Settings?: unknown;
}): FlowType | undefined {
  const type = (flow.Metadata as { type?: unknown } | undefined)?.type;
  if (typeof type === 'string' && METADATA_TYPES[type]) return METADATA_TYPES[type];
  return flow.Settings !== undefined ? 'MODULE' : undefined;
}

/** The documented limits of a flow document. */
export const FLOW_LIMITS = {
  minActions: 1,
  maxActions: 250,
  maxContentCharacters: 256_000,
  maxIdentifierLength: 50,
} as const;

/** Scalars as the flow language writes them: strings ("8", "True"); anything else (NaN, null, an object) goes to `onBad`. */
export function scalar(value: unknown, onBad: () => never): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return onBad();
}
