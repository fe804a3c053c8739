import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from './cloud-assembly.ts';

/** Creates the table (if it does not exist yet: data may persist in --data-dir) and turns on TTL. */
export async function ensureTable(
  client: DynamoDBClient,
  definition: TableDefinition,
): Promise<'created' | 'existed'> {
  const TableName = definition.create.TableName;
  let outcome: 'created' | 'existed' = 'created';
  try {
    await client.send(new CreateTableCommand(definition.create));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    outcome = 'existed';
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName });
  if (outcome === 'created' && definition.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName,
        TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true },
      }),
    );
  }
  await client.send(new DescribeTableCommand({ TableName }));
  return outcome;
}
