import { readFileSync } from 'node:fs';
import { FLOW_TYPES, type FlowType } from '../flow-language/model.ts';
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file, error: code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? 'error'})` };
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    return { file, error: `not JSON (${(error as Error).message.split('\n')[0]})` };
  }
  const diagnostics = validateFlow(content, flowType ? { flowType } : {});
  const shape = diagnostics.find((d) => d.rule === 'document/shape');
  if (shape) return { file, error: shape.message };
  return { file, diagnostics };
}
