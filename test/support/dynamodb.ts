import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../lambdas/composition/dynamodb.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/dynamodb-local.ts';
import { type RequestLog, recordRequests } from '../../lib/local/request-log.ts';
import { ensureTable } from '../../lib/local/table.ts';

export interface TestTable {
  readonly tableName: string;
  readonly clientConfig: DynamoDBClientConfig;
  /** A DocumentClient whose requests are counted (one per send, retries not included). */
  readonly documentClient: DynamoDBDocumentClient;
  readonly requests: RequestLog;
  /** Every item in the table (tests only: production code never scans). */
  allItems(): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** A fresh profile table in the run's DynamoDB Local, created from the synthesized template. */
export async function createTestTable(): Promise<TestTable> {
  const clientConfig: DynamoDBClientConfig = {
    endpoint: inject('dynamoEndpoint'),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  };
  const definition = inject('profileTable');
  const tableName = `test-${randomUUID()}`;
  const admin = new DynamoDBClient(clientConfig);
  await ensureTable(admin, { ...definition, create: { ...definition.create, TableName: tableName } });
  const documentClient = createDocumentClient(clientConfig);
  const requests = recordRequests(documentClient);
  return {
    tableName,
    clientConfig,
    documentClient,
    requests,
    allItems: async () => {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      requests.reset();
      return items;
    },
    drop: async () => {
      await admin.send(new DeleteTableCommand({ TableName: tableName }));
      admin.destroy();
      documentClient.destroy();
    },
  };
}
