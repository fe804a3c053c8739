import { afterAll, beforeAll } from 'vitest';
import { startTwin, type Twin, type TwinOptions } from '../../lib/local/twin.ts';

/** A local twin for one test file, and JSON calls to its API. */
export interface TwinSession {
  /** The running twin (from the file's first `beforeAll` on). */
  readonly twin: Twin;
  /** POSTs `body` as JSON; the answer's status and JSON body. */
  post<T = unknown>(
    path: string,
    body: unknown,
    headers?: Readonly<Record<string, string>>,
  ): Promise<{ status: number; body: T }>;
  /** GETs `path`; the JSON body. */
  get<T = unknown>(path: string): Promise<T>;
}

/**
 * Starts a twin before the file's tests (any free port, no demo customers unless `options` say) and
 * stops it after them, passed or failed. Call it at the top level of a test file.
 */
export function useTwin(options: TwinOptions = {}): TwinSession {
  let running: Twin | undefined;
  beforeAll(async () => {
    running = await startTwin({ port: 0, seed: false, ...options });
  });
  afterAll(async () => {
    await running?.stop();
  });
  const twin = () => {
    if (!running) throw new Error('the twin is not running: use it inside tests or hooks');
    return running;
  };
  return {
    get twin() {
      return twin();
    },
    post: async <T>(path: string, body: unknown, headers: Readonly<Record<string, string>> = {}) => {
      const response = await fetch(`${twin().url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    get: async <T>(path: string) => (await (await fetch(`${twin().url}${path}`)).json()) as T,
  };
}
