import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { type Guardian, startGuardian } from './guardian.ts';

export interface DynamoDbLocal {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly pid: number;
  /** Stops the Java process (its process group) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep data in this folder between runs; in memory when absent. */
  readonly dataDir?: string;
  /** @default a free loopback port */
  readonly port?: number;
  /** @default 30 000 ms */
  readonly startTimeoutMs?: number;
  /**
   * The guardian that owns the Java process and its temporary folder (the twin's own).
   * @default a guardian of its own, stopped with DynamoDB Local
   */
  readonly guardian?: Guardian;
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
 * answers requests. Java runs under a guardian process (the one given, else one of its own), in a
 * process group of its own, and leaves nothing in the system temp folder: it is stopped by stop(),
 * and by the guardian when this process ends in any way, SIGKILL included.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const guardian = options.guardian ?? (await startGuardian({ prefix: 'tsunagu-dynamodb-' }));
  const stopGuardian = options.guardian ? async () => {} : () => guardian.stop();
  try {
    return await startJava(guardian, options, stopGuardian);
  } catch (error) {
    await stopGuardian();
    throw error;
  }
}

async function startJava(
  guardian: Guardian,
  options: DynamoDbLocalOptions,
  stopGuardian: () => Promise<void>,
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const dir = emulatorDir();
  const storage = options.dataDir ? ['-dbPath', ensureDir(resolve(options.dataDir))] : ['-inMemory'];
  const args = [
    // Java ignores TMPDIR: its temporary files (SQLite's native library) go in the run's folder,
    // and no hsperfdata_<user> folder is written at all.
    `-Djava.io.tmpdir=${mkdtempSync(join(guardian.root, 'java-'))}`,
    '-XX:-UsePerfData',
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
  const java = guardian.spawn('java', args, { cwd: dir });
  const pid = await java.started.catch((error: unknown) => {
    throw new Error(
      `could not start DynamoDB Local with "java" (${(error as Error).message}); install Java 17, e.g. apt-get install -y openjdk-17-jre-headless`,
    );
  });
  const endpoint = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= java.stop().then(stopGuardian);
    return stopping;
  };
  const exited = new AbortController();
  void java.exited.then(() => exited.abort());
  try {
    await Promise.race([
      waitUntilReady(endpoint, options.startTimeoutMs ?? 30_000, exited.signal),
      java.exited.then(({ code, signal }) => {
        throw new Error(
          `DynamoDB Local exited (code ${code}, signal ${signal}) before it was ready:\n${java.output().trim()}`,
        );
      }),
    ]);
  } catch (error) {
    await java.stop();
    throw error;
  }
  return { endpoint, pid, stop };
}

/** Resolves once DynamoDB Local answers; gives up when `gone` aborts (the race is lost then anyway). */
async function waitUntilReady(endpoint: string, timeoutMs: number, gone: AbortSignal): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (!gone.aborted) {
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
