import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a run may leave in its temp folder: tsx's compile cache (`tsx-<uid>`), for the CLIs tests spawn. */
const EXPECTED = /^tsx-/;

/**
 * A backstop for the test run (vitest.config.ts calls it once, in vitest's main process): the run,
 * its workers and every process they start get TMPDIR = a folder of the run's own. When vitest
 * exits, whatever is left in it was not removed by the test, twin or helper that made it: it is
 * named (and the run fails), then removed with the folder. A killed vitest leaves the folder itself
 * (`tsunagu-test-run-*`), which .ci/no-leftovers reports.
 */
export function useRunTempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tsunagu-test-run-'));
  process.env.TMPDIR = folder;
  process.on('exit', () => {
    const left = readdirSync(folder).filter((name) => !EXPECTED.test(name));
    rmSync(folder, { recursive: true, force: true });
    if (left.length > 0) {
      console.error(`tsunagu: the tests left in the temp folder (removed now): ${left.join(', ')}`);
      process.exitCode = 1;
    }
  });
  return folder;
}
