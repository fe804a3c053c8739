import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXIT,
  listCommand,
  renderCommand,
  simulateCommand,
  validateCommand,
} from '../../lib/cli/flow-commands.ts';
import { fixturePath } from '../support/fixtures.ts';
import { scratchFolder } from '../support/scratch.ts';

const dir = scratchFolder('tsunagu-flow-cli-');
const write = (name: string, content: string) => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};
const ok = write(
  'ok.json',
  JSON.stringify({
    Version: '2019-10-30',
    StartAction: 'end',
    Actions: [{ Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
  }),
);
const broken = write(
  'broken.json',
  JSON.stringify({
    Version: '2019-10-30',
    StartAction: 'hi',
    Actions: [
      {
        Identifier: 'hi',
        Type: 'MessageParticipant',
        Parameters: { Text: '' },
        Transitions: { NextAction: 'ghost' },
      },
    ],
  }),
);

function run(files: string[], options: { type?: string; json?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = validateCommand(files, options, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('tsunagu flow validate', () => {
  it('exits 0 for a valid flow and 1 for one with errors, naming rule, action and path', () => {
    const good = run([ok]);
    const bad = run([ok, broken]);

    expect(good.code).toBe(EXIT.ok);
    expect(bad.code).toBe(EXIT.findings);
    expect(bad.out.join('\n')).toContain(
      'error parameters/empty-string [hi] at $.Actions[0].Parameters.Text',
    );
    expect(bad.out.join('\n')).toContain('error transition/unresolved [hi]');
  });

  it('prints the documented --json shape', () => {
    const { out, code } = run([broken], { json: true });

    const report = JSON.parse(out.join(''));
    expect(code).toBe(EXIT.findings);
    expect(report.files[0].file).toBe(broken);
    expect(Object.keys(report.files[0].diagnostics[0]).sort()).toEqual([
      'action',
      'message',
      'path',
      'rule',
      'severity',
    ]);
  });

  it.each([
    ['a missing file', join(dir, 'nope.json'), 'no such file'],
    ['a file that is not JSON', write('bad.json', '{"Version":'), 'not JSON'],
    ['JSON that is not a flow', write('notflow.json', '{"modules":[]}'), 'not a flow-language document'],
  ])('exits 2 for %s with a one-line reason', (_case, file, reason) => {
    const { code, err } = run([file]);

    expect(code).toBe(EXIT.unusable);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(reason);
  });

  it('exits 2 for an unknown --type, listing the types', () => {
    const { code, err } = run([ok], { type: 'IVR' });

    expect(code).toBe(EXIT.unusable);
    expect(err[0]).toContain('CONTACT_FLOW');
  });
});

describe('tsunagu flow render', () => {
  it('prints a Mermaid flowchart for a flow, and exits 2 for a file that is not one', () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };

    const good = renderCommand(ok, {}, io);
    const bad = renderCommand(join(dir, 'nope.json'), {}, io);
    const format = renderCommand(ok, { format: 'dot' }, io);

    expect(good).toBe(EXIT.ok);
    expect(out.join('\n')).toMatch(/^flowchart TD/);
    expect([bad, format]).toEqual([EXIT.unusable, EXIT.unusable]);
    expect(err).toEqual([
      `${join(dir, 'nope.json')}: no such file`,
      'tsunagu flow render: --format must be mermaid, got dot',
    ]);
  });
});

describe('tsunagu flow simulate', () => {
  const REAL_WORLD = fixturePath('connect-flows', 'real-world');
  const response = write('context.json', JSON.stringify({ CallBackStatus: 'NONE' }));

  async function sim(file: string, options: Parameters<typeof simulateCommand>[1]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await simulateCommand(file, options, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  it('prints the documented --json shape, and a failed Lambda shows as an error event', async () => {
    const { code, out } = await sim(join(REAL_WORLD, 'callbackmgmt-cfSetCallBackflow.json'), {
      from: '+12065550100',
      input: '12,34',
      lambda: [`alpha-001-callbackmgmt-read-callback=${response}`],
      json: true,
    });

    const report = JSON.parse(out.join(''));
    expect(code).toBe(EXIT.ok);
    expect(Object.keys(report).sort()).toEqual(['attributes', 'events', 'outcome']);
    expect(report.outcome.kind).toBe('queued');
    expect(report.events[0]).toEqual({ type: 'flow', flow: 'callbackmgmt-cfSetCallBackflow' });
    expect(report.events).toContainEqual({ type: 'input', digits: '12' });
  });

  it('runs the flows of a --flows folder named by flow id (the disconnect flow, the module)', async () => {
    // Prepare: a folder with the survey flows named by the ids the inbound flow refers to
    const folder = mkdtempSync(join(dir, 'flows-'));
    copyFileSync(
      join(REAL_WORLD, 'contact-surveys-disconnect.json'),
      join(folder, '9c95f170-90a3-4dad-bb26-4dea76097865.json'),
    );
    copyFileSync(
      join(REAL_WORLD, 'contact-surveys-module.cfn-template.json'),
      join(folder, '1bc263e9-09cf-432c-971c-32da62c784af.json'),
    );
    writeFileSync(join(folder, 'queues.json'), '{}');

    // Act
    const { code, out, err } = await sim(join(REAL_WORLD, 'contact-surveys-inbound.json'), {
      from: '+819012345678',
      flows: folder,
      agentHangup: true,
    });

    // Assess
    expect(code).toBe(EXIT.ok);
    expect(out[0]).toBe('── flow contact-surveys-inbound');
    expect(out).toContain('  ☺ agent hangs up');
    expect(out).toContain('── flow 1bc263e9-09cf-432c-971c-32da62c784af');
    expect(out).toContain('  🔊 Lambda getSurveyConfig error!');
    expect(out.at(-1)).toMatch(/^outcome: queued/);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('skipped');
  });

  it('ends in error (exit 1) when the disconnect flow a hook names is not among the flows', async () => {
    const { code, out } = await sim(join(REAL_WORLD, 'contact-surveys-inbound.json'), {
      from: '+819012345678',
      flows: REAL_WORLD,
      agentHangup: true,
    });

    expect(code).toBe(EXIT.findings);
    expect(out.at(-1)).toMatch(/^outcome: error: the CustomerRemaining hook names .*9c95f170/);
  });

  it('answers CheckHoursOfOperation from --hours at the --at moment', async () => {
    const flow = write(
      'hours-flow.json',
      JSON.stringify({
        Version: '2019-10-30',
        StartAction: 'h',
        Actions: [
          {
            Identifier: 'h',
            Type: 'CheckHoursOfOperation',
            Parameters: { HoursOfOperationId: 'office' },
            Transitions: {
              NextAction: 'end',
              Conditions: [
                { NextAction: 'open', Condition: { Operator: 'Equals', Operands: ['True'] } },
                { NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['False'] } },
              ],
            },
          },
          {
            Identifier: 'open',
            Type: 'MessageParticipant',
            Parameters: { Text: '営業中です' },
            Transitions: { NextAction: 'end' },
          },
          { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
        ],
      }),
    );
    const hours = write(
      'hours.json',
      JSON.stringify({ office: { timeZone: 'Asia/Tokyo', days: { TUE: ['09:00', '18:00'] } } }),
    );

    const open = await sim(flow, { from: '+819012345678', hours, at: '2026-11-24T10:00:00+09:00' });
    const closed = await sim(flow, { from: '+819012345678', hours, at: '2026-11-24T20:00:00+09:00' });

    expect(open.out).toContain('  🔊 営業中です');
    expect(closed.out).not.toContain('  🔊 営業中です');
  });

  it.each([
    [{ from: '090-1234-5678' }, '--from must be the caller number in E.164'],
    [{ from: '+819012345678', channel: 'FAX' }, '--channel must be VOICE or CHAT'],
    [{ from: '+819012345678', at: 'tomorrow' }, '--at must be an ISO time'],
    [{ from: '+819012345678', attr: ['novalue'] }, '--attr must be key=value'],
    [{ from: '+819012345678', lambda: ['fn=missing.json'] }, 'no such file'],
    [{ from: '+819012345678', hours: write('hours-list.json', '[]') }, 'must be a JSON object keyed by id'],
  ])('exits 2 for %j with a one-line reason', async (options, reason) => {
    const { code, err } = await sim(ok, options);

    expect(code).toBe(EXIT.unusable);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(reason);
  });
});

describe('the project flows by name', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it('tsunagu flow list names every project flow with its type, channels and size', () => {
    const { out, io: o } = io();

    expect(listCommand({}, o)).toBe(EXIT.ok);
    expect(out.map((l) => l.split(/\s+/)[0])).toEqual([
      'agent-whisper',
      'customer-queue',
      'post-call-survey',
      'main-inbound',
      'chat-inbound',
      'task-inbound',
    ]);
    expect(out.find((l) => l.startsWith('main-inbound'))).toMatch(/CONTACT_FLOW\s+VOICE\s+\d+ actions/);
    const json = io();
    listCommand({ json: true }, json.io);
    expect(JSON.parse(json.out[0] ?? '')).toMatchObject({
      flows: expect.arrayContaining([
        expect.objectContaining({
          name: 'chat-inbound',
          type: 'CONTACT_FLOW',
          channels: ['CHAT'],
          entry: 'chat',
        }),
      ]),
    });
  });

  it('validates and renders a project flow by name', () => {
    const validated = io();
    const rendered = io();

    expect(validateCommand(['main-inbound', 'post-call-survey'], {}, validated.io)).toBe(EXIT.ok);
    expect(validated.out).toEqual([
      'main-inbound: 0 errors, 0 warnings',
      'post-call-survey: 0 errors, 0 warnings',
    ]);
    expect(renderCommand('agent-whisper', {}, rendered.io)).toBe(EXIT.ok);
    expect(rendered.out[0]).toMatch(/^flowchart/);
  });

  it('simulates a project flow by name with the other project flows, queues and hours', async () => {
    const context = write(
      'context.json',
      JSON.stringify({
        known: 'true',
        customerId: 'C1',
        honorificName: '佐藤様',
        language: 'ja',
        tier: 'vip',
      }),
    );
    const { out, io: o } = io();

    const code = await simulateCommand(
      'main-inbound',
      {
        from: '+819012345678',
        input: '2',
        at: '2026-11-24T10:00:00+09:00',
        lambda: [`tsunagu-dev-customer-context=${context}`],
      },
      o,
    );

    expect(code).toBe(EXIT.ok);
    expect(out).toContain('  🔊 佐藤様 、お電話ありがとうございます。');
    expect(out).toContain('  ↑ routing priority 1');
    expect(out.at(-1)).toBe('outcome: queued (billing)');
  });
});
