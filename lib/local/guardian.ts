import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * A guardian process for a local run (the twin, a test run, the bench): it owns the run's
 * temporary folder and the processes it starts (DynamoDB Local's Java), and stops and removes them
 * the moment this process ends, however it ends (a crash, SIGKILL). See guardian-process.cjs.
 */
export interface Guardian {
  /** The run's temporary folder: removed by stop(), or by the guardian when this process dies. */
  readonly root: string;
  /** Starts `command` in a process group of its own, as a child of the guardian. */
  spawn(command: string, args: readonly string[], options: { readonly cwd: string }): GuardedProcess;
  /** Stops the processes still running, removes `root`, and waits for the guardian to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export interface GuardedProcess {
  /** Its pid (also its process group's id) once it runs; rejects if it could not start. */
  readonly started: Promise<number>;
  /** Resolves when it has exited (and its output has been read). */
  readonly exited: Promise<ProcessExit>;
  /** The end of what it wrote to stdout and stderr. */
  output(): string;
  /** SIGTERM to its process group, SIGKILL after the grace period; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export class GuardedSpawnError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'GuardedSpawnError';
  }
}

export interface GuardianOptions {
  /** The name of the run's folder in the system temp folder starts with this, e.g. `tsunagu-local-`. */
  readonly prefix: string;
  /** @default 3000 ms between SIGTERM and SIGKILL */
  readonly graceMs?: number;
}

type GuardianMessage =
  | { type: 'ready'; root: string }
  | { type: 'failed'; message: string }
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'error'; id: number; message: string; code?: string }
  | { type: 'output'; id: number; text: string }
  | { type: 'exit'; id: number; code: number | null; signal: string | null };

const GUARDIAN_SCRIPT = fileURLToPath(new URL('./guardian-process.cjs', import.meta.url));
const OUTPUT_KEPT = 4000;

/** Starts a guardian and resolves once it has created the run's folder. */
export async function startGuardian(options: GuardianOptions): Promise<Guardian> {
  const graceMs = options.graceMs ?? 3000;
  // Detached: a session of its own, out of reach of the terminal's signals. Its only link to this
  // process is the IPC channel, whose end the kernel closes when this process dies.
  const child = spawn(process.execPath, [GUARDIAN_SCRIPT, tmpdir(), options.prefix, String(graceMs)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const gone = new Promise<ProcessExit>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const root = await new Promise<string>((ready, fail) => {
    const onMessage = (message: GuardianMessage) => {
      if (message.type === 'ready') ready(message.root);
      if (message.type === 'failed') fail(new Error(`the guardian of this run failed: ${message.message}`));
    };
    child.on('message', onMessage);
    child.once('error', fail);
    void gone.then(({ code, signal }) =>
      fail(new Error(`the guardian of this run exited (code ${code}, signal ${signal}) before it was ready`)),
    );
  });
  return new RunningGuardian(child, root, gone, graceMs);
}

class RunningGuardian implements Guardian {
  private readonly processes = new Map<number, Guarded>();
  private nextId = 1;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly child: ChildProcess,
    readonly root: string,
    private readonly gone: Promise<ProcessExit>,
    private readonly graceMs: number,
  ) {
    child.on('message', (message: GuardianMessage) => {
      if ('id' in message) this.processes.get(message.id)?.receive(message);
    });
    // Once the guardian has exited (after stop(), or killed by someone), whatever it left is
    // handled from here: the groups of processes still running, the folder.
    void gone.then(() => {
      for (const guarded of this.processes.values()) guarded.orphaned();
      rmSync(root, { recursive: true, force: true });
    });
  }

  spawn(command: string, args: readonly string[], options: { readonly cwd: string }): GuardedProcess {
    const id = this.nextId++;
    const guarded = new Guarded(this.graceMs);
    this.processes.set(id, guarded);
    void guarded.exited.then(() => this.processes.delete(id));
    const refused = (message: string) => guarded.receive({ type: 'error', id, message });
    if (this.child.connected && !this.stopping) {
      this.child.send({ type: 'spawn', id, command, args, cwd: options.cwd }, (error) => {
        if (error) refused(`the guardian of this run is gone (${error.message})`);
      });
    } else {
      refused('the guardian of this run has stopped');
    }
    return guarded;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all([...this.processes.values()].map((p) => p.stop()));
      // The guardian removes the folder and exits once its channel closes.
      if (this.child.connected) this.child.disconnect();
      await this.gone;
      rmSync(this.root, { recursive: true, force: true });
    })();
    return this.stopping;
  }
}

class Guarded implements GuardedProcess {
  readonly started: Promise<number>;
  readonly exited: Promise<ProcessExit>;
  private pid: number | undefined;
  private hasExited = false;
  private text = '';
  private settle!: { started: (pid: number) => void; failed: (error: Error) => void };
  private exit!: (exit: ProcessExit) => void;

  constructor(private readonly graceMs: number) {
    this.started = new Promise<number>((started, failed) => {
      this.settle = { started, failed };
    });
    this.started.catch(() => {});
    this.exited = new Promise<ProcessExit>((done) => {
      this.exit = (exit) => {
        this.hasExited = true;
        done(exit);
      };
    });
  }

  receive(message: GuardianMessage): void {
    switch (message.type) {
      case 'spawned':
        this.pid = message.pid;
        this.settle.started(message.pid);
        break;
      case 'error':
        this.settle.failed(new GuardedSpawnError(message.message, message.code));
        if (this.pid === undefined) this.exit({ code: null, signal: null });
        break;
      case 'output':
        this.text = (this.text + message.text).slice(-OUTPUT_KEPT);
        break;
      case 'exit':
        this.exit({ code: message.code, signal: message.signal });
        break;
    }
  }

  /** The guardian died first: kill the group from here, since the guardian no longer can. */
  orphaned(): void {
    if (this.hasExited) return;
    if (this.pid !== undefined) killGroup(this.pid, 'SIGKILL');
    this.settle.failed(new GuardedSpawnError('the guardian of this run exited', undefined));
    this.exit({ code: null, signal: 'SIGKILL' });
  }

  output(): string {
    return this.text;
  }

  async stop(): Promise<void> {
    const pid = await this.started.catch(() => undefined);
    if (pid === undefined || this.hasExited) return;
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), this.graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}
