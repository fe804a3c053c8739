import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * A DocumentClient with the marshalling tsunagu relies on: undefined values dropped, class
 * instances rejected. Created once per Lambda environment (module scope in handlers); the local twin
 * and tests pass their own config (endpoint, credentials) through the same function.
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * For functions a contact flow waits on (Connect gives up after the block's time limit, 3-8 s):
 * a slow request is abandoned after a second and retried once, so the function answers in time
 * and the flow takes its fail-soft path instead of Connect re-invoking a function still at work.
 */
export const FLOW_CLIENT_CONFIG: DynamoDBClientConfig = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 500, requestTimeout: 1_000 },
};
