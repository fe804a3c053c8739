import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';

export type Statement = {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
};

export const actionsOf = (statement: Statement): string[] => [statement.Action].flat();

/** The statements of the policies on the role of a HandlerFunction (construct id `ChatStart`). */
export function functionStatements(template: Template, functionId: string): Statement[] {
  const role = new RegExp(`^${functionId}Role[0-9A-F]{8}$`);
  const roles = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => role.test(id));
  expect(roles, `the role of ${functionId}`).toHaveLength(1);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roles[0]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** Every action a function's role allows, sorted, optionally only those of one service (`dynamodb`). */
export function allowedActions(template: Template, functionId: string, service?: string): string[] {
  return functionStatements(template, functionId)
    .filter((s) => s.Effect === 'Allow')
    .flatMap(actionsOf)
    .filter((a) => service === undefined || a.startsWith(`${service}:`))
    .sort();
}
