import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, renderCommand, validateCommand } from '../../lib/cli/flow-commands.ts';

const dir = mkdtempSync(join(tmpdir(), 'tsunagu-flow-cli-'));
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
