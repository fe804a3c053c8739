import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_SCHEMA } from '../../lambdas/adapters/dynamodb/table-schema.ts';
import type { StageConfig } from '../../lib/config/stage-config.ts';
import { HandlerFunction, type HandlerFunctionProps } from '../../lib/constructs/handler-function.ts';
import {
  actionSet,
  actions,
  actionsOf,
  ITEM_READ_WRITE,
  STACK_KEY,
  type Statement,
  TABLE_READ,
} from '../support/iam.ts';
import { buildTsunaguApp, scratchStack } from './tsunagu-app.ts';

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** A CloudFormation value as readable text: `import(name)`, `${Logical.Attr}`, joins concatenated. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const fn = value as Record<string, unknown>;
    if ('Fn::ImportValue' in fn) return `import(${render(fn['Fn::ImportValue'])})`;
    if ('Ref' in fn) return `\${${render(fn.Ref)}}`;
    if ('Fn::GetAtt' in fn) return `\${${asList(fn['Fn::GetAtt']).map(render).join('.')}}`;
    if ('Fn::Join' in fn) {
      const [separator, parts] = fn['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
  }
  return JSON.stringify(value);
}

const resourcesOf = (statement: Statement) => asList(statement.Resource).map(render);

describe('the customer stack', () => {
  let template: Template;
  let config: StageConfig;
  let dataStackName: string;
  let tableLogicalId: string;
  let keyLogicalId: string;
  let functionLogicalId: string;
  let roleLogicalId: string;
  let logGroupLogicalId: string;
  /** Every statement of every IAM policy attached to the CustomerContext role. */
  let statements: Statement[];

  beforeAll(() => {
    const built = buildTsunaguApp('dev');
    const { data, customer } = built.stacks;
    config = built.config;
    template = Template.fromStack(customer);
    dataStackName = data.stackName;
    tableLogicalId = data.getLogicalId(data.profiles.table.node.defaultChild as dynamodb.CfnTable);
    keyLogicalId = data.getLogicalId(data.profiles.key.node.defaultChild as kms.CfnKey);
    const handler = customer.customerContext;
    functionLogicalId = customer.getLogicalId(handler.function.node.defaultChild as lambda.CfnFunction);
    roleLogicalId = customer.getLogicalId(handler.role.node.defaultChild as iam.CfnRole);
    logGroupLogicalId = customer.getLogicalId(handler.logGroup.node.defaultChild as logs.CfnLogGroup);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: roleLogicalId }]) },
    });
    statements = Object.values(policies).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
    );
  });

  describe.each([
    ['IvrActivity', 'ivrActivity'],
    ['SurveyAnswer', 'surveyAnswer'],
  ] as const)('%s function (writes to the timeline)', (_, key) => {
    it('may only get, put, update and check items on the base table: no Query, no delete, no batch write', () => {
      const built = buildTsunaguApp('dev');
      const { customer } = built.stacks;
      const role = customer.getLogicalId(customer[key].role.node.defaultChild as iam.CfnRole);
      const policies = Template.fromStack(customer).findResources('AWS::IAM::Policy', {
        Properties: { Roles: Match.arrayWith([{ Ref: role }]) },
      });
      const own = Object.values(policies).flatMap(
        (p) => p.Properties.PolicyDocument.Statement as Statement[],
      );
      const dynamo = own.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      const kms = own.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));

      expect(dynamo).toHaveLength(1);
      expect(actionSet(dynamo[0] as Statement)).toEqual(actions(ITEM_READ_WRITE));
      expect(resourcesOf(dynamo[0] as Statement)).toEqual([expect.stringMatching(/Arn[0-9A-F]+\)$/)]);
      expect(actionSet(kms[0] as Statement)).toEqual(actions(STACK_KEY));
    });
  });

  describe('CustomerContext function', () => {
    it('runs on Node.js 24 on arm64 with 256 MB and a 3 second timeout (the flow waits 3)', () => {
      // Act
      const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId];

      // Assess
      expect(fn?.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Timeout: 3,
      });
    });

    it('traces every invocation with X-Ray', () => {
      // Act
      const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId];

      // Assess
      expect(fn?.Properties).toMatchObject({ TracingConfig: { Mode: 'Active' } });
    });

    it("writes JSON logs to its own log group, kept for the dev stage's 30 days", () => {
      // Act
      const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId];
      const logGroup = template.findResources('AWS::Logs::LogGroup')[logGroupLogicalId];

      // Assess
      expect(fn?.Properties).toMatchObject({
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logGroupLogicalId } },
      });
      expect(config.logRetentionDays).toBe(30);
      expect(logGroup?.Properties).toMatchObject({ RetentionInDays: 30 });
    });

    it('is told the table name (imported from the data stack) and the default language', () => {
      // Act
      const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId];

      // Assess
      expect(fn?.Properties).toMatchObject({
        Environment: {
          Variables: {
            TABLE_NAME: {
              'Fn::ImportValue': expect.stringMatching(
                new RegExp(`^${dataStackName}:ExportsOutputRef${tableLogicalId}[0-9A-F]+$`),
              ),
            },
            DEFAULT_LANGUAGE: 'ja',
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: 'customer-context',
          },
        },
      });
    });
  });

  describe('CustomerContext permissions', () => {
    it('come from grants only: the role has no AWS-managed policies', () => {
      // Act
      const role = template.findResources('AWS::IAM::Role')[roleLogicalId];

      // Assess
      expect(role).toBeDefined();
      expect(role?.Properties).not.toHaveProperty('ManagedPolicyArns');
      expect(role?.Properties).toMatchObject({
        AssumeRolePolicyDocument: {
          Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }],
        },
      });
    });

    it('allow exactly the item reads on the profile table and each of its named indexes', () => {
      // Prepare
      const tableArn = new RegExp(
        `^import\\(${dataStackName}:ExportsOutputFnGetAtt${tableLogicalId}Arn[0-9A-F]+\\)$`,
      );

      // Act
      const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));

      // Assess
      expect(dynamo).toHaveLength(1);
      const [statement] = dynamo as [Statement];
      expect(statement.Effect).toBe('Allow');
      expect(actionSet(statement)).toEqual(actions(TABLE_READ));
      const resources = resourcesOf(statement);
      const table = resources.find((r) => tableArn.test(r));
      expect(table, `no table ARN among ${JSON.stringify(resources)}`).toBeDefined();
      const indexes = Object.keys(TABLE_SCHEMA.indexes).map((name) => `${table}/index/${name}`);
      expect(resources.sort()).toEqual([table, ...indexes].sort());
    });

    it('never scan, never use an action wildcard, never reach every index with index/*', () => {
      // Act
      const actions = statements.flatMap(actionsOf);
      const resources = statements.flatMap(resourcesOf);

      // Assess
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
      expect(resources.filter((r) => r.includes('/index/*'))).toEqual([]);
    });

    it('use Resource "*" only for uploading X-Ray traces, which has no resource-level permissions', () => {
      // Act
      const everywhere = statements.filter((s) => resourcesOf(s).some((r) => r.includes('*')));

      // Assess
      expect(everywhere).toHaveLength(1);
      const [xray] = everywhere as [Statement];
      expect(resourcesOf(xray)).toEqual(['*']);
      expect(actionSet(xray)).toEqual(new Set(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']));
    });

    it('may only decrypt with the table key, as a read grant needs', () => {
      // Prepare
      const keyArn = new RegExp(
        `^import\\(${dataStackName}:ExportsOutputFnGetAtt${keyLogicalId}Arn[0-9A-F]+\\)$`,
      );

      // Act
      const kmsStatements = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));

      // Assess
      expect(kmsStatements).toHaveLength(1);
      const [key] = kmsStatements as [Statement];
      expect(actionSet(key)).toEqual(new Set(['kms:Decrypt', 'kms:DescribeKey']));
      expect(resourcesOf(key)).toEqual([expect.stringMatching(keyArn)]);
    });

    it('write logs only to its own log group', () => {
      // Act
      const logStatements = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));

      // Assess
      expect(logStatements).toHaveLength(1);
      const [logsStatement] = logStatements as [Statement];
      expect(actionSet(logsStatement)).toEqual(new Set(['logs:CreateLogStream', 'logs:PutLogEvents']));
      expect(resourcesOf(logsStatement)).toEqual([`\${${logGroupLogicalId}.Arn}`]);
    });
  });
});

describe('HandlerFunction', () => {
  const props = (overrides: Partial<HandlerFunctionProps> = {}): HandlerFunctionProps => ({
    handler: 'customer-context',
    description: 'test function',
    invocation: 'synchronous',
    ...overrides,
  });

  it.each(['CustomerContext', 'customer_context', 'customer-context.ts', '../handlers/customer-context', ''])(
    'refuses the handler name %j, which is not a kebab-case module name',
    (handler) => {
      // Prepare
      const stack = scratchStack();

      // Act
      const create = () => new HandlerFunction(stack, 'Fn', props({ handler }));

      // Assess
      expect(create).toThrow(
        `HandlerFunction Fn: handler must be a kebab-case module name, got "${handler}"`,
      );
    },
  );

  it.each(['tableName', 'TABLE-NAME', 'T', '1TABLE'])(
    'refuses the environment variable %j, which is not UPPER_SNAKE_CASE',
    (name) => {
      // Prepare
      const stack = scratchStack();

      // Act
      const create = () => new HandlerFunction(stack, 'Fn', props({ environment: { [name]: 'value' } }));

      // Assess
      expect(create).toThrow(`HandlerFunction Fn: environment variable "${name}" must be UPPER_SNAKE_CASE`);
    },
  );

  it('accepts a kebab-case handler with UPPER_SNAKE_CASE environment variables', () => {
    // Prepare
    const stack = scratchStack();

    // Act
    const create = () =>
      new HandlerFunction(stack, 'Fn', props({ environment: { TABLE_NAME: 't', PHONE_REGION_2: 'JP' } }));

    // Assess
    expect(create).not.toThrow();
  });

  it('refuses an asynchronous function without a dead-letter queue, saying what to add', () => {
    const stack = scratchStack();

    const create = () => new HandlerFunction(stack, 'Async', props({ invocation: 'asynchronous' }));

    expect(create).toThrow(/Async: an asynchronous function needs a deadLetterQueue/);
  });

  it('acknowledges the missing dead-letter queue only for a synchronous function; an asynchronous one has a real DLQ', () => {
    // Prepare
    const stack = scratchStack();
    const dlq = new sqs.Queue(stack, 'Dlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const sync = new HandlerFunction(stack, 'Sync', props({ invocation: 'synchronous' }));
    const async = new HandlerFunction(
      stack,
      'Async',
      props({ invocation: 'asynchronous', deadLetterQueue: dlq }),
    );

    // Act
    const report = new ServerlessChecks(stack).validateScope(stack);

    // Assess
    const flaggedPaths = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => r.constructPath ?? ''),
    );
    const ownPaths = (fn: HandlerFunction) => flaggedPaths.filter((p) => p.startsWith(`${fn.node.path}/`));
    expect(ownPaths(sync)).toEqual([]);
    expect(ownPaths(async)).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: {
        TargetArn: { 'Fn::GetAtt': [stack.getLogicalId(dlq.node.defaultChild as sqs.CfnQueue), 'Arn'] },
      },
    });
  });

  it('fails synth when a grant other than X-Ray uses Resource "*", so the X-Ray acknowledgment stays narrow', () => {
    // Prepare
    const stack = scratchStack();
    const fn = new HandlerFunction(stack, 'Fn', props({}));

    // Act
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));

    // Assess
    expect(() => Template.fromStack(stack)).toThrow(/only X-Ray may use Resource "\*", found "s3:GetObject"/);
  });
});
