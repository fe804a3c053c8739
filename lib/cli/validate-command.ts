import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Channel } from '../flow-language/actions/action.ts';
import { type FlowInputs, flowInputs } from '../flow-language/inputs.ts';
import { FLOW_TYPES, type FlowDocument, type FlowType } from '../flow-language/model.ts';
import { type Diagnostic, hasErrors, validateFlow } from '../flow-language/validator.ts';

/**
 * `tsunagu flow validate`, and what every flow command shares (exit codes, reading a file's flows).
 * It loads the flow language's validator and inputs only: the project's own flows come in through
 * `projects` (flow-commands.ts passes them), so validating files loads no builder, simulator or
 * project flow, and the CLI starts in about twice the time Node itself takes.
 */

/** A project flow by name (`main-inbound`), built with example ARNs, with its type and channels. */
export interface ProjectFlows {
  find(name: string): { flow: FlowDocument; type: FlowType; channels: readonly Channel[] } | undefined;
}

/** Without the project's flows: every argument is a file. */
export const NO_PROJECT_FLOWS: ProjectFlows = { find: () => undefined };

/** Exit codes of `tsunagu flow …` (a public contract, documented in the README). */
export const EXIT = { ok: 0, findings: 1, unusable: 2 } as const;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export interface ValidateCommandOptions {
  readonly type?: string;
  readonly json?: boolean;
  /** Comma-separated channels the flows serve (VOICE,CHAT,TASK,EMAIL): channel warnings for the others. */
  readonly channels?: string;
}

/**
 * One flow checked. `flow` (with `notes`) is there when the file is a wrapper or a template, or
 * holds several flows: the flow is then shown as `<file>#<flow>`.
 */
type FileResult = { file: string; flow?: string; notes?: readonly string[] } & (
  | { diagnostics: Diagnostic[] }
  | { error: string }
);

export const CHANNELS: readonly Channel[] = ['VOICE', 'CHAT', 'TASK', 'EMAIL'];

/**
 * `tsunagu flow validate <file>...`: 0 when no file has errors (warnings allowed), 1 when one has,
 * 2 when a file cannot be used at all (missing, not JSON, not a flow), with a one-line reason.
 * A wrapper or template is checked flow by flow, each under the type it declares.
 */
export function validateCommand(
  files: readonly string[],
  options: ValidateCommandOptions,
  io: Output,
  projects: ProjectFlows = NO_PROJECT_FLOWS,
): number {
  if (options.type !== undefined && !(FLOW_TYPES as readonly string[]).includes(options.type)) {
    io.err(`tsunagu flow validate: --type must be one of ${FLOW_TYPES.join(', ')}, got ${options.type}`);
    return EXIT.unusable;
  }
  const channels = options.channels === undefined ? undefined : parseChannels(options.channels);
  if (channels === null) {
    io.err(
      `tsunagu flow validate: --channels must be a comma-separated list of ${CHANNELS.join(', ')}, got ${options.channels}`,
    );
    return EXIT.unusable;
  }
  const flowType = options.type as FlowType | undefined;
  const results: FileResult[] = files.flatMap((file) => validateFile(file, flowType, channels, projects));
  const label = (r: FileResult) => (r.flow === undefined ? r.file : `${r.file}#${r.flow}`);

  if (options.json) {
    io.out(JSON.stringify({ files: results }));
  } else {
    for (const r of results) {
      if ('error' in r) continue;
      for (const note of r.notes ?? []) io.out(`${label(r)}: note ${note}`);
      for (const d of r.diagnostics) {
        io.out(
          `${label(r)}: ${d.severity} ${d.rule}${d.action ? ` [${d.action}]` : ''} at ${d.path}: ${d.message}`,
        );
      }
      const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
      io.out(
        `${label(r)}: ${errors} error${errors === 1 ? '' : 's'}, ${r.diagnostics.length - errors} warning${r.diagnostics.length - errors === 1 ? '' : 's'}`,
      );
    }
  }
  for (const r of results) if ('error' in r) io.err(`${label(r)}: ${r.error}`);
  if (results.some((r) => 'error' in r)) return EXIT.unusable;
  return results.some((r) => 'diagnostics' in r && hasErrors(r.diagnostics)) ? EXIT.findings : EXIT.ok;
}

/** `VOICE,chat` → the channels; null when one is not a channel. */
function parseChannels(list: string): Channel[] | null {
  const channels = list.split(',').map((c) => c.trim().toUpperCase());
  return channels.every((c): c is Channel => (CHANNELS as readonly string[]).includes(c))
    ? [...new Set(channels)]
    : null;
}

function validateFile(
  file: string,
  flowType: FlowType | undefined,
  channels: readonly Channel[] | undefined,
  projects: ProjectFlows,
): FileResult[] {
  const project = file.endsWith('.json') ? undefined : projects.find(file);
  if (project) {
    const { flow } = project;
    return [
      {
        file,
        diagnostics: validateFlow(flow, {
          flowType: flowType ?? project.type,
          channels: channels ?? project.channels,
        }),
      },
    ];
  }
  const read = readFlowInputs(file);
  if ('error' in read) return [{ file, error: read.error }];
  const named = read.shape !== 'flow' || read.flows.length > 1;
  return read.flows.map((f) => {
    const where = named ? { file, flow: f.name, notes: f.notes } : { file };
    if ('error' in f) return { ...where, error: f.error };
    const type = flowType ?? f.flowType;
    const diagnostics = validateFlow(f.content, {
      ...(type ? { flowType: type } : {}),
      ...(channels ? { channels } : {}),
    });
    const shape = diagnostics.find((d) => d.rule === 'document/shape');
    if (shape) return { ...where, error: shape.message };
    return { ...where, diagnostics };
  });
}

/** The flows a file holds (a flow, a wrapper of one, a template of several), or why it cannot be used. */
export function readFlowInputs(file: string): FlowInputs | { error: string } {
  const read = readFlowJson(file);
  if ('error' in read) return read;
  return flowInputs(read.content, basename(file, '.json'));
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
