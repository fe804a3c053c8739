import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../support/fixtures.ts';

const root = join(import.meta.dirname, '../..');
const fixtures = fixturePath('connect-flows', 'real-world');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bin/tsunagu.ts', 'flow', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the real `tsunagu flow validate` process', () => {
  it('validates a real-world flow with exit 0', () => {
    const { code, stdout } = cli('validate', join(fixtures, 'contact-surveys-inbound.json'));

    expect(code).toBe(0);
    expect(stdout).toContain('0 errors');
  });

  it('answers unusable input with exit 2 and one line, never a stack trace', () => {
    const { code, stderr, stdout } = cli('validate', 'no-such-flow.json');

    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual(['no-such-flow.json: no such file']);
    expect(stdout).toBe('');
  });
});
