import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTwin } from '../../lib/local/twin.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tsunagu-twin-'));

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Running (a zombie, exited but not yet reaped by its new parent, counts as gone). */
function isAlive(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false;
  }
}

/** Every process below `pid` (children, grandchildren, ...). */
function descendants(pid: number): { pid: number; args: string }[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' }));
  const found: { pid: number; args: string }[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift();
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push(row);
      queue.push(row.pid);
    }
  }
  return found;
}

describe('the local twin', () => {
  it('serves the seeded profile store, keeps data in --data-dir across restarts, and stops its Java process', async () => {
    // Prepare: first run creates the table from the synthesized template and seeds it
    const first = await startTwin({ port: 0, dataDir });
    const health = await fetch(`${first.url}/health`);
    const sato = await (await fetch(`${first.url}/customers?phone=090-1234-5678`)).json();
    const created = await fetch(`${first.url}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '中村 健', phone: '080-5555-1234' }),
    });
    const context = await fetch(`${first.url}/functions/CustomerContext/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Name: 'ContactFlowEvent',
        Details: {
          ContactData: {
            ContactId: 'twin-contact-1',
            Channel: 'VOICE',
            CustomerEndpoint: { Address: '+819012345678', Type: 'TELEPHONE_NUMBER' },
          },
          Parameters: {},
        },
      }),
    });
    const javaPid = Number(descendants(process.pid).find((p) => p.args.includes('DynamoDBLocal.jar'))?.pid);

    // Act
    await first.stop();
    const second = await startTwin({ port: 0, dataDir });
    const kept = await fetch(`${second.url}/customers?phone=08055551234`);
    const stillOneSato = await fetch(`${second.url}/customers?phone=090-1234-5678`);
    await second.stop();

    // Assess
    expect(health.status).toBe(200);
    expect(sato).toMatchObject({ name: '佐藤 花子', phone: '+819012345678' });
    expect(created.status).toBe(201);
    // The deployed handler module, with the environment from the template, against DynamoDB Local
    expect(context.status).toBe(200);
    expect(await context.json()).toMatchObject({
      result: { known: 'true', greetingName: '佐藤', tier: 'vip', noticeTopic: 'delivery-delayed' },
    });
    expect(javaPid).toBeGreaterThan(0);
    expect(isAlive(javaPid)).toBe(false);
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as { name: string }).name).toBe('中村 健');
    expect(stillOneSato.status).toBe(200);
  });

  it('says which port is taken and leaves no Java process when the API port is in use', async () => {
    // Prepare
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as AddressInfo;
    const javaBefore = new Set(descendants(process.pid).map((p) => p.pid));

    // Act
    const started = startTwin({ port });

    // Assess
    await expect(started).rejects.toThrow(`port ${port} on 127.0.0.1 is in use`);
    const javaLeft = descendants(process.pid).filter(
      (p) => p.args.includes('DynamoDBLocal.jar') && !javaBefore.has(p.pid) && isAlive(p.pid),
    );
    expect(javaLeft).toEqual([]);
    blocker.close();
  });

  it('leaves no Java process when killed during start-up, before any handler is installed', async () => {
    // Prepare: start the CLI and wait only until DynamoDB Local's Java process exists
    const cli = spawn(process.execPath, ['--import', 'tsx', 'bin/tsunagu.ts', 'local', '--port', '0'], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: 'ignore',
    });
    const exited = new Promise<void>((done) => cli.once('exit', () => done()));
    let java: { pid: number }[] = [];
    for (let i = 0; i < 300 && java.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      java = descendants(cli.pid ?? -1).filter((p) => p.args.includes('DynamoDBLocal.jar'));
    }

    // Act
    cli.kill('SIGKILL');
    await exited;
    await new Promise((r) => setTimeout(r, 2000));

    // Assess
    expect(java).toHaveLength(1);
    expect(java.every((p) => !isAlive(p.pid))).toBe(true);
  });

  it('`tsunagu local` prints its URL and Ctrl-C (SIGINT) stops it with no Java process left', async () => {
    // Prepare
    const cli: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', 'bin/tsunagu.ts', 'local', '--port', '0'],
      {
        cwd: join(import.meta.dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((done) => cli.once('exit', (code) => done(code)));
    let stdout = '';
    const url = await new Promise<string>((found, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL printed; stdout: ${stdout}`)), 90_000);
      cli.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = stdout.match(/ready at (http:\/\/127\.0\.0\.1:\d+)/);
        if (match?.[1]) {
          clearTimeout(timer);
          found(match[1]);
        }
      });
    });
    const java = descendants(cli.pid ?? -1).filter((p) => p.args.includes('DynamoDBLocal.jar'));
    const health = await fetch(`${url}/health`);

    // Act
    cli.kill('SIGINT');
    const code = await exited;

    // Assess
    expect(health.status).toBe(200);
    expect(java).toHaveLength(1);
    expect(code).toBe(0);
    expect(java.every((p) => !isAlive(p.pid))).toBe(true);
  });
});
