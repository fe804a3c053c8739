import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly pid: number;
  /** Stops the Java process and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep data in this folder between runs; in memory when absent. */
  readonly dataDir?: string;
  /** @default a free loopback port */
  readonly port?: number;
  /** @default 30 000 ms */
  readonly startTimeoutMs?: number;
}

/** Credentials DynamoDB Local accepts (it checks only that some are present). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'ap-northeast-1';

/** The DynamoDB Local jar shipped inside the npm package amplify-dynamodb-simulator. */
export function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/**
 * Starts AWS's DynamoDB Local on a loopback port with the machine's Java and resolves once it
 * answers requests. The process is stopped on stop(), and when this process exits or is signalled.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const dir = emulatorDir();
  const storage = options.dataDir ? ['-dbPath', ensureDir(resolve(options.dataDir))] : ['-inMemory'];
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-Xms64m',
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    ...storage,
    '-sharedDb',
    // No telemetry leaves a developer's machine, and no web page may call it from a browser.
    '-disableTelemetry',
    '-cors',
    'http://127.0.0.1',
    '-port',
    String(port),
  ];
  const child = spawn('java', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const spawnError = new Promise<never>((_, fail) =>
    child.once('error', (error) =>
      fail(
        new Error(
          `could not start DynamoDB Local with "java" (${error.message}); install Java 17, e.g. apt-get install -y openjdk-17-jre-headless`,
        ),
      ),
    ),
  );

  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  // A signal or a crash can end this process before any handler runs: a detached watchdog then
  // stops Java, so no DynamoDB Local outlives its twin or test run.
  const watchdog = child.pid ? startWatchdog(process.pid, child.pid) : undefined;

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    watchdog?.kill();
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await Promise.race([
      waitUntilReady(endpoint, options.startTimeoutMs ?? 30_000),
      spawnError,
      exited.then((code) => {
        throw new Error(`DynamoDB Local exited (code ${code}) before it was ready:\n${output.trim()}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: child.pid ?? -1, stop };
}

async function waitUntilReady(endpoint: string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(
            `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms: ${String(error)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

const WATCHDOG = `
const [owner, java] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const timer = setInterval(() => {
  if (!alive(java)) return clearInterval(timer);
  if (!alive(owner)) { try { process.kill(java, 'SIGKILL'); } catch {} clearInterval(timer); }
}, 500);
`;

function startWatchdog(owner: number, java: number) {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(owner), String(java)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return watchdog;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
