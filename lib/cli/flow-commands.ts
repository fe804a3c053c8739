import { readFileSync } from 'node:fs';
import { FLOW_TYPES, type FlowDocument, type FlowType } from '../flow-language/model.ts';
import { renderMermaid } from '../flow-language/render-mermaid.ts';
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

function validateFile(file: string, flowType: FlowType | undefined): FileResult {
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
    return { content: JSON.parse(text) };
  } catch (error) {
    return { error: `not JSON (${(error as Error).message.split('\n')[0]})` };
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
  const read = readFlowJson(file);
  if ('error' in read) {
    io.err(`${file}: ${read.error}`);
    return EXIT.unusable;
  }
  const shape = validateFlow(read.content).find((d) => d.rule === 'document/shape');
  if (shape) {
    io.err(`${file}: ${shape.message}`);
    return EXIT.unusable;
  }
  io.out(renderMermaid(read.content as FlowDocument).trimEnd());
  return EXIT.ok;
}
