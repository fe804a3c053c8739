import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cdkJsonContext } from '../../lib/cdk-context.ts';
import { loadStageConfig, StageConfigError } from '../../lib/config/stage-config.ts';
import { scratchFolder } from '../support/scratch.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Each synth bundles with esbuild; on a busy 2-core machine it can take well over the usual 10 s. */
const SYNTH_TIMEOUT_MS = 240_000;

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a machine with no AWS credentials and no way to find any. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
  };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
    delete env[name];
  }
  return env;
}

/** Runs `npx cdk <args>` in the repository, without blocking the test worker. */
function cdk(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['cdk', ...args], { cwd: REPO_ROOT, env: offlineEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function devStageWith(change: (dev: Record<string, unknown>) => void): Record<string, unknown> {
  const stages = structuredClone(cdkJsonContext().stages) as Record<string, Record<string, unknown>>;
  const dev = stages.dev;
  if (!dev) throw new Error('cdk.json has no dev stage');
  change(dev);
  return { dev };
}

const scratch = scratchFolder('tsunagu-synth-');

describe('cdk synth, offline', () => {
  const newOutdir = () => mkdtempSync(join(scratch, 'cdk.out-'));

  it(
    'synthesizes the dev stage without AWS credentials: both stacks, and the handler bundled with a source map',
    async () => {
      // Prepare
      const outdir = newOutdir();

      // Act
      const result = await cdk(['synth', '-c', 'stage=dev', '-q', '-o', outdir]);

      // Assess
      expect(result.code, `cdk synth failed:\n${result.stderr}\n${result.stdout}`).toBe(0);
      expect(existsSync(join(outdir, 'tsunagu-dev-data.template.json'))).toBe(true);
      expect(existsSync(join(outdir, 'tsunagu-dev-customer.template.json'))).toBe(true);
      const bundles = readdirSync(outdir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && entry.name.startsWith('asset.'))
        .map((entry) => readdirSync(join(outdir, entry.name)).sort());
      expect(bundles).toContainEqual(['index.mjs', 'index.mjs.map']);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'refuses a stage config with quiet hours starting at 25:00, naming the field and the value',
    async () => {
      // Prepare
      const outdir = newOutdir();
      const stages = devStageWith((dev) => {
        dev.quietHours = { ...(dev.quietHours as object), start: '25:00' };
      });

      // Act
      const result = await cdk([
        'synth',
        '-c',
        'stage=dev',
        '-c',
        `stages=${JSON.stringify(stages)}`,
        '-q',
        '-o',
        outdir,
      ]);

      // Assess
      const output = `${result.stderr}\n${result.stdout}`;
      expect(result.code, output).not.toBe(0);
      expect(output).toContain('stages.dev.quietHours.start');
      expect(output).toContain('25:00');
      expect(existsSync(join(outdir, 'tsunagu-dev-data.template.json'))).toBe(false);
    },
    SYNTH_TIMEOUT_MS,
  );
});

describe('loadStageConfig, as the CLI calls it', () => {
  it('reads stages passed with -c as JSON text the same as the cdk.json object', () => {
    // Prepare
    const { stages } = cdkJsonContext();

    // Act
    const fromText = loadStageConfig({ stage: 'dev', stages: JSON.stringify(stages) });
    const fromObject = loadStageConfig({ stage: 'dev', stages });

    // Assess
    expect(fromText).toEqual(fromObject);
    expect(fromText.stage).toBe('dev');
  });

  it.each([
    {
      problem: 'quiet hours starting at 25:00',
      change: (dev: Record<string, unknown>) => {
        dev.quietHours = { start: '25:00', end: '09:00' };
      },
      names: ['`stages.dev.quietHours.start`', '"25:00"', 'HH:MM'],
    },
    {
      problem: 'a misspelt key',
      change: (dev: Record<string, unknown>) => {
        dev.logRetentionDay = 30;
      },
      names: ['`stages.dev`', '`logRetentionDay`', 'check the spelling'],
    },
    {
      problem: 'a log retention CloudWatch does not offer',
      change: (dev: Record<string, unknown>) => {
        dev.logRetentionDays = 31;
      },
      names: ['`stages.dev.logRetentionDays`', 'got 31'],
    },
    {
      problem: 'no SMS settings',
      change: (dev: Record<string, unknown>) => {
        delete dev.sms;
      },
      names: ['`stages.dev.sms`', 'got nothing', 'required'],
    },
  ])('refuses $problem with a message naming the field and what is wrong', ({ change, names }) => {
    // Prepare
    const stages = devStageWith(change);

    // Act
    const load = () => loadStageConfig({ stage: 'dev', stages: JSON.stringify(stages) });

    // Assess
    expect(load).toThrow(StageConfigError);
    for (const name of names) expect(load).toThrow(name);
  });

  it('refuses a stage that cdk.json does not configure, listing the ones it does', () => {
    // Act
    const load = () => loadStageConfig({ stage: 'staging', stages: cdkJsonContext().stages });

    // Assess
    expect(load).toThrow('stage "staging" is not configured');
    expect(load).toThrow('configured: dev, prod');
  });
});
