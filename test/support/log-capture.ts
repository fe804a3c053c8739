import { vi } from 'vitest';

/**
 * Captures what the function logs from now until `vi.restoreAllMocks()`: Powertools writes info to
 * stdout, warnings and errors to stderr. Returns the lines, filled as they are written.
 */
export function captureLogs(): string[] {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
  return lines;
}
