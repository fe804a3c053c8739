import type { Diagnostic } from './validator.ts';

/** A flow that Connect would reject (or that would drop contacts), with one Diagnostic per finding. */
export class FlowBuildError extends Error {
  override readonly name = 'FlowBuildError';
  readonly diagnostics: readonly Diagnostic[];

  constructor(message: string, diagnostics: readonly Diagnostic[]) {
    super(message);
    this.diagnostics = diagnostics;
  }
}

/** A mistake in one builder call: the message starts with the call and the block, `setQueue "queue": …`. */
export function callError(
  method: string,
  name: string,
  first: Diagnostic,
  all: readonly Diagnostic[] = [first],
): FlowBuildError {
  const detail = all.map((d) => `${d.path}: ${d.message}`).join('; ');
  return new FlowBuildError(`${method} "${name}": ${detail}`, all);
}

/** One line of a `build()` error: `rule [block] at path: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.rule}${d.action !== undefined ? ` [${d.action}]` : ''} at ${d.path}: ${d.message}`;
}
