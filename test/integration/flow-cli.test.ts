import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stackNames } from '../../lib/app.ts';
import { synthesize } from '../../lib/local/cloud-assembly.ts';
import { fixturePath } from '../support/fixtures.ts';
import { scratchFolder } from '../support/scratch.ts';

const root = join(import.meta.dirname, '../..');
const fixtures = fixturePath('connect-flows', 'real-world');

const scratch = scratchFolder('tsunagu-flow-cli-');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bin/tsunagu.ts', 'flow', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The npm packages a node process running `args` (through tsx) loaded, and its exit code. */
function packagesLoadedBy(args: string[]): { code: number | null; packages: string[] } {
  const file = join(scratch, `loaded-${args.join('-').replace(/\W+/g, '_').slice(-60)}.json`);
  const r = spawnSync(
    process.execPath,
    ['-r', './test/support/loaded-modules.cjs', '--import', 'tsx', ...args],
    { cwd: root, encoding: 'utf8', env: { ...process.env, LOADED_MODULES_FILE: file } },
  );
  return { code: r.status, packages: JSON.parse(readFileSync(file, 'utf8')) as string[] };
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

  it('loads no aws-cdk-lib (nor the AWS SDK): offline flow commands start fast', () => {
    const file = join(fixtures, 'contact-surveys-inbound.json');

    const validate = packagesLoadedBy(['bin/tsunagu.ts', 'flow', 'validate', file]);
    const simulate = packagesLoadedBy([
      'bin/tsunagu.ts',
      'flow',
      'simulate',
      'main-inbound',
      '--from',
      '+819012345678',
      '--input',
      '2',
    ]);
    // The check itself can fail: a module that does import the CDK app is seen.
    const stack = packagesLoadedBy(['-e', "await import('./lib/app.ts')"]);

    expect(validate.code).toBe(0);
    expect(validate.packages).not.toContain('aws-cdk-lib');
    expect(validate.packages.filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
    expect(simulate.code).toBe(0);
    expect(simulate.packages).not.toContain('aws-cdk-lib');
    expect(stack.packages).toContain('aws-cdk-lib');
  });
});

describe('`tsunagu flow validate` of the synthesized Connect stack', () => {
  it('checks every contact flow of the template CDK writes, one line each, with exit 0', () => {
    // Prepare: the Connect stack's template as `cdk synth -c stage=dev` writes it to cdk.out
    const name = stackNames('dev').connect;
    const template = synthesize({ stage: 'dev' }).template(name);
    const file = join(scratch, `${name}.template.json`);
    writeFileSync(file, JSON.stringify(template, null, 1));
    const flows = Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::Connect::ContactFlow')
      .map(([id]) => id);

    // Act
    const { code, stdout, stderr } = cli('validate', file);

    // Assess
    const summaries = stdout.split('\n').filter((l) => /: \d+ errors?, \d+ warnings?$/.test(l));
    expect(code, stderr).toBe(0);
    expect(flows.length).toBeGreaterThan(1);
    expect(summaries).toEqual(flows.map((id) => `${file}#${id}: 0 errors, 0 warnings`));
    // Its references (queues, other flows, the functions of another stack) became placeholders.
    expect(stdout).toMatch(/#Flowmaininbound: note \$\{Queuegeneral\.QueueArn\} → arn:aws:connect:/);
    expect(stderr).toBe('');
  });
});
