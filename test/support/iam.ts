import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';

export type Statement = {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
};

export const actionsOf = (statement: Statement): string[] => [statement.Action].flat();

/**
 * The actions of some statements as a set: IAM reads a policy's actions as one (order and
 * repeats across statements mean nothing), so tests compare them as sets too.
 */
export const actionSet = (...statements: readonly Statement[]): ReadonlySet<string> =>
  new Set(statements.flatMap(actionsOf));

// What functions are granted, in the groups CDK's grants give them together.

/** Every function: its log group, and X-Ray tracing. */
export const EVERY_FUNCTION = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
] as const;
/** Using the stack's customer-managed key: what is encrypted with it is read and written. */
export const STACK_KEY = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'] as const;
/** Profile items by key: read and written, never queried or scanned. */
export const ITEM_READ_WRITE = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;
/** Reading the table and its indexes (grantReadData without Scan). */
export const TABLE_READ = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
] as const;
/** An SQS event source: receiving and deleting the queue's messages. */
export const QUEUE_CONSUMER = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
] as const;
/** Reading one secret's value. */
export const SECRET_READ = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] as const;

/** A set of actions from groups and single actions: `actions(EVERY_FUNCTION, 'sns:Publish')`. */
export const actions = (...parts: readonly (string | readonly string[])[]): ReadonlySet<string> =>
  new Set(parts.flat());

/** The statements of the policies on the role of a HandlerFunction (construct id `ChatStart`). */
export function functionStatements(template: Template, functionId: string): Statement[] {
  const role = new RegExp(`^${functionId}Role[0-9A-F]{8}$`);
  const roles = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => role.test(id));
  expect(roles, `the role of ${functionId}`).toHaveLength(1);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roles[0]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** Every action a function's role allows, optionally only those of one service (`dynamodb`). */
export function allowedActions(
  template: Template,
  functionId: string,
  service?: string,
): ReadonlySet<string> {
  const actions = actionSet(...functionStatements(template, functionId).filter((s) => s.Effect === 'Allow'));
  return new Set([...actions].filter((a) => service === undefined || a.startsWith(`${service}:`)));
}
