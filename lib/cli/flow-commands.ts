import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PROJECT_FLOWS, type ProjectFlow, projectFlow } from '../connect/flows/index.ts';
import { EXAMPLE_REFS } from '../connect/flows/refs.ts';
import { projectSimulationFlows, simulationWorld } from '../connect/flows/simulation.ts';
import type { Channel } from '../flow-language/actions/action.ts';
import { type FlowInput, type FlowInputs, flowNames, selectFlow } from '../flow-language/inputs.ts';
import { FLOW_TYPES, type FlowDocument, type FlowType } from '../flow-language/model.ts';
import { renderMermaid } from '../flow-language/render-mermaid.ts';
import {
  type HoursOfOperation,
  type LambdaBehaviour,
  type LexResult,
  type Outcome,
  type QueueState,
  type SimulationEvent,
  type SimulationFlow,
  simulate,
} from '../flow-language/simulator.ts';
import { validateFlow } from '../flow-language/validator.ts';
import {
  CHANNELS,
  EXIT,
  type Output,
  type ProjectFlows,
  readFlowInputs,
  readFlowJson,
  type ValidateCommandOptions,
  validateCommand as validateFiles,
} from './validate-command.ts';

export {
  EXIT,
  type Output,
  readFlowInputs,
  readFlowJson,
  type ValidateCommandOptions,
} from './validate-command.ts';

/** The project's flows by name, built as deployed with example ARNs. */
const PROJECTS: ProjectFlows = {
  find: (name) => {
    const project = projectFlow(name);
    return project && { flow: project.build(EXAMPLE_REFS), type: project.type, channels: project.channels };
  },
};

/**
 * `tsunagu flow validate <file-or-project-flow>...`: as validate-command.ts, with the project's own
 * flows known by name.
 */
export function validateCommand(
  files: readonly string[],
  options: ValidateCommandOptions,
  io: Output,
): number {
  return validateFiles(files, options, io, PROJECTS);
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

/**
 * `tsunagu flow render <file> [--format mermaid] [--flow <name>]`: the flow as a Mermaid flowchart
 * on stdout (`--flow` picks one of a file with several); exit 2 with a one-line reason for
 * unusable input.
 */
export function renderCommand(file: string, options: { format?: string; flow?: string }, io: Output): number {
  if ((options.format ?? 'mermaid') !== 'mermaid') {
    io.err(`tsunagu flow render: --format must be mermaid, got ${options.format}`);
    return EXIT.unusable;
  }
  const arg = projectOrFile(file);
  const read =
    'project' in arg ? { content: arg.project.build(EXAMPLE_REFS) } : chosenFlow(file, options.flow);
  if ('error' in read) {
    io.err(read.error);
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

/**
 * The flow of a file to render or run: the only one, or the one `--flow` names; else a one-line
 * reason (`<file>: …` or `<file>#<flow>: …`).
 */
function chosenFlow(
  file: string,
  wanted: string | undefined,
): { inputs: FlowInputs; flow: FlowInput; content: unknown } | { error: string } {
  const inputs = readFlowInputs(file);
  if ('error' in inputs) return { error: `${file}: ${inputs.error}` };
  const chosen = selectFlow(inputs, wanted);
  if ('error' in chosen) return { error: `${file}: ${chosen.error}` };
  const { flow } = chosen;
  if ('error' in flow) return { error: `${file}#${flow.name}: ${flow.error}` };
  return { inputs, flow, content: flow.content };
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
  /** The flow to run, of a file with several (a template): any of its names. */
  readonly flow?: string;
  /** Ends an endless loop after this many steps (an `error` outcome). */
  readonly maxSteps?: string | number;
  /** Stop before the action with this identifier (an outcome `stopped`). */
  readonly to?: string;
  /** What the Lex bots recognise, one per bot turn in order: `intent=Name[,slot=value...]`. */
  readonly lex?: readonly string[];
  /** The entry flow's type, when the file does not say (a queue or hold flow plays while the contact waits). */
  readonly type?: string;
  /** The queue the contact is in when the flow starts (a whisper or queue flow), by id or ARN. */
  readonly queue?: string;
  /** Seconds the contact waits in queue or on hold when no agent answers. @default 60 */
  readonly holdSeconds?: string | number;
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
  const channel = (options.channel ?? 'VOICE').toUpperCase() as Channel;
  if (!CHANNELS.includes(channel))
    return unusable(`--channel must be one of ${CHANNELS.join(', ')}, got ${options.channel}`);
  const at = options.at ? new Date(options.at) : undefined;
  if (at && Number.isNaN(at.getTime()))
    return unusable(`--at must be an ISO time such as 2026-11-24T10:00:00+09:00, got ${options.at}`);

  const maxSteps = options.maxSteps === undefined ? undefined : Number(options.maxSteps);
  if (
    maxSteps !== undefined &&
    !(/^\d+$/.test(String(options.maxSteps)) && maxSteps >= 1 && maxSteps <= 1_000_000)
  )
    return unusable(`--max-steps must be a whole number from 1 to 1000000, got ${options.maxSteps}`);
  if (options.to !== undefined && options.to.trim() === '')
    return unusable('--to must be the Identifier of an action to stop before');
  const lex: LexResult[] = [];
  for (const turn of options.lex ?? []) {
    const result = parseLex(turn);
    if (!result) return unusable(`--lex must be intent=Name[,slot=value...], got ${turn}`);
    lex.push(result);
  }

  if (options.type !== undefined && !(FLOW_TYPES as readonly string[]).includes(options.type)) {
    return unusable(`--type must be one of ${FLOW_TYPES.join(', ')}, got ${options.type}`);
  }
  const holdSeconds = options.holdSeconds === undefined ? undefined : Number(options.holdSeconds);
  if (
    holdSeconds !== undefined &&
    !(Number.isInteger(holdSeconds) && holdSeconds >= 0 && holdSeconds <= 86_400)
  ) {
    return unusable(`--hold-seconds must be whole seconds from 0 to 86400, got ${options.holdSeconds}`);
  }

  const flows: SimulationFlow[] = [];
  const arg = projectOrFile(file);
  let entryName: string;
  const notes: string[] = [];
  if ('project' in arg) {
    // A project flow runs with the others it hands contacts to, in the queues and hours they use.
    entryName = arg.project.name;
    flows.push(...projectSimulationFlows(EXAMPLE_REFS));
  } else {
    const chosen = chosenFlow(file, options.flow);
    if ('error' in chosen) return unusable(chosen.error);
    const entry = runnable(chosen.content);
    if ('error' in entry) return unusable(`${file}: ${entry.error}`);
    const bare = chosen.inputs.shape === 'flow';
    entryName = bare ? basename(file, '.json') : chosen.flow.name;
    notes.push(...chosen.flow.notes);
    const type = (options.type as FlowType | undefined) ?? chosen.flow.flowType;
    flows.push({
      flow: entry.flow,
      names: bare ? [entryName] : flowNames(chosen.flow),
      ...(type ? { type } : {}),
    });
    // The other flows of a template are there to be reached.
    for (const other of chosen.inputs.flows) {
      if (other === chosen.flow) continue;
      const sim = simulationFlow(other, undefined);
      if ('error' in sim) io.err(`tsunagu flow simulate: skipped ${file}#${other.name}: ${sim.error}`);
      else flows.push(sim);
    }
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
      const read = readFlowInputs(path);
      // The folder may hold other JSON (queues, responses): skip it, and say so.
      if ('error' in read) {
        io.err(`tsunagu flow simulate: skipped ${path}: ${read.error}`);
        continue;
      }
      const fileName = basename(name, '.json');
      for (const other of read.flows) {
        const sim = simulationFlow(
          other,
          read.shape === 'flow' || read.flows.length === 1 ? fileName : undefined,
        );
        const where = read.shape === 'flow' ? path : `${path}#${other.name}`;
        if ('error' in sim) io.err(`tsunagu flow simulate: skipped ${where}: ${sim.error}`);
        else flows.push(sim);
      }
    }
  }
  if (options.to !== undefined && !flows.some((f) => f.flow.Actions.some((a) => a.Identifier === options.to)))
    return unusable(`--to ${options.to}: no action of the flows has this Identifier`);
  const attributes: Record<string, string> = {};
  for (const pair of options.attr ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) return unusable(`--attr must be key=value, got ${pair}`);
    attributes[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const answers = new Map<string, LambdaAnswer[]>();
  for (const pair of options.lambda ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1 || eq === pair.length - 1)
      return unusable(`--lambda must be ARN_OR_NAME=response.json or ARN_OR_NAME=error:message, got ${pair}`);
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let answer: LambdaAnswer;
    if (value.startsWith('error:')) {
      const message = value.slice('error:'.length).trim();
      if (!message) return unusable(`--lambda ${pair}: error: needs a message, e.g. ${name}=error:timed out`);
      answer = { error: message };
    } else {
      const read = readFlowJson(value);
      if ('error' in read) return unusable(`--lambda ${pair}: ${read.error}`);
      answer = { response: read.content };
    }
    answers.set(name, [...(answers.get(name) ?? []), answer]);
  }
  const lambdas: Record<string, LambdaBehaviour> = {};
  for (const [name, list] of answers) lambdas[name] = lambdaBehaviour(list);

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
    ...(maxSteps !== undefined ? { maxSteps } : {}),
    ...(options.to !== undefined ? { stopAt: options.to } : {}),
    ...(lex.length > 0 ? { lex } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
    ...(holdSeconds !== undefined ? { holdSeconds } : {}),
  });
  if (options.json) {
    io.out(JSON.stringify({ outcome: result.outcome, attributes: result.attributes, events: result.events }));
  } else {
    for (const note of notes) io.out(`note: ${note}`);
    for (const line of transcript(result.events)) io.out(line);
    io.out(`outcome: ${describeOutcome(result.outcome)}`);
  }
  return result.outcome.kind === 'error' ? EXIT.findings : EXIT.ok;
}

/** Content sound enough to run (a flow-language document whose actions have their shape). */
function runnable(content: unknown): { flow: FlowDocument } | { error: string } {
  const shape = validateFlow(content).find((d) => d.rule === 'document/shape' || d.rule === 'action/shape');
  return shape ? { error: `${shape.path}: ${shape.message}` } : { flow: content as FlowDocument };
}

/** A flow of a file for the simulator, known by its names (and the file's name, when given). */
function simulationFlow(input: FlowInput, fileName: string | undefined): SimulationFlow | { error: string } {
  if ('error' in input) return { error: input.error };
  const run = runnable(input.content);
  if ('error' in run) return run;
  return {
    flow: run.flow,
    names: [...new Set([...flowNames(input), ...(fileName ? [fileName] : [])])],
    ...(input.flowType ? { type: input.flowType } : {}),
  };
}

type LambdaAnswer = { readonly response: unknown } | { readonly error: string };

/** One `--lambda` answer, or several in order (the last repeats), failures among them. */
function lambdaBehaviour(answers: readonly LambdaAnswer[]): LambdaBehaviour {
  const [only] = answers;
  if (answers.length === 1 && only) return only;
  return { calls: answers };
}

/** `intent=Name,slot=value`: a Lex turn; undefined when it is not one. */
function parseLex(turn: string): LexResult | undefined {
  let intent: string | undefined;
  const slots: Record<string, string> = {};
  for (const pair of turn.split(',')) {
    const eq = pair.indexOf('=');
    if (eq < 1) return undefined;
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (key === 'intent') intent = value;
    else slots[key] = value;
  }
  if (!intent) return undefined;
  return Object.keys(slots).length > 0 ? { intent, slots } : { intent };
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
      case 'note':
        return `  ✎ ${e.action}: ${e.text}`;
      case 'lex':
        return `  🤖 Lex: intent ${e.intent}${
          Object.keys(e.slots).length > 0
            ? ` (${Object.entries(e.slots)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')})`
            : ''
        }`;
      case 'transfer':
        return `  ⇢ transferred to ${e.to}`;
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
    case 'stopped':
      return `stopped before ${o.at} (flow ${o.flow})`;
    case 'transferred':
      return `transferred to ${o.to}`;
    default:
      return o.kind;
  }
}
