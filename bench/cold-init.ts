import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LambdaFunction } from './assembly.ts';
import { median } from './stats.ts';

export type Measurement =
  | {
      readonly medianMs: number;
      /** Median minus the baseline's median: what the bundle itself costs (absent for the baseline). */
      readonly minusBaselineMs?: number;
      readonly samplesMs: readonly number[];
    }
  | { readonly error: string };

export interface FunctionInit {
  readonly function: string;
  /** The environment the import ran with (template values; intrinsics replaced by placeholders). */
  readonly environment: Readonly<Record<string, string>>;
  readonly asDeployed: Measurement;
  /** The same with `--enable-source-maps` taken out of NODE_OPTIONS; only for functions that set it. */
  readonly withoutSourceMaps?: Measurement;
}

export interface ColdInit {
  readonly runs: number;
  /** A fresh process importing an empty module: the loader's fixed cost. */
  readonly baseline: Measurement;
  readonly functions: readonly FunctionInit[];
}

export interface ColdInitOptions {
  readonly runs: number;
  readonly region: string;
  /** Scratch folder for the empty baseline module. */
  readonly workDir: string;
}

const SOURCE_MAPS_FLAG = '--enable-source-maps';
const PROBE_TIMEOUT_MS = 30_000;

/**
 * Times `import()` of the bundle inside the child, so node's own start-up is left out; prints
 * `{ ms }` or `{ error }`. A missing handler export counts as a failed import.
 */
const PROBE = `
const [url, exportName] = process.argv.slice(1);
const start = performance.now();
try {
  const mod = await import(url);
  const ms = performance.now() - start;
  if (exportName && typeof mod[exportName] !== 'function') {
    throw new Error('the bundle exports no function "' + exportName + '"');
  }
  process.stdout.write(JSON.stringify({ ms }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String(error?.stack ?? error) }));
}`;

interface Probe {
  readonly url: string;
  /** Lambda runs the handler with its code folder as working directory. */
  readonly cwd: string;
  readonly exportName: string;
  readonly env: Record<string, string>;
}

/**
 * Cold init of every function: each run spawns a fresh `node` that imports the bundle with the
 * function's environment. Runs are interleaved (baseline, function, …) so drift hits all alike.
 */
export async function measureColdInit(
  functions: readonly LambdaFunction[],
  options: ColdInitOptions,
): Promise<ColdInit> {
  const emptyModule = join(options.workDir, 'empty.mjs');
  writeFileSync(emptyModule, 'export {};\n');
  const baselineProbe: Probe = {
    url: pathToFileURL(emptyModule).href,
    cwd: options.workDir,
    exportName: '',
    env: sandboxEnvironment(options.region),
  };
  const plans = functions.map((fn) => {
    const environment = functionEnvironment(fn);
    const probe: Probe = {
      url: pathToFileURL(join(fn.assetDir, 'index.mjs')).href,
      cwd: fn.assetDir,
      exportName: fn.handlerExport,
      env: {
        ...sandboxEnvironment(options.region),
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize ?? 128),
        ...environment,
      },
    };
    const nodeOptions = environment.NODE_OPTIONS ?? '';
    const withoutSourceMaps: Probe | undefined = nodeOptions.split(/\s+/).includes(SOURCE_MAPS_FLAG)
      ? {
          ...probe,
          env: { ...probe.env, NODE_OPTIONS: nodeOptions.replace(SOURCE_MAPS_FLAG, '').trim() },
        }
      : undefined;
    return { fn, environment, probe, withoutSourceMaps };
  });

  const probes = [
    baselineProbe,
    ...plans.flatMap((p) => (p.withoutSourceMaps ? [p.probe, p.withoutSourceMaps] : [p.probe])),
  ];
  const samples = new Map<Probe, number[]>(probes.map((p) => [p, []]));
  const errors = new Map<Probe, string>();
  // Round 0 is not recorded: it pulls node and the bundles into the file cache, which otherwise
  // makes the first sample of each several times slower than the rest.
  for (let run = 0; run <= options.runs; run++) {
    for (const probe of probes) {
      if (errors.has(probe)) continue;
      const outcome = await runProbe(probe);
      if ('error' in outcome) errors.set(probe, outcome.error);
      else if (run > 0) samples.get(probe)?.push(outcome.ms);
    }
  }
  const measurement = (probe: Probe, baselineMs?: number): Measurement => {
    const error = errors.get(probe);
    if (error) return { error };
    const ms = samples.get(probe) ?? [];
    const medianMs = median(ms);
    return {
      medianMs,
      ...(baselineMs !== undefined ? { minusBaselineMs: medianMs - baselineMs } : {}),
      samplesMs: ms,
    };
  };
  const baseline = measurement(baselineProbe);
  const baselineMs = 'medianMs' in baseline ? baseline.medianMs : Number.NaN;
  return {
    runs: options.runs,
    baseline,
    functions: plans.map((p) => ({
      function: p.fn.name,
      environment: p.environment,
      asDeployed: measurement(p.probe, baselineMs),
      ...(p.withoutSourceMaps ? { withoutSourceMaps: measurement(p.withoutSourceMaps, baselineMs) } : {}),
    })),
  };
}

/**
 * The function's template environment as strings. Values CloudFormation resolves at deploy time
 * (the table name is an `Fn::ImportValue`) become placeholders: import must not depend on them.
 */
export function functionEnvironment(fn: LambdaFunction): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fn.environment).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : placeholder(name, value),
    ]),
  );
}

/** A stand-in of the right shape: a JSON document built with Fn::Join stays a JSON document. */
function placeholder(name: string, value: unknown): string {
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) {
    const parts = join[1];
    const text = parts
      .map((part, i) =>
        typeof part === 'string'
          ? part
          : // An address followed by a path (`<api endpoint>/unsubscribe`) stays a URL.
            String(parts[i + 1] ?? '').startsWith('/')
            ? `https://bench-placeholder-${i}.invalid`
            : `bench-placeholder-${i}`,
      )
      .join(join[0]);
    if (/^([[{]|https:)/.test(text)) return text;
  }
  return `bench-placeholder-${name.toLowerCase().replaceAll('_', '-')}`;
}

/**
 * A Lambda-like environment built from nothing, so no AWS_PROFILE or real key of this machine leaks
 * in: fake static credentials (the SDK looks no further) and no instance metadata lookups.
 */
function sandboxEnvironment(region: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    TZ: ':UTC',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'bench-placeholder-key',
    AWS_SECRET_ACCESS_KEY: 'bench-fake-secret',
    AWS_SESSION_TOKEN: 'bench-fake-token',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

function runProbe(probe: Probe): Promise<{ ms: number } | { error: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE, probe.url, probe.exportName], {
      env: probe.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      done({ error: `could not start ${process.execPath}: ${error.message}` });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      try {
        const result = JSON.parse(stdout) as { ms?: number; error?: string };
        if (typeof result.ms === 'number') return done({ ms: result.ms });
        if (result.error) return done({ error: result.error });
      } catch {
        // no JSON: the process died before the probe could answer; report how
      }
      done({
        error: `probe exited (code ${code}, signal ${signal}) without a result: ${stderr.trim() || '(no output)'}`,
      });
    });
  });
}
