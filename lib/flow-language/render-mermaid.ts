import { isJsonPath } from './catalog.ts';
import type { Condition, FlowAction, FlowDocument, ParameterValue } from './model.ts';

/** The console's name for each block, so diagrams read like the flow designer. */
const BLOCK_NAMES: Readonly<Record<string, string>> = {
  MessageParticipant: 'Play prompt',
  GetParticipantInput: 'Get customer input',
  InvokeLambdaFunction: 'Invoke Lambda',
  UpdateContactAttributes: 'Set contact attributes',
  Compare: 'Check contact attributes',
  CheckHoursOfOperation: 'Check hours of operation',
  CheckMetricData: 'Check queue status',
  GetMetricData: 'Get queue metrics',
  UpdateContactTargetQueue: 'Set working queue',
  TransferContactToQueue: 'Transfer to queue',
  DequeueContactAndTransferToQueue: 'Transfer to queue',
  UpdateContactTextToSpeechVoice: 'Set voice',
  UpdateContactData: 'Set contact data',
  UpdateContactEventHooks: 'Set event hook',
  UpdateFlowLoggingBehavior: 'Set logging behavior',
  UpdateContactRecordingBehavior: 'Set recording behavior',
  UpdateContactRoutingBehavior: 'Change routing priority',
  UpdateContactCallbackNumber: 'Set callback number',
  CreateCallbackContact: 'Create callback',
  TransferToFlow: 'Transfer to flow',
  InvokeFlowModule: 'Invoke module',
  Loop: 'Loop',
  DistributeByPercentage: 'Distribute by percentage',
  MessageParticipantIteratively: 'Loop prompts',
  Wait: 'Wait',
  ConnectParticipantWithLexBot: 'Get customer input (Lex)',
  GetCustomerProfile: 'Customer profiles',
  DisconnectParticipant: 'Disconnect',
  EndFlowExecution: 'End flow',
  EndFlowModuleExecution: 'Return',
};

const OPERATOR_SIGNS: Readonly<Record<string, string>> = {
  Equals: '',
  NumberGreaterThan: '> ',
  NumberGreaterOrEqualTo: '≥ ',
  NumberLessThan: '< ',
  NumberLessOrEqualTo: '≤ ',
  TextStartsWith: 'starts with ',
  TextEndsWith: 'ends with ',
  TextContains: 'contains ',
  KeyExists: 'has ',
};

export interface RenderOptions {
  /** Longest detail text on a block before it is cut with "…". @default 60 */
  readonly maxLabel?: number;
}

/**
 * A Mermaid flowchart of a flow: each block named as in the console with its key parameter
 * (prompt text, Lambda function, queue, attribute keys), conditions on solid edges, error
 * branches as dashed edges. Deterministic: the same flow always renders the same text.
 */
export function renderMermaid(flow: FlowDocument, options: RenderOptions = {}): string {
  const max = options.maxLabel ?? 60;
  const ids = new Map(flow.Actions.map((a, i) => [a.Identifier, `n${i}`]));
  const node = (id: string) =>
    ids.get(id) ?? `missing_${[...id].map((c) => c.charCodeAt(0).toString(36)).join('')}`;
  const lines = ['flowchart TD', '  start(((Start)))'];

  for (const action of flow.Actions) {
    lines.push(`  ${node(action.Identifier)}${shape(action, label(action, max))}`);
  }
  if (ids.has(flow.StartAction)) lines.push(`  start --> ${node(flow.StartAction)}`);
  for (const action of flow.Actions) {
    const from = node(action.Identifier);
    const t = action.Transitions ?? {};
    for (const c of t.Conditions ?? []) {
      lines.push(`  ${from} -->|${quote(conditionLabel(c.Condition))}| ${node(c.NextAction)}`);
    }
    if (t.NextAction !== undefined) {
      const label = t.Conditions?.length ? '|default|' : '';
      lines.push(`  ${from} -->${label} ${node(t.NextAction)}`);
    }
    for (const e of t.Errors ?? []) {
      lines.push(`  ${from} -.->|${quote(e.ErrorType)}| ${node(e.NextAction)}`);
    }
  }
  for (const [id, n] of [...new Set(flow.Actions.flatMap(targets))]
    .filter((t) => !ids.has(t))
    .map((t) => [t, node(t)])) {
    lines.push(`  ${n}{{${quote(`missing: ${id}`)}}}`);
  }
  lines.push('  classDef terminal fill:#eee,stroke:#999');
  const terminals = flow.Actions.filter((a) =>
    ['DisconnectParticipant', 'EndFlowExecution', 'EndFlowModuleExecution'].includes(a.Type),
  );
  if (terminals.length) lines.push(`  class ${terminals.map((a) => node(a.Identifier)).join(',')} terminal`);
  return `${lines.join('\n')}\n`;
}

function targets(action: FlowAction): string[] {
  const t = action.Transitions ?? {};
  return [
    ...(t.NextAction !== undefined ? [t.NextAction] : []),
    ...(t.Conditions ?? []).map((c) => c.NextAction),
    ...(t.Errors ?? []).map((e) => e.NextAction),
  ];
}

function shape(action: FlowAction, text: string): string {
  const q = quote(text);
  switch (action.Type) {
    case 'DisconnectParticipant':
    case 'EndFlowExecution':
    case 'EndFlowModuleExecution':
      return `([${q}])`;
    case 'Compare':
    case 'CheckHoursOfOperation':
    case 'CheckMetricData':
    case 'Loop':
    case 'DistributeByPercentage':
      return `{${q}}`;
    default:
      return `[${q}]`;
  }
}

function label(action: FlowAction, max: number): string {
  const name = BLOCK_NAMES[action.Type] ?? action.Type;
  const detail = cut(detailOf(action), max);
  return detail ? `${name}<br/>${detail}` : name;
}

function detailOf(action: FlowAction): string {
  const p = action.Parameters ?? {};
  const text = (v: ParameterValue | undefined) => (typeof v === 'string' ? v : '');
  switch (action.Type) {
    case 'MessageParticipant':
    case 'GetParticipantInput':
    case 'ConnectParticipantWithLexBot':
      return text(p.Text) || stripSsml(text(p.SSML)) || (p.PromptId ? 'recorded prompt' : '');
    case 'InvokeLambdaFunction':
      return text(p.LambdaFunctionARN).split(':').pop() ?? '';
    case 'UpdateContactAttributes':
      return Object.keys((p.Attributes as Record<string, unknown>) ?? {}).join(', ');
    case 'Compare':
      return text(p.ComparisonValue);
    case 'CheckMetricData':
      return text(p.MetricType);
    case 'UpdateContactTargetQueue':
    case 'DequeueContactAndTransferToQueue':
    case 'CreateCallbackContact':
      return lastSegment(text(p.QueueId) || text(p.AgentId));
    case 'UpdateContactEventHooks':
      return Object.keys((p.EventHooks as Record<string, unknown>) ?? {}).join(', ');
    case 'UpdateContactTextToSpeechVoice':
      return [text(p.TextToSpeechVoice), text(p.TextToSpeechEngine)].filter(Boolean).join(' ');
    case 'UpdateContactData':
      return text(p.LanguageCode);
    case 'UpdateContactRoutingBehavior':
      return p.QueuePriority ? `priority ${text(p.QueuePriority)}` : '';
    case 'UpdateContactCallbackNumber':
      return text(p.CallbackNumber);
    case 'Loop':
      return `${text(p.LoopCount)} times`;
    case 'TransferToFlow':
      return lastSegment(text(p.ContactFlowId));
    case 'InvokeFlowModule':
      return lastSegment(text(p.FlowModuleId));
    case 'UpdateFlowLoggingBehavior':
      return text(p.FlowLoggingBehavior);
    default:
      return '';
  }
}

function conditionLabel(c: Condition): string {
  return `${OPERATOR_SIGNS[c.Operator] ?? `${c.Operator} `}${c.Operands.join(', ')}`;
}

function lastSegment(value: string): string {
  return isJsonPath(value) ? value : (value.split('/').pop() ?? value);
}

function stripSsml(ssml: string): string {
  return ssml
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function cut(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/** Mermaid text in double quotes: quotes and markup-breaking characters as entities. */
function quote(text: string): string {
  const escaped = text.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
  return `"${escaped.replace(/#lt;br\/#gt;/g, '<br/>')}"`;
}
