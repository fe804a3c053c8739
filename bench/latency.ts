import { randomUUID } from 'node:crypto';
import type { ConnectContactFlowEvent } from 'aws-lambda';
import { createLogger } from '../lambdas/commons/logger.ts';
import type { CallerLookup } from '../lambdas/domain/customer/profile-store.ts';
import type { RequestLog } from '../lib/local/request-log.ts';
import { mean, percentile } from './stats.ts';

export interface LatencyOptions {
  /** Store on DynamoDB Local; its client's requests are recorded by `requests`. */
  readonly lookup: CallerLookup;
  readonly requests: RequestLog;
  readonly tableName: string;
  /** Caller numbers (E.164) of seeded customers, used in turn. */
  readonly callers: readonly string[];
  readonly lookups: number;
  readonly warmUp: number;
  readonly defaultLanguage: string;
}

export interface Ap1Latency {
  readonly lookups: number;
  readonly warmUp: number;
  readonly callers: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly totalMs: number;
  readonly lookupsPerSecond: number;
  /** DynamoDB requests the measured lookups sent, divided by their number (AP1 budget: 1). */
  readonly requestsPerLookup: number;
  /** The distinct DynamoDB operations those requests were. */
  readonly commands: readonly string[];
}

/**
 * AP1 as the IVR sees it: the customer-context handler (event validation, phone normalization,
 * one Query on byPhone, context mapping) called in-process, one lookup at a time.
 */
export async function measureAp1Latency(options: LatencyOptions): Promise<Ap1Latency> {
  const { makeHandler } = await importCustomerContext(options.tableName);
  const handler = makeHandler({
    callers: options.lookup,
    logger: createLogger('bench'),
    clock: () => new Date(),
    defaultLanguage: options.defaultLanguage,
  });
  const lookup = async (i: number) => {
    const caller = options.callers[i % options.callers.length] ?? '';
    const attributes = await handler(contactFlowEvent(caller));
    if (attributes.known !== 'true') {
      throw new Error(
        `AP1 lookup of seeded caller ${caller} answered ${JSON.stringify(attributes)}: the latency of a miss is not AP1's`,
      );
    }
  };

  for (let i = 0; i < options.warmUp; i++) await lookup(i);
  options.requests.reset();
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.lookups; i++) {
    const t0 = performance.now();
    await lookup(i);
    samples.push(performance.now() - t0);
  }
  const totalMs = performance.now() - started;
  return {
    lookups: options.lookups,
    warmUp: options.warmUp,
    callers: options.callers.length,
    p50Ms: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    p99Ms: percentile(samples, 99),
    meanMs: mean(samples),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
    totalMs,
    lookupsPerSecond: options.lookups / (totalMs / 1000),
    requestsPerLookup: options.requests.count / options.lookups,
    commands: [...new Set(options.requests.operations)],
  };
}

/** The handler module parses its environment at import, as in Lambda: give it the table name first. */
async function importCustomerContext(tableName: string) {
  const previous = process.env.TABLE_NAME;
  process.env.TABLE_NAME = tableName;
  try {
    return await import('../lambdas/handlers/customer-context.ts');
  } finally {
    if (previous === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = previous;
  }
}

/** An inbound voice contact as Amazon Connect sends it to a flow's Lambda. */
function contactFlowEvent(caller: string): ConnectContactFlowEvent {
  const contactId = randomUUID();
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: contactId,
        CustomerEndpoint: { Address: caller, Type: 'TELEPHONE_NUMBER' },
        InitialContactId: contactId,
        InitiationMethod: 'INBOUND',
        InstanceARN:
          'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000',
        PreviousContactId: contactId,
        Queue: null,
        SystemEndpoint: { Address: '+815012345678', Type: 'TELEPHONE_NUMBER' },
        MediaStreams: { Customer: { Audio: null } },
      },
      Parameters: {},
    },
  };
}
