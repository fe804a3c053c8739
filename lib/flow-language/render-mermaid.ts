import { actionDefinition } from './catalog.ts';
import type { Condition, FlowAction, FlowDocument } from './model.ts';
import { normalizeFlow } from './normalize.ts';

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
export function renderMermaid(document: FlowDocument, options: RenderOptions = {}): string {
  const flow = normalizeFlow(document);
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
  const terminals = flow.Actions.filter((a) => actionDefinition(a.Type)?.terminal);
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
  switch (actionDefinition(action.Type)?.shape) {
    case 'terminal':
      return `([${q}])`;
    case 'decision':
      return `{${q}}`;
    default:
      return `[${q}]`;
  }
}

/** The block as the console names it, with its key parameter; an unknown type by its type. */
function label(action: FlowAction, max: number): string {
  const definition = actionDefinition(action.Type);
  const detail = cut(definition?.detail?.(action) ?? '', max);
  const name = definition?.block ?? action.Type;
  return detail ? `${name}<br/>${detail}` : name;
}

function conditionLabel(c: Condition): string {
  return `${OPERATOR_SIGNS[c.Operator] ?? `${c.Operator} `}${c.Operands.join(', ')}`;
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
