import { mkdtempSync, readdirSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTwin } from '../../lib/local/twin.ts';
import { captureLogs } from '../support/log-capture.ts';
import { descendants, isRunning } from '../support/process-table.ts';
import { scratchFolder } from '../support/scratch.ts';

// The CLI killed at every stage of start-up: twin-kill-points.test.ts.

const scratch = scratchFolder('tsunagu-twin-');
const dataDir = join(scratch, 'data');

// Each test runs with a system temp folder of its own, to see what the twin leaves in it.
let systemTemp: string;
const previousTmpdir = process.env.TMPDIR;
beforeEach(() => {
  systemTemp = mkdtempSync(join(scratch, 'tmp-'));
  process.env.TMPDIR = systemTemp;
});
afterEach(() => {
  if (previousTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmpdir;
});

describe('the local twin', () => {
  it('serves the seeded profile store, keeps data in --data-dir across restarts, and stops its Java process leaving no temporary folder', async () => {
    // Prepare: first run creates the table from the synthesized template and seeds it
    const first = await startTwin({ port: 0, dataDir });
    const health = await fetch(`${first.url}/health`);
    const sato = await (await fetch(`${first.url}/customers?phone=090-1234-5678`)).json();
    const created = await fetch(`${first.url}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '中村 健', phone: '080-5555-1234' }),
    });
    // The function's first invocation, one that logs (it cannot read the event): a cold start.
    const logLines = captureLogs();
    const unreadable = await fetch(`${first.url}/functions/CustomerContext/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Details: {} }),
    });
    vi.restoreAllMocks();
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
    const running = descendants(process.pid);
    const java = running.find((p) => p.args.includes('DynamoDBLocal.jar'));
    const guardianPid = Number(running.find((p) => p.args.includes('guardian-process.cjs'))?.pid);
    const tempWhileRunning = readdirSync(systemTemp);

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
    // The function's log lines carry the Lambda context, as in Lambda.
    expect(await unreadable.json()).toMatchObject({ result: { known: 'false', reason: 'invalid-event' } });
    expect(logLines.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({
        message: 'unreadable contact flow event',
        function_name: 'CustomerContext',
        function_request_id: expect.any(String),
        cold_start: true,
      }),
    );
    // Java ignores TMPDIR: told where its temporary files go, and to write no hsperfdata, it leaves
    // nothing in /tmp (the SQLite library it unpacks lands in the twin's folder)
    expect(java?.args).toContain(`-Djava.io.tmpdir=${systemTemp}/tsunagu-local-`);
    expect(java?.args).toContain('-XX:-UsePerfData');
    expect(isRunning(java?.pid ?? 0)).toBe(false);
    expect(guardianPid).toBeGreaterThan(0);
    expect(isRunning(guardianPid)).toBe(false);
    expect(tempWhileRunning).toEqual([expect.stringMatching(/^tsunagu-local-/)]);
    expect(readdirSync(systemTemp)).toEqual([]);
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as { name: string }).name).toBe('中村 健');
    expect(stillOneSato.status).toBe(200);
  });

  it('says which port is taken and leaves no Java process and no temporary folder when the API port is in use', async () => {
    // Prepare
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as AddressInfo;
    const before = new Set(descendants(process.pid).map((p) => p.pid));

    // Act
    const started = startTwin({ port });

    // Assess
    await expect(started).rejects.toThrow(`port ${port} on 127.0.0.1 is in use`);
    const left = descendants(process.pid).filter((p) => !before.has(p.pid));
    expect(left).toEqual([]);
    expect(readdirSync(systemTemp)).toEqual([]);
    blocker.close();
  });
});
