import type { TestProject } from 'vitest/node';
import { profileTableDefinition, synthesize, type TableDefinition } from '../../lib/local/cloud-assembly.ts';
import { startDynamoDbLocal } from '../../lib/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** The profile table as the synthesized data stack defines it (TableName is a placeholder). */
    profileTable: TableDefinition;
  }
}

/** One DynamoDB Local and one synthesis for the whole integration run. */
export default async function setup(project: TestProject) {
  const assembly = synthesize();
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('profileTable', profileTableDefinition(assembly, 'placeholder'));
  return async () => {
    await dynamo.stop();
  };
}
