import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from '../scripts/build-cli.ts';
import { generatedFlow } from './flow-validation.ts';
import { median, percentile } from './stats.ts';

/** Budget: `tsunagu flow validate` of a 250-action flow, a whole process, within 2× of `node -e 0`. */
export const CLI_START_BUDGET_RATIO = 2;

/**
 * Variables that make every node process start slower by a fixed amount, whatever it runs:
 * NODE_EXTRA_CA_CERTS (read and parsed at start-up, tens of ms for a full CA bundle), NODE_OPTIONS.
 * They are left out of the measurement the budget is checked on, since a fixed cost added to both
 * processes would flatter the ratio; when set, the run as inherited is shown beside it.
 */
const START_UP_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'] as const;

export interface Timing {
  readonly medianMs: number;
  readonly p90Ms: number;
}

export interface CliStartRun {
  /** `clean`: without START_UP_VARIABLES; `inherited`: the bench's own environment. */
  readonly environment: 'clean' | 'inherited';
  readonly node: Timing;
  readonly cli: Timing;
  /** CLI median over `node -e 0` median. */
  readonly ratio: number;
}

export interface CliStart {
  readonly actions: number;
  readonly runs: number;
  /** START_UP_VARIABLES the bench was started with (the `inherited` run has them). */
  readonly startUpVariables: readonly string[];
  /** The budget is checked on the first run, `clean`. */
  readonly measurements: readonly CliStartRun[];
  readonly budgetRatio: number;
  readonly overBudget: boolean;
}

/**
 * Whole-process wall time, as hyperfine measures it: the compiled CLI, dist/tsunagu.cjs (built
 * afresh from the current sources, as `npm run build` does), validating the generated 250-action
 * flow (written to `workDir`), against `node -e 0`, spawned alternately (so drift hits both alike)
 * after untimed warm-up rounds.
 */
export async function measureCliStart(options: {
  readonly workDir: string;
  readonly runs: number;
}): Promise<CliStart> {
  const cli = await buildCli();
  const flow = generatedFlow();
  const file = join(options.workDir, 'flow-250.json');
  writeFileSync(file, JSON.stringify(flow));

  const inherited = { ...process.env };
  const clean = { ...process.env };
  for (const name of START_UP_VARIABLES) delete clean[name];
  const startUpVariables = START_UP_VARIABLES.filter((name) => process.env[name] !== undefined);
  const environments = [
    { environment: 'clean' as const, env: clean },
    ...(startUpVariables.length > 0 ? [{ environment: 'inherited' as const, env: inherited }] : []),
  ];

  const measurements = environments.map(({ environment, env }) => {
    const commands = {
      node: [process.execPath, '-e', '0'],
      cli: [process.execPath, cli, 'flow', 'validate', file],
    };
    const samples = { node: [] as number[], cli: [] as number[] };
    const warmUp = 3;
    for (let run = 0; run < warmUp + options.runs; run++) {
      for (const key of ['node', 'cli'] as const) {
        const [command = '', ...args] = commands[key];
        const t0 = performance.now();
        const r = spawnSync(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
        const ms = performance.now() - t0;
        if (r.status !== 0) {
          throw new Error(`${commands[key].join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
        }
        if (run >= warmUp) samples[key].push(ms);
      }
    }
    const timing = (ms: readonly number[]): Timing => ({ medianMs: median(ms), p90Ms: percentile(ms, 90) });
    const node = timing(samples.node);
    const cliTiming = timing(samples.cli);
    return { environment, node, cli: cliTiming, ratio: cliTiming.medianMs / node.medianMs };
  });
  const checked = measurements[0];
  return {
    actions: flow.Actions.length,
    runs: options.runs,
    startUpVariables,
    measurements,
    budgetRatio: CLI_START_BUDGET_RATIO,
    overBudget: !checked || checked.ratio > CLI_START_BUDGET_RATIO,
  };
}
