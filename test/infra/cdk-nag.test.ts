import { type App, type PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { stackNames, type TsunaguStacks } from '../../lib/app.ts';
import { buildTsunaguApp, scratchStack } from './tsunagu-app.ts';

const PACKS: ReadonlyArray<readonly [string, (scope: IConstruct) => NagPack]> = [
  ['AwsSolutions', (scope) => new AwsSolutionsChecks(scope)],
  ['Serverless', (scope) => new ServerlessChecks(scope)],
];

/** One line per finding, with the constructs it was found on: the failure message when a check fails. */
function describeViolations(report: PolicyValidationPluginReport): string {
  return report.violations
    .map((v) => {
      const where = v.violatingResources.map((r) => `\n    at ${r.constructPath}`).join('');
      return `${v.ruleName} (${v.severity}): ${v.description}${where}`;
    })
    .join('\n');
}

const ruleNames = (report: PolicyValidationPluginReport) => report.violations.map((v) => v.ruleName);

describe('cdk-nag on the tsunagu app', () => {
  let app: App;
  let stacks: TsunaguStacks;

  beforeAll(() => {
    ({ app, stacks } = buildTsunaguApp('dev'));
  });

  const checks = Object.keys(stackNames('dev')).flatMap((stack) =>
    PACKS.map(([pack, create]) => ({ stack: stack as keyof TsunaguStacks, pack, create })),
  );

  it.each(checks)(
    'finds nothing unacknowledged in the $stack stack with the $pack pack',
    ({ stack, create }) => {
      // Act
      const report = create(app).validateScope(stacks[stack]);

      // Assess
      expect(report.violations, describeViolations(report)).toEqual([]);
      expect(report.success).toBe(true);
    },
  );

  it('checks every stack of the app', () => {
    // Act
    const inApp = app.node.children.filter(Stack.isStack).map((s) => s.stackName);

    // Assess
    expect(inApp.sort()).toEqual(Object.values(stackNames('dev')).sort());
  });

  it('acknowledges findings on single constructs with a reason, never on a whole stack or the app', () => {
    // Prepare
    const acknowledgments: { path: string; isStackOrApp: boolean; id: string; reason: string }[] = [];
    const visit = (scope: IConstruct) => {
      for (const entry of scope.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          const isStackOrApp = scope === app || Stack.isStack(scope);
          acknowledgments.push({ path: scope.node.path, isStackOrApp, id, reason });
        }
      }
      for (const child of scope.node.children) visit(child);
    };

    // Act
    visit(app);

    // Assess
    expect(acknowledgments.length).toBeGreaterThan(0);
    expect(acknowledgments.filter((a) => a.isStackOrApp)).toEqual([]);
    expect(acknowledgments.filter((a) => a.reason.trim().length < 20)).toEqual([]);
  });
});

describe('cdk-nag, shown to fail', () => {
  it('reports a bucket with no access logs and no SSL-only policy (AwsSolutions)', () => {
    // Prepare
    const stack = scratchStack();
    new s3.Bucket(stack, 'Plain');

    // Act
    const report = new AwsSolutionsChecks(stack).validateScope(stack);

    // Assess
    expect(report.success).toBe(false);
    expect(ruleNames(report)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });

  it('reports a plain lambda.Function: default memory and timeout, no DLQ, old runtime (Serverless)', () => {
    // Prepare
    const stack = scratchStack();
    new lambda.Function(stack, 'Plain', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });

    // Act
    const report = new ServerlessChecks(stack).validateScope(stack);

    // Assess
    expect(report.success).toBe(false);
    expect(ruleNames(report)).toEqual(
      expect.arrayContaining([
        'Serverless-LambdaDefaultMemorySize',
        'Serverless-LambdaDefaultTimeout',
        'Serverless-LambdaDLQ',
        'Serverless-LambdaLatestVersion',
      ]),
    );
  });

  it('fails synth of the tsunagu app when a stack gains an unacknowledged finding', () => {
    // Prepare
    const { app: failing, stacks: failingStacks } = buildTsunaguApp('dev');
    new s3.Bucket(failingStacks.data, 'Unlogged');

    // Act
    let failure: unknown;
    try {
      failing.synth();
    } catch (error) {
      failure = error;
    }

    // Assess
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain("Acknowledge with 'AwsSolutions::AwsSolutions-S1'");
    expect(message).toContain('tsunagu-dev-data/Unlogged/Resource');
  });
});
