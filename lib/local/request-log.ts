import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The DynamoDB requests a client sent since the last reset (one per send; SDK retries not included). */
export interface RequestLog {
  readonly count: number;
  readonly operations: readonly string[];
  /** Capacity units DynamoDB reported for them; 0 unless the log asks for consumed capacity. */
  readonly capacityUnits: number;
  reset(): void;
}

interface CapacityReport {
  readonly CapacityUnits?: number;
}

/**
 * Records every command the client sends, so tests and the bench can hold access patterns to their
 * request budgets. With `consumedCapacity`, each request also asks DynamoDB for the capacity it
 * consumed (`ReturnConsumedCapacity: TOTAL`), the basis of the bench's cost estimate.
 */
export function recordRequests(
  client: { middlewareStack: DynamoDBDocumentClient['middlewareStack'] },
  options: { consumedCapacity?: boolean } = {},
): RequestLog {
  const operations: string[] = [];
  let capacityUnits = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      operations.push(String(context.commandName ?? 'unknown').replace(/Command$/, ''));
      const input = options.consumedCapacity
        ? { ...args.input, ReturnConsumedCapacity: 'TOTAL' }
        : args.input;
      const result = await next({ ...args, input });
      const reported = (result.output as { ConsumedCapacity?: CapacityReport | CapacityReport[] })
        .ConsumedCapacity;
      for (const report of [reported ?? []].flat()) capacityUnits += report.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'tsunaguRequestLog' },
  );
  return {
    get count() {
      return operations.length;
    },
    get operations() {
      return [...operations];
    },
    get capacityUnits() {
      return capacityUnits;
    },
    reset: () => {
      operations.length = 0;
      capacityUnits = 0;
    },
  };
}
