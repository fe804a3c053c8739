import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_FILE, DIST } from '../../scripts/build-cli.ts';
import { fixturePath } from '../support/fixtures.ts';
import { scratchFolder } from '../support/scratch.ts';

// The compiled CLI, the package's `bin` (what `npx tsunagu` runs): built here from the current
// sources with the build `npm run build` (and `prepare`) runs, into a folder of its own inside the
// project (the bundle imports node_modules at run time, so it must sit where they resolve; .tmp/
// is git-ignored), so a stale or missing dist/ can neither pass nor fail it.
const root = join(import.meta.dirname, '../..');
const scratch = scratchFolder('tsunagu-compiled-cli-');
const fixture = fixturePath('connect-flows', 'real-world', 'contact-surveys-inbound.json');
const quiet = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

let outdir: string;
let cli: string;

beforeAll(async () => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  outdir = mkdtempSync(join(root, '.tmp', 'compiled-cli-'));
  cli = await buildCli(outdir);
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** What the compiled CLI running `args` loaded: its npm packages, and whether any TypeScript. */
function loadedBy(args: string[]): { code: number | null; packages: string[]; typescript: boolean } {
  const file = join(scratch, `loaded-${args.join('-').replace(/\W+/g, '_').slice(-60)}.json`);
  const r = spawnSync(process.execPath, ['--import', './test/support/loaded-packages.mjs', cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...quiet, LOADED_PACKAGES_FILE: file },
  });
  return {
    code: r.status,
    ...(JSON.parse(readFileSync(file, 'utf8')) as { packages: string[]; typescript: boolean }),
  };
}

describe('the compiled `tsunagu` CLI', () => {
  it('is the file package.json names as bin, built by prepare, and runs under plain node', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };

    expect(pkg.bin.tsunagu).toBe(relative(root, join(DIST, CLI_FILE)));
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.build).toBe('tsx scripts/build-cli.ts');
    expect(cli).toBe(join(outdir, CLI_FILE));
    expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(cli).mode & 0o111).not.toBe(0);
    expect(statSync(`${cli}.map`).isFile()).toBe(true);
  });

  it('validates a real-world flow with exit 0, run as an executable through its shebang, anywhere', () => {
    const r = spawnSync(cli, ['flow', 'validate', fixture], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, ...quiet },
    });

    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('contact-surveys-inbound.json: 0 errors');
  });

  it('validates files loading no package at all, and a project flow commander only', () => {
    const hours = join(scratch, 'hours.json');
    writeFileSync(
      hours,
      JSON.stringify({ office: { timeZone: 'Asia/Tokyo', days: { MON: ['09:00', '18:00'] } } }),
    );

    const validate = loadedBy(['flow', 'validate', fixture]);
    const byName = loadedBy(['flow', 'validate', 'main-inbound']);
    // The check itself can fail: a command that does load more is seen (simulate with an hours file
    // loads zod, to read it).
    const simulate = loadedBy(['flow', 'simulate', fixture, '--from', '+819012345678', '--hours', hours]);

    // Files: node:util parses the arguments; no commander, TypeScript, zod, CDK or AWS SDK.
    expect(validate).toEqual({ code: 0, packages: [], typescript: false });
    expect(byName).toEqual({ code: 0, packages: ['commander'], typescript: false });
    expect(simulate.code).toBe(0);
    expect(simulate.packages).toContain('zod');
  });

  it('runs the twin from source through tsx: `local` with a stage cdk.json lacks names it, exit 1', () => {
    const r = spawnSync(cli, ['local', '--stage', 'nope'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, ...quiet },
    });

    expect(r.status, r.stderr).toBe(1);
    // The twin's own StageConfigError (from lib/, not the bundle's copy): its message, no prefix.
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^stage "nope" is not configured: add it under context\.stages/,
    );
  });

  it('phones the local IVR: `call` runs the real handlers (TypeScript loaded at run time)', () => {
    const r = spawnSync(cli, ['call', '--from', '090-8765-4321', '--at', '2026-11-24T10:00:00+09:00'], {
      cwd: scratch,
      encoding: 'utf8',
      input: '3\n',
      timeout: 90_000,
      env: { ...process.env, ...quiet },
    });

    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('🔊 Hello James, thank you for calling.');
    expect(r.stdout).toMatch(/outcome: queued \(technical-support\)/);
  });
});
