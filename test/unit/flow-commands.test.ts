import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeOutcome,
  EXIT,
  listCommand,
  renderCommand,
  simulateCommand,
  transcript,
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
    [{ from: '+819012345678', channel: 'FAX' }, '--channel must be one of VOICE, CHAT, TASK, EMAIL'],
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

describe('flow files the way people have them: wrappers and templates', () => {
  const WILD = fixturePath('connect-flows', 'wild');
  const INSTANCE = 'arn:aws:connect:ap-northeast-1:123456789012:instance/Instance';
  const flowJson = (...actions: { Identifier: string }[]) => ({
    Version: '2019-10-30',
    StartAction: actions[0]?.Identifier,
    Actions: actions,
  });
  const say = (id: string, text: string, next = 'end', key: 'Text' | 'SSML' = 'Text') => ({
    Identifier: id,
    Type: 'MessageParticipant',
    Parameters: { [key]: text },
    Transitions: { NextAction: next },
  });
  const end = { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
  const transfer = (to: string) => ({
    Identifier: 'go',
    Type: 'TransferToFlow',
    Parameters: { ContactFlowId: to },
    Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
  });
  /** Content as CDK writes it when it holds tokens: each `@@Id.Attr@@` an Fn::GetAtt of an Fn::Join. */
  const cdkContent = (flow: unknown) => ({
    'Fn::Join': [
      '',
      JSON.stringify(flow)
        .split(/@@([\w.]+)@@/)
        .map((part, i) => (i % 2 === 0 ? part : { 'Fn::GetAtt': part.split('.') })),
    ],
  });
  const flowResource = (name: string, content: unknown) => ({
    Type: 'AWS::Connect::ContactFlow',
    Properties: {
      InstanceArn: { 'Fn::GetAtt': ['Instance', 'Arn'] },
      Name: name,
      Type: 'CONTACT_FLOW',
      Content: content,
    },
  });
  const templateJson = {
    Resources: {
      Instance: { Type: 'AWS::Connect::Instance', Properties: {} },
      Flowother: flowResource(
        'tsunagu-dev-other',
        JSON.stringify(flowJson(say('there', 'you are there'), end)),
      ),
      Flowmain: flowResource(
        'tsunagu-dev-main',
        cdkContent(flowJson(say('hi', 'hello', 'go'), transfer('@@Flowother.ContactFlowArn@@'), end)),
      ),
    },
  };
  const template = write('connect.template.json', JSON.stringify(templateJson));
  const OTHER_ARN = `${INSTANCE}/contact-flow/Flowother`;
  const NOTE = `\${Flowother.ContactFlowArn} → ${OTHER_ARN} (placeholder)`;

  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  }
  async function sim(file: string, options: Omit<Parameters<typeof simulateCommand>[1], 'from'>) {
    const r = io();
    const code = await simulateCommand(file, { from: '+819012345678', ...options }, r.io);
    return { code, out: r.out, err: r.err };
  }

  describe('validate', () => {
    it('checks every flow of a template as <file>#<logical id>, with a note per placeholder', () => {
      const { code, out, err } = run([template]);

      expect(code).toBe(EXIT.ok);
      expect(out).toEqual([
        `${template}#Flowother: 0 errors, 0 warnings`,
        `${template}#Flowmain: note ${NOTE}`,
        `${template}#Flowmain: 0 errors, 0 warnings`,
      ]);
      expect(err).toEqual([]);
    });

    it('gives each flow of a template its file, flow and notes in --json; a bare flow keeps its shape', () => {
      const { out } = run([template, ok], { json: true });

      expect(JSON.parse(out.join(''))).toEqual({
        files: [
          { file: template, flow: 'Flowother', notes: [], diagnostics: [] },
          { file: template, flow: 'Flowmain', notes: [NOTE], diagnostics: [] },
          { file: ok, diagnostics: [] },
        ],
      });
    });

    it('checks a DescribeContactFlow response around a wild flow under its Type', () => {
      const content = readFileSync(join(WILD, 'scv-AWSSCVAgentWhisper.json'), 'utf8');
      const file = write(
        'describe.json',
        JSON.stringify({
          ContactFlow: {
            Arn: `${INSTANCE}/contact-flow/w1`,
            Id: 'w1',
            Name: 'AWSSCVAgentWhisper',
            Type: 'AGENT_WHISPER',
            State: 'ACTIVE',
            Content: content,
          },
        }),
      );
      // The same content said to be a module: a module must carry Settings.
      const asModule = write(
        'module-export.json',
        JSON.stringify({ Name: 'mislabelled', Type: 'MODULE', Content: content }),
      );

      const wrapped = run([file]);
      const mislabelled = run([asModule]);
      const overridden = run([asModule], { type: 'AGENT_WHISPER' });

      expect(wrapped.code).toBe(EXIT.ok);
      expect(wrapped.out.at(-1)).toMatch(new RegExp(`^${file}#AWSSCVAgentWhisper: 0 errors`));
      expect(mislabelled.code).toBe(EXIT.findings);
      expect(mislabelled.out.join('\n')).toContain(`${asModule}#mislabelled: error document/settings`);
      expect(overridden.code).toBe(EXIT.ok);
    });

    it('exits 2 for a flow of a template whose Content is not JSON once substituted, and checks the others', () => {
      const file = write(
        'broken.template.json',
        JSON.stringify({
          Resources: {
            Good: flowResource('good', JSON.stringify(flowJson(say('hi', 'hello'), end))),
            Broken: flowResource('broken', { 'Fn::Sub': '{"Version": ${Version}' }),
          },
        }),
      );

      const { code, out, err } = run([file]);

      expect(code).toBe(EXIT.unusable);
      expect(out).toEqual([`${file}#Good: 0 errors, 0 warnings`]);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(
        new RegExp(`^${file}#Broken: Properties\\.Content, with its references substituted, is not JSON: `),
      );
    });

    it.each([
      [
        'a wrapper whose Content is not a flow',
        { ContactFlow: { Name: 'n', Content: '{"modules":[]}' } },
        'ContactFlow.Content is not a flow-language document',
      ],
      ['unknown JSON', { hello: 'world' }, 'a DescribeContactFlow or DescribeContactFlowModule response'],
    ])('exits 2 for %s, never calling it a legacy export', (_case, json, reason) => {
      const file = write('unusable.json', JSON.stringify(json));

      const { code, err } = run([file]);

      expect(code).toBe(EXIT.unusable);
      expect(err).toHaveLength(1);
      expect(err[0]).toContain(reason);
      expect(err[0]).not.toMatch(/legacy/i);
    });

    it('says a legacy console export is one that cannot be deployed', () => {
      const file = write('legacy.json', JSON.stringify({ modules: [], version: '1', type: 'contactFlow' }));

      const { code, err } = run([file]);

      expect(code).toBe(EXIT.unusable);
      expect(err).toEqual([expect.stringMatching(/legacy console export.*cannot be deployed/)]);
    });
  });

  describe('validate --channels', () => {
    const ssml = write(
      'ssml.json',
      JSON.stringify(flowJson(say('hi', '<speak>hi</speak>', 'end', 'SSML'), end)),
    );
    const channels = (list: string | undefined) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = validateCommand([ssml], list === undefined ? {} : { channels: list }, {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      });
      return { code, out, err };
    };

    it('warns about what a served channel cannot play, and only when the channels are given', () => {
      const chat = channels('VOICE,chat');
      const voice = channels('VOICE');
      const unknown = channels(undefined);

      expect(chat.code).toBe(EXIT.ok);
      expect(chat.out).toEqual([
        expect.stringContaining('warning channel/voice-only [hi] at $.Actions[0].Parameters.SSML'),
        `${ssml}: 0 errors, 1 warning`,
      ]);
      expect(voice.out).toEqual([`${ssml}: 0 errors, 0 warnings`]);
      expect(unknown.out).toEqual([`${ssml}: 0 errors, 0 warnings`]);
    });

    it('passes the channels to a project flow in place of its own', () => {
      const r = io();

      validateCommand(['main-inbound'], { channels: 'CHAT' }, r.io);

      expect(r.out.some((l) => l.includes('channel/voice-only'))).toBe(true);
    });

    it('exits 2 for a channel that is not one, listing them', () => {
      const { code, err } = channels('VOICE,FAX');

      expect(code).toBe(EXIT.unusable);
      expect(err).toEqual([
        'tsunagu flow validate: --channels must be a comma-separated list of VOICE, CHAT, TASK, EMAIL, got VOICE,FAX',
      ]);
    });
  });

  describe('render --flow', () => {
    it('draws the flow a template holds that --flow names, by logical id or Name', () => {
      const byId = io();
      const byName = io();

      expect(renderCommand(template, { flow: 'Flowmain' }, byId.io)).toBe(EXIT.ok);
      expect(renderCommand(template, { flow: 'tsunagu-dev-main' }, byName.io)).toBe(EXIT.ok);
      expect(byId.out[0]).toMatch(/^flowchart/);
      expect(byId.out.join('\n')).toContain('Transfer to flow');
      expect(byName.out).toEqual(byId.out);
    });

    it('exits 2 listing the flows when none or another is named', () => {
      const none = io();
      const other = io();

      expect(renderCommand(template, {}, none.io)).toBe(EXIT.unusable);
      expect(renderCommand(template, { flow: 'nope' }, other.io)).toBe(EXIT.unusable);
      expect(none.err).toEqual([`${template}: holds 2 flows: choose one with --flow (Flowother, Flowmain)`]);
      expect(other.err).toEqual([`${template}: has no flow nope: it holds Flowother, Flowmain`]);
    });
  });

  describe('simulate', () => {
    it('runs the flow of a template --flow names, reaching another of its flows by ARN', async () => {
      const { code, out } = await sim(template, { flow: 'Flowmain' });

      expect(code).toBe(EXIT.ok);
      expect(out).toEqual([
        `note: ${NOTE}`,
        '── flow Flowmain',
        '  🔊 hello',
        `── flow ${OTHER_ARN}`,
        '  🔊 you are there',
        '  ✕ disconnect',
        'outcome: disconnected',
      ]);
    });

    it('exits 2 listing the flows of a template when --flow is missing', async () => {
      const { code, err } = await sim(template, {});

      expect(code).toBe(EXIT.unusable);
      expect(err).toEqual([
        `tsunagu flow simulate: ${template}: holds 2 flows: choose one with --flow (Flowother, Flowmain)`,
      ]);
    });

    it('finds the wrappers and templates of a --flows folder by their Arn and Name', async () => {
      const folder = mkdtempSync(join(dir, 'wrapped-flows-'));
      const arn = `${INSTANCE}/contact-flow/2b3c`;
      writeFileSync(
        join(folder, 'exported.json'),
        JSON.stringify({
          ContactFlow: {
            Arn: arn,
            Id: '2b3c',
            Name: 'Exported',
            Type: 'CONTACT_FLOW',
            Content: JSON.stringify(flowJson(say('x', 'exported'), end)),
          },
        }),
      );
      copyFileSync(template, join(folder, 'connect.template.json'));
      const byArn = write('to-arn.json', JSON.stringify(flowJson(transfer(arn), end)));
      const byName = write('to-name.json', JSON.stringify(flowJson(transfer('tsunagu-dev-other'), end)));

      const exported = await sim(byArn, { flows: folder });
      const fromTemplate = await sim(byName, { flows: folder });

      expect(exported.code).toBe(EXIT.ok);
      expect(exported.out).toContain('  🔊 exported');
      expect(fromTemplate.code).toBe(EXIT.ok);
      expect(fromTemplate.out).toContain('  🔊 you are there');
      expect(fromTemplate.err).toEqual([]);
    });
  });

  describe('simulate --lambda, --max-steps, --to, --lex', () => {
    const call = (id: string, next: string) => ({
      Identifier: id,
      Type: 'InvokeLambdaFunction',
      Parameters: { LambdaFunctionARN: 'arn:aws:lambda:ap-northeast-1:123456789012:function:words' },
      Transitions: { NextAction: next, Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'oops' }] },
    });
    const lambdas = write(
      'lambdas.json',
      JSON.stringify(
        flowJson(
          call('call1', 'say1'),
          say('say1', '$.External.word', 'call2'),
          call('call2', 'say2'),
          say('say2', '$.External.word', 'call3'),
          call('call3', 'say3'),
          say('say3', '$.External.word'),
          say('oops', 'failed'),
          end,
        ),
      ),
    );
    const one = write('one.json', JSON.stringify({ word: 'one' }));
    const two = write('two.json', JSON.stringify({ word: 'two' }));
    const prompts = (out: readonly string[]) =>
      out.filter((l) => l.startsWith('  🔊')).map((l) => l.slice(5));

    it('answers a function called again with the next --lambda file, the last one repeating', async () => {
      const { code, out } = await sim(lambdas, { lambda: [`words=${one}`, `words=${two}`] });

      expect(code).toBe(EXIT.ok);
      expect(prompts(out)).toEqual(['one', 'two', 'two']);
    });

    it('makes a function fail with --lambda name=error:<message>, alone or in a sequence', async () => {
      const failing = await sim(lambdas, { lambda: ['words=error:throttled'] });
      const later = await sim(lambdas, { lambda: [`words=${one}`, 'words=error:throttled'] });

      expect(failing.out).toContain('  λ words({}) → FAILED: throttled');
      expect(prompts(failing.out)).toEqual(['failed']);
      expect(prompts(later.out)).toEqual(['one', 'failed']);
      expect(later.out).toContain('  λ words({}) → FAILED: throttled');
    });

    it('ends the run in error after --max-steps steps (exit 1)', async () => {
      const { code, out } = await sim(lambdas, { lambda: [`words=${one}`], maxSteps: '3' });

      expect(code).toBe(EXIT.findings);
      expect(out.at(-1)).toBe('outcome: error: step limit of 3 reached (an endless loop?) at say2');
    });

    it('stops before the --to action with outcome stopped (exit 0)', async () => {
      const text = await sim(lambdas, { lambda: [`words=${one}`], to: 'call2' });
      const json = await sim(lambdas, { lambda: [`words=${one}`], to: 'call2', json: true });

      expect(text.code).toBe(EXIT.ok);
      expect(prompts(text.out)).toEqual(['one']);
      expect(text.out.at(-1)).toBe('outcome: stopped before call2 (flow lambdas)');
      expect(JSON.parse(json.out.join('')).outcome).toEqual({
        kind: 'stopped',
        at: 'call2',
        flow: 'lambdas',
      });
    });

    it('gives the Lex bot one --lex result per turn, in order, with its slots', async () => {
      const lex = (id: string, next: string) => ({
        Identifier: id,
        Type: 'ConnectParticipantWithLexBot',
        Parameters: {
          Text: 'How can I help?',
          LexV2Bot: { AliasArn: 'arn:aws:lex:ap-northeast-1:123456789012:bot-alias/B/A' },
        },
        Transitions: {
          NextAction: 'end',
          Conditions: [
            { NextAction: next, Condition: { Operator: 'Equals', Operands: ['Billing'] } },
            { NextAction: 'other', Condition: { Operator: 'Equals', Operands: ['Other'] } },
          ],
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'end' }],
        },
      });
      const bot = write(
        'lex.json',
        JSON.stringify(
          flowJson(
            lex('ask', 'billing'),
            say('billing', 'billing', 'again'),
            lex('again', 'billing'),
            say('other', 'other'),
            end,
          ),
        ),
      );

      const { code, out } = await sim(bot, { lex: ['intent=Billing,account=123', 'intent=Other'] });

      expect(code).toBe(EXIT.ok);
      expect(
        out.filter((l) => l.includes('Lex') || l.startsWith('  🔊 b') || l.startsWith('  🔊 o')),
      ).toEqual([
        '  🤖 Lex: intent Billing (account=123)',
        '  🔊 billing',
        '  🤖 Lex: intent Other',
        '  🔊 other',
      ]);
    });

    it.each([
      [{ maxSteps: '0' }, '--max-steps must be a whole number from 1 to 1000000, got 0'],
      [{ maxSteps: '1.5' }, '--max-steps must be a whole number from 1 to 1000000, got 1.5'],
      [{ maxSteps: 'many' }, '--max-steps must be a whole number from 1 to 1000000, got many'],
      [{ to: ' ' }, '--to must be the Identifier of an action to stop before'],
      [{ to: 'ghost' }, '--to ghost: no action of the flows has this Identifier'],
      [{ lex: ['account=123'] }, '--lex must be intent=Name[,slot=value...], got account=123'],
      [{ lex: ['intent='] }, '--lex must be intent=Name[,slot=value...], got intent='],
      [
        { lex: ['intent=Billing,account'] },
        '--lex must be intent=Name[,slot=value...], got intent=Billing,account',
      ],
      [{ lambda: ['words=error:'] }, '--lambda words=error:: error: needs a message'],
      [
        { lambda: ['words='] },
        '--lambda must be ARN_OR_NAME=response.json or ARN_OR_NAME=error:message, got words=',
      ],
    ])('exits 2 for %j with a one-line reason', async (options, reason) => {
      const { code, err } = await sim(lambdas, options);

      expect(code).toBe(EXIT.unusable);
      expect(err).toEqual([expect.stringContaining(reason)]);
    });
  });

  it('prints notes, Lex turns, transfers and the stopped and transferred outcomes readably', () => {
    expect(
      transcript([
        { type: 'note', action: 'task', text: 'a task is created' },
        { type: 'lex', intent: 'Billing', slots: {} },
        { type: 'transfer', to: '+815012345678' },
      ]),
    ).toEqual([
      '  ✎ task: a task is created',
      '  🤖 Lex: intent Billing',
      '  ⇢ transferred to +815012345678',
    ]);
    expect(describeOutcome({ kind: 'stopped', at: 'menu', flow: 'main' })).toBe(
      'stopped before menu (flow main)',
    );
    expect(describeOutcome({ kind: 'transferred', to: '+815012345678' })).toBe(
      'transferred to +815012345678',
    );
  });
});

describe('tsunagu flow simulate, for a contact that waits', () => {
  const WILD = fixturePath('connect-flows', 'wild');
  async function sim(file: string, options: Omit<Parameters<typeof simulateCommand>[1], 'from'>) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await simulateCommand(
      file,
      { from: '+819012345678', ...options },
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    return { code, out, err };
  }

  it('plays a hold flow, named by --type, until --hold-seconds are over', async () => {
    const hold = join(WILD, 'rules-engine-RulesEngineCustomerHold.json');

    const short = await sim(hold, { type: 'CUSTOMER_HOLD', holdSeconds: '20' });
    const long = await sim(hold, { type: 'CUSTOMER_HOLD', holdSeconds: '60' });

    const plays = (out: string[]) => out.filter((l) => l.includes('🔊')).length;
    expect(short.code).toBe(EXIT.ok);
    expect(short.out.at(-1)).toBe('outcome: ended');
    expect(short.out).toContainEqual(expect.stringContaining('the wait is over after 20 s'));
    expect(plays(long.out)).toBeGreaterThan(plays(short.out) * 2);
  });

  it('runs a whisper flow for a contact already in --queue, which $.Queue.Name reads', async () => {
    const queues = write('whisper-queues.json', JSON.stringify({ 'queue/support': { name: 'Support' } }));

    const { code, out } = await sim(join(WILD, 'scv-AWSSCVAgentWhisper.json'), {
      queue: 'arn:aws:connect:ap-northeast-1:123456789012:instance/i/queue/support',
      queues,
    });

    expect(code).toBe(EXIT.ok);
    expect(out).toContain('  🔊 Support');
  });

  it.each([
    [{ type: 'HOLD' }, '--type must be one of CONTACT_FLOW'],
    [{ holdSeconds: '-1' }, '--hold-seconds must be whole seconds from 0 to 86400'],
  ])('refuses %j with exit 2', async (options, message) => {
    const { code, err } = await sim(join(WILD, 'scv-AWSSCVAgentWhisper.json'), options);

    expect(code).toBe(EXIT.unusable);
    expect(err.join('\n')).toContain(message);
  });
});
