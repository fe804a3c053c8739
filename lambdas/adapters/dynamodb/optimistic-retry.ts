import { ConcurrentUpdateError } from '../../domain/errors.ts';

/** What an attempt returns when another writer changed the item between its read and its write. */
export const LOST_RACE: unique symbol = Symbol('lost-race');

export interface RetryPolicy {
  /** Attempts before giving up with ConcurrentUpdateError. @default 8 */
  readonly maxAttempts: number;
  /** Waits between attempts; tests pass one that does not wait. @default a real timer */
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter. @default Math.random */
  readonly random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  random: Math.random,
};

/** Full-jitter exponential back-off after attempt `attempt`: a random share of 20 ms, 40 ms, … 640 ms. */
export const backoffMs = (attempt: number, random: () => number): number =>
  random() * 10 * 2 ** Math.min(attempt, 6);

/**
 * A read-modify-write under an optimistic lock: runs `attempt` (a fresh read, then a conditional
 * write) until it does not lose the race, waiting a jittered, growing while between attempts, and
 * gives up with ConcurrentUpdateError after `maxAttempts`.
 */
export async function withOptimisticRetry<T>(
  customerId: string,
  attempt: () => Promise<T | typeof LOST_RACE>,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let n = 1; ; n++) {
    const result = await attempt();
    if (result !== LOST_RACE) return result;
    if (n >= policy.maxAttempts) throw new ConcurrentUpdateError(customerId);
    await policy.sleep(backoffMs(n, policy.random));
  }
}
