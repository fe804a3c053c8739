import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PROJECT_FLOWS, type ProjectFlow, projectFlow } from '../connect/flows/index.ts';
import { EXAMPLE_REFS } from '../connect/flows/refs.ts';
import { projectSimulationFlows, simulationWorld } from '../connect/flows/simulation.ts';
import { FLOW_TYPES, type FlowDocument, type FlowType } from '../flow-language/model.ts';
import { renderMermaid } from '../flow-language/render-mermaid.ts';
import {
  type HoursOfOperation,
  type LambdaBehaviour,
  type Outcome,
  type QueueState,
  type SimulationEvent,
  type SimulationFlow,
  simulate,
} from '../flow-language/simulator.ts';
import { type Diagnostic, hasErrors, validateFlow } from '../flow-language/validator.ts';

/** Exit codes of `tsunagu flow …` (a public contract, documented in the README). */
export const EXIT = { ok: 0, findings: 1, unusable: 2 } as const;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export interface ValidateCommandOptions {
  readonly type?: string;
  readonly json?: boolean;
}

type FileResult = { file: string; diagnostics: Diagnostic[] } | { file: string; error: string };

/**
 * `tsunagu flow validate <file>...`: 0 when no file has errors (warnings allowed), 1 when one has,
 * 2 when a file cannot be used at all (missing, not JSON, not a flow), with a one-line reason.
 */
export function validateCommand(
  files: readonly string[],
  options: ValidateCommandOptions,
  io: Output,
): number {
  if (options.type !== undefined && !(FLOW_TYPES as readonly string[]).includes(options.type)) {
    io.err(`tsunagu flow validate: --type must be one of ${FLOW_TYPES.join(', ')}, got ${options.type}`);
    return EXIT.unusable;
  }
  const flowType = options.type as FlowType | undefined;
  const results: FileResult[] = files.map((file) => validateFile(file, flowType));

  if (options.json) {
    io.out(JSON.stringify({ files: results }));
  } else {
    for (const r of results) {
      if ('error' in r) continue;
      for (const d of r.diagnostics) {
        io.out(
          `${r.file}: ${d.severity} ${d.rule}${d.action ? ` [${d.action}]` : ''} at ${d.path}: ${d.message}`,
        );
      }
      const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
      io.out(
        `${r.file}: ${errors} error${errors === 1 ? '' : 's'}, ${r.diagnostics.length - errors} warning${r.diagnostics.length - errors === 1 ? '' : 's'}`,
      );
    }
  }
  for (const r of results) if ('error' in r) io.err(`${r.file}: ${r.error}`);
  if (results.some((r) => 'error' in r)) return EXIT.unusable;
  return results.some((r) => 'diagnostics' in r && hasErrors(r.diagnostics)) ? EXIT.findings : EXIT.ok;
}

/**
 * `tsunagu flow list`: the project's flows (what `validate`, `render` and `simulate` accept by
 * name), built as deployed but with example ARNs.
 */
export function listCommand(options: { json?: boolean }, io: Output): number {
  const rows = PROJECT_FLOWS.map((f) => ({
    name: f.name,
    type: f.type,
    channels: f.channels,
    ...(f.entry ? { entry: f.entry } : {}),
    actions: f.build(EXAMPLE_REFS).Actions.length,
    description: f.description,
  }));
  if (options.json) {
    io.out(JSON.stringify({ flows: rows }));
    return EXIT.ok;
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    io.out(
      `${r.name.padEnd(width)}  ${r.type.padEnd(14)} ${r.channels.join('+').padEnd(10)} ${String(r.actions).padStart(3)} actions  ${r.description}`,
    );
  }
  return EXIT.ok;
}

/** A path to a flow JSON file, or the name of a project flow (built with example ARNs). */
function projectOrFile(arg: string): { project: ProjectFlow } | { file: string } {
  const project = projectFlow(arg);
  return project && !arg.endsWith('.json') ? { project } : { file: arg };
}

function validateFile(file: string, flowType: FlowType | undefined): FileResult {
  const arg = projectOrFile(file);
  if ('project' in arg) {
    const { project } = arg;
    const flow = project.build(EXAMPLE_REFS);
    return {
      file,
      diagnostics: validateFlow(flow, { flowType: flowType ?? project.type, channels: project.channels }),
    };
  }
  const read = readFlowJson(file);
  if ('error' in read) return { file, error: read.error };
  const diagnostics = validateFlow(read.content, flowType ? { flowType } : {});
  const shape = diagnostics.find((d) => d.rule === 'document/shape');
  if (shape) return { file, error: shape.message };
  return { file, diagnostics };
}

/** A file's JSON, or a one-line reason it cannot be used. */
export function readFlowJson(file: string): { content: unknown } | { error: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? 'error'})` };
  }
  try {
    return { content: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message.split('\n')[0]}` };
  }
}

/**
 * `tsunagu flow render <file> [--format mermaid]`: the flow as a Mermaid flowchart on stdout;
 * exit 2 with a one-line reason for unusable input.
 */
export function renderCommand(file: string, options: { format?: string }, io: Output): number {
  if ((options.format ?? 'mermaid') !== 'mermaid') {
    io.err(`tsunagu flow render: --format must be mermaid, got ${options.format}`);
    return EXIT.unusable;
  }
  const arg = projectOrFile(file);
  const read = 'project' in arg ? { content: arg.project.build(EXAMPLE_REFS) } : readFlowJson(file);
  if ('error' in read) {
    io.err(`${file}: ${read.error}`);
    return EXIT.unusable;
  }
  const shape = validateFlow(read.content).find(
    (d) => d.rule === 'document/shape' || d.rule === 'action/shape',
  );
  if (shape) {
    io.err(`${file}: ${shape.path}: ${shape.message}`);
    return EXIT.unusable;
  }
  io.out(renderMermaid(read.content as FlowDocument).trimEnd());
  return EXIT.ok;
}

export interface SimulateCommandOptions {
  readonly flows?: string;
  readonly from?: string;
  readonly channel?: string;
  readonly input?: string;
  readonly at?: string;
  readonly attr?: readonly string[];
  readonly lambda?: readonly string[];
  readonly agentHangup?: boolean;
  readonly json?: boolean;
  /** JSON file: hours of operation by id, `{"office":{"timeZone":"Asia/Tokyo","days":{"MON":["09:00","18:00"]}}}`. */
  readonly hours?: string;
  /** JSON file: queue state by id or ARN, `{"<queue id>":{"name":"billing","oldestContactAgeSeconds":400}}`. */
  readonly queues?: string;
}

/**
 * `tsunagu flow simulate <file>`: runs the flow for one scripted contact and prints a transcript
 * (or `--json`). Exit 0 when the contact reached an outcome, 1 when the run ended in error (step
 * limit, a missing action), 2 for unusable input.
 */
export async function simulateCommand(
  file: string,
  options: SimulateCommandOptions,
  io: Output,
): Promise<number> {
  const unusable = (reason: string) => {
    io.err(`tsunagu flow simulate: ${reason}`);
    return EXIT.unusable;
  };
  if (!options.from || !/^\+[1-9]\d{6,14}$/.test(options.from))
    return unusable('--from must be the caller number in E.164, e.g. +819012345678');
  const channel = (options.channel ?? 'VOICE').toUpperCase();
  if (channel !== 'VOICE' && channel !== 'CHAT')
    return unusable(`--channel must be VOICE or CHAT, got ${options.channel}`);
  const at = options.at ? new Date(options.at) : undefined;
  if (at && Number.isNaN(at.getTime()))
    return unusable(`--at must be an ISO time such as 2026-11-24T10:00:00+09:00, got ${options.at}`);

  const flows: SimulationFlow[] = [];
  const arg = projectOrFile(file);
  let entryName: string;
  if ('project' in arg) {
    // A project flow runs with the others it hands contacts to, in the queues and hours they use.
    entryName = arg.project.name;
    flows.push(...projectSimulationFlows(EXAMPLE_REFS));
  } else {
    const entry = readFlow(file);
    if ('error' in entry) return unusable(`${file}: ${entry.error}`);
    entryName = basename(file, '.json');
    flows.push({ flow: entry.flow, names: [entryName] });
  }
  if (options.flows) {
    let names: string[];
    try {
      names = readdirSync(options.flows).filter((f) => f.endsWith('.json'));
    } catch {
      return unusable(`--flows ${options.flows}: not a readable folder`);
    }
    for (const name of names) {
      const path = join(options.flows, name);
      if (resolve(path) === resolve(file)) continue;
      const other = readFlow(path);
      // The folder may hold other JSON (queues, responses): skip it, and say so.
      if ('error' in other) io.err(`tsunagu flow simulate: skipped ${path}: ${other.error}`);
      else flows.push({ flow: other.flow, names: [basename(name, '.json')] });
    }
  }
  const attributes: Record<string, string> = {};
  for (const pair of options.attr ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) return unusable(`--attr must be key=value, got ${pair}`);
    attributes[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const lambdas: Record<string, LambdaBehaviour> = {};
  for (const pair of options.lambda ?? []) {
    const eq = pair.lastIndexOf('=');
    if (eq < 1) return unusable(`--lambda must be ARN_OR_NAME=response.json, got ${pair}`);
    const read = readFlowJson(pair.slice(eq + 1));
    if ('error' in read) return unusable(`--lambda ${pair}: ${read.error}`);
    lambdas[pair.slice(0, eq)] = { response: read.content };
  }

  const world: { hours?: Record<string, HoursOfOperation>; queues?: Record<string, QueueState> } =
    'project' in arg ? simulationWorld(EXAMPLE_REFS, 'Asia/Tokyo') : {};
  const { hoursFile, queuesFile } = await import('./simulation-files.ts');
  for (const key of ['hours', 'queues'] as const) {
    const path = options[key];
    if (!path) continue;
    const read = readFlowJson(path);
    if ('error' in read) return unusable(`--${key} ${path}: ${read.error}`);
    const parsed = (key === 'hours' ? hoursFile : queuesFile).safeParse(read.content);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return unusable(
        `--${key} ${path}: ${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    world[key] = parsed.data as Record<string, never>;
  }

  const result = await simulate({
    flows,
    entry: entryName,
    ...world,
    from: options.from,
    channel,
    inputs: options.input ? options.input.split(',').map((s) => s.trim() || 'timeout') : [],
    ...(at ? { at } : {}),
    attributes,
    lambdas,
    ...(options.agentHangup ? { agent: {} } : {}),
  });
  if (options.json) {
    io.out(JSON.stringify({ outcome: result.outcome, attributes: result.attributes, events: result.events }));
  } else {
    for (const line of transcript(result.events)) io.out(line);
    io.out(`outcome: ${describeOutcome(result.outcome)}`);
  }
  return result.outcome.kind === 'error' ? EXIT.findings : EXIT.ok;
}

function readFlow(file: string): { flow: FlowDocument } | { error: string } {
  const read = readFlowJson(file);
  if ('error' in read) return read;
  const shape = validateFlow(read.content).find(
    (d) => d.rule === 'document/shape' || d.rule === 'action/shape',
  );
  return shape ? { error: `${shape.path}: ${shape.message}` } : { flow: read.content as FlowDocument };
}

/** A readable, line-per-event account of the contact. */
export function transcript(events: readonly SimulationEvent[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'flow':
        return `── flow ${e.flow}`;
      case 'prompt':
        return `${e.to === 'agent' ? '  (to agent) ' : '  '}🔊 ${e.text}`;
      case 'input':
        return `  ☎ caller enters ${e.digits}`;
      case 'timeout':
        return '  ☎ caller enters nothing (timeout)';
      case 'lambda':
        return `  λ ${e.function}(${JSON.stringify(e.parameters)}) → ${e.error ? `FAILED: ${e.error}` : JSON.stringify(e.response)}`;
      case 'attributes':
        return `  = ${Object.entries(e.set)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`;
      case 'queue':
        return `  ⇒ queued to ${e.queueName ?? e.queue}`;
      case 'error-branch':
        return `  ! ${e.error} at ${e.action}${e.handled ? '' : ' (no branch: the contact is dropped)'}`;
      case 'callback':
        return `  ↺ callback to ${e.number}`;
      case 'agent':
        return e.event === 'connected' ? '  ☺ agent answers' : '  ☺ agent hangs up';
      case 'disconnect':
        return '  ✕ disconnect';
      case 'hook':
        return `  ⚑ ${e.hook} flow set to ${e.flow}`;
      case 'priority':
        return `  ↑ routing priority ${e.priority}`;
      case 'language':
        return `  🌐 language ${e.languageCode}`;
      case 'voice':
        return `  🗣 voice ${e.voice}${e.engine ? ` (${e.engine})` : ''}`;
      case 'unsupported':
        return `  ? ${e.actionType} at ${e.action} is not simulated; following its NextAction`;
      case 'queue-flow':
        return `  ⏳ queue flow ${e.flow} ${e.event} after ${e.waitedSeconds} s in queue`;
      default:
        return `  · ${JSON.stringify(e)}`;
    }
  });
}

export function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'queued':
      return `queued (${o.queueName ?? o.queue})`;
    case 'callback':
      return `callback to ${o.number}`;
    case 'disconnected':
      return o.reason ? `disconnected: ${o.reason}` : 'disconnected';
    case 'error':
      return `error: ${o.reason}`;
    default:
      return o.kind;
  }
}
