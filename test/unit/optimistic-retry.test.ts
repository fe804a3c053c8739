import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  LOST_RACE,
  withOptimisticRetry,
} from '../../lambdas/adapters/dynamodb/optimistic-retry.ts';
import { ConcurrentUpdateError } from '../../lambdas/domain/errors.ts';

const policy = (waits: number[]) => ({
  maxAttempts: 4,
  sleep: async (ms: number) => void waits.push(ms),
  random: () => 1 - Number.EPSILON,
});

describe('withOptimisticRetry', () => {
  it('returns what the first attempt that wins the race returns, waiting only between attempts', async () => {
    // Prepare
    const waits: number[] = [];
    const outcomes = [LOST_RACE, LOST_RACE, 'written'] as const;
    let attempts = 0;

    // Act
    const result = await withOptimisticRetry(
      'C1',
      async () => outcomes[attempts++] ?? 'never',
      policy(waits),
    );

    // Assess
    expect(result).toBe('written');
    expect(attempts).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThan(waits[0] ?? Number.POSITIVE_INFINITY);
  });

  it('gives up with ConcurrentUpdateError naming the customer after the last attempt', async () => {
    const waits: number[] = [];
    let attempts = 0;

    const run = withOptimisticRetry(
      'C7',
      async () => {
        attempts++;
        return LOST_RACE;
      },
      policy(waits),
    );

    await expect(run).rejects.toThrow(ConcurrentUpdateError);
    await expect(run).rejects.toMatchObject({ customerId: 'C7' });
    expect(attempts).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it('passes an error of the attempt through at once, without retrying', async () => {
    let attempts = 0;

    const run = withOptimisticRetry('C1', async () => {
      attempts++;
      throw new Error('ThrottlingException');
    });

    await expect(run).rejects.toThrow('ThrottlingException');
    expect(attempts).toBe(1);
  });

  it('waits a random share of a ceiling that doubles from 20 ms and stops growing at 640 ms', () => {
    const top = () => 1 - Number.EPSILON;

    expect([1, 2, 3, 6, 7, 30].map((n) => Math.round(backoffMs(n, top)))).toEqual([
      20, 40, 80, 640, 640, 640,
    ]);
    expect(backoffMs(3, () => 0)).toBe(0);
  });
});
