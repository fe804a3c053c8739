import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, type ExpectStatic, it, vi } from 'vitest';
import { descendants, isRunning, processesMentioning, processTable } from '../support/process-table.ts';
import { scratchFolder } from '../support/scratch.ts';

// `npm start` and `tsunagu call` killed at each stage of start-up, the way a terminal or a crash
// kills them. Each run gets a TMPDIR of its own; afterwards no process of its group may run, nor
// any that mentions its TMPDIR (the guardian; Java, whose java.io.tmpdir lies in it), and the
// TMPDIR must hold nothing but what the test put there.

const REPO = join(import.meta.dirname, '../..');
const runs = scratchFolder('tsunagu-kill-points-');
// tsx keeps its compile cache in <TMPDIR>/tsx-<uid>: every run shares this one (a link the test
// puts in the run's TMPDIR), so the runs start warm and tsx's cache is not counted as a leftover.
const TSX_CACHE = `tsx-${process.geteuid?.() ?? 0}`;
const sharedTsxCache = join(tmpdir(), TSX_CACHE);
mkdirSync(sharedTsxCache, { recursive: true });

const NPM_START = ['start', '--', '--port', '0'];
const NPM_CALL = ['run', '-s', 'tsunagu', '--', 'call', '--from', '090-1234-5678'];
const DEADLINE = { timeout: 90_000, interval: 50 };

interface Run {
  /** The run's TMPDIR. */
  readonly tmp: string;
  readonly child: ChildProcess;
  /** Its process group (npm's pid: it runs detached). */
  readonly group: number;
  readonly exited: Promise<number | null>;
  output(): string;
  /** Resolves once stdout or stderr has shown `text`; rejects if the run ends first. */
  printed(text: string): Promise<void>;
}

function launch(command: string, args: readonly string[], options: { ipc?: boolean } = {}): Run {
  const tmp = mkdtempSync(join(runs, 'run-'));
  symlinkSync(sharedTsxCache, join(tmp, TSX_CACHE));
  // Detached: a process group of its own, to signal as a terminal signals its foreground job.
  const child = spawn(command, args, {
    cwd: REPO,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
    env: { ...process.env, TMPDIR: tmp },
  });
  let output = '';
  const waiting = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const check of waiting) check();
    });
  }
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  if (!child.pid) throw new Error(`could not start ${command}`);
  return {
    tmp,
    child,
    group: child.pid,
    exited,
    output: () => output,
    printed: (text) =>
      new Promise<void>((found, fail) => {
        const check = () => {
          if (!output.includes(text)) return;
          waiting.delete(check);
          found();
        };
        waiting.add(check);
        check();
        void exited.then((code) => fail(new Error(`exited (${code}) before printing "${text}":\n${output}`)));
      }),
  };
}

/** Resolves once a process of this run whose command line contains `text` is running. */
function runsProcess(run: Run, text: string): Promise<void> {
  return vi.waitFor(() => {
    if (!processesMentioning(run.tmp).some((p) => p.args.includes(text))) {
      throw new Error(`no process with "${text}" yet:\n${run.output().slice(-2000)}`);
    }
  }, DEADLINE);
}

/** The processes of the run: in its group, or mentioning its TMPDIR. */
function processesOf(run: Run) {
  return processTable().filter((p) => p.pgid === run.group || p.args.includes(run.tmp));
}

/** What the run left: its processes, and the entries in its TMPDIR besides the tsx link. */
function leftBy(run: Run) {
  return {
    processes: processesOf(run).map((p) => p.args.slice(0, 160)),
    files: readdirSync(run.tmp).filter((name) => name !== TSX_CACHE),
  };
}

/** Waits until the run has left nothing (the guardian needs a moment after its parent dies). */
async function expectNothingLeft(run: Run, expect: ExpectStatic): Promise<void> {
  await vi.waitFor(() => expect(leftBy(run)).toEqual({ processes: [], files: [] }), {
    timeout: 30_000,
    interval: 100,
  });
}

/** Should a test fail half-way, its processes are killed all the same. */
function killEverything(run: Run): void {
  for (const p of processesOf(run)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

interface KillPoint {
  readonly at: string;
  /** `npm start` or `tsunagu call`. */
  readonly command: string;
  readonly npm: readonly string[];
  readonly when: (run: Run) => Promise<void>;
  readonly signal: NodeJS.Signals;
  /** The twin was running: it stops itself and says so. */
  readonly stopsGracefully?: boolean;
}

const KILL_POINTS: readonly KillPoint[] = [
  { at: 'right after spawn', command: 'npm start', npm: NPM_START, when: async () => {}, signal: 'SIGKILL' },
  {
    at: 'as soon as its guardian runs',
    command: 'npm start',
    npm: NPM_START,
    when: (run) => runsProcess(run, 'guardian-process.cjs'),
    signal: 'SIGKILL',
  },
  {
    at: 'while it synthesizes the CDK app',
    command: 'npm start',
    npm: NPM_START,
    when: (run) => run.printed('[tsunagu] synthesizing the CDK app'),
    signal: 'SIGTERM',
  },
  {
    at: 'as soon as the Java process exists',
    command: 'npm start',
    npm: NPM_START,
    when: (run) => runsProcess(run, 'DynamoDBLocal.jar'),
    signal: 'SIGKILL',
  },
  {
    at: 'while it creates the tables (terminal closed)',
    command: 'npm start',
    npm: NPM_START,
    when: (run) => run.printed('creating the tables'),
    signal: 'SIGHUP',
  },
  {
    at: 'once ready (Ctrl-C)',
    command: 'npm start',
    npm: NPM_START,
    when: (run) => run.printed('ready at'),
    signal: 'SIGINT',
    stopsGracefully: true,
  },
  {
    at: 'while `tsunagu call` waits for keys',
    command: 'npm run tsunagu -- call',
    npm: NPM_CALL,
    when: (run) => run.printed('calling from'),
    signal: 'SIGKILL',
  },
];

describe.concurrent('the twin killed during start-up leaves no DynamoDB Local and no temporary folder', () => {
  for (const { at, command, npm, when, signal, stopsGracefully } of KILL_POINTS) {
    it(`\`${command}\` ${at}: ${signal} to its process group`, { timeout: 120_000 }, async ({
      expect,
      onTestFinished,
    }) => {
      // Prepare
      const run = launch('npm', npm);
      onTestFinished(() => killEverything(run));
      await when(run);

      // Act
      process.kill(-run.group, signal);
      await run.exited;

      // Assess
      await expectNothingLeft(run, expect);
      if (stopsGracefully) expect(run.output()).toContain('[tsunagu] stopped');
    });
  }

  it('stops when only tsx, its parent, is SIGKILLed: tsx passes on the IPC channel it was given', async ({
    expect,
    onTestFinished,
  }) => {
    // Prepare: tsx with an IPC channel, as a tool that runs the twin would start it
    const tsx = join(REPO, 'node_modules/tsx/dist/cli.mjs');
    const run = launch(process.execPath, [tsx, 'bin/tsunagu.ts', 'local', '--port', '0'], { ipc: true });
    onTestFinished(() => killEverything(run));
    await run.printed('ready at');
    const twin = descendants(run.group).find((p) => p.args.includes('bin/tsunagu.ts'));
    const url = run.output().match(/ready at (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
    const health = await fetch(`${url}/health`);

    // Act
    run.child.kill('SIGKILL');
    await run.exited;

    // Assess
    expect(health.status).toBe(200);
    expect(twin?.pid).toBeGreaterThan(0);
    await vi.waitFor(() => expect(isRunning(twin?.pid ?? 0)).toBe(false), { timeout: 30_000, interval: 100 });
    await expectNothingLeft(run, expect);
  }, 120_000);
});
