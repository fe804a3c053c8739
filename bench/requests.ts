import type { CustomerService } from '../lambdas/domain/customer/customer-service.ts';
import type { ProfileStore } from '../lambdas/domain/customer/profile-store.ts';
import type { RequestLog } from '../lib/local/request-log.ts';

/**
 * Request budgets per access pattern, as the ProfileStore port states them
 * (lambdas/domain/customer/profile-store.ts): each is one DynamoDB request (AP3: per page).
 */
export const ACCESS_PATTERN_BUDGETS = { AP1: 1, AP2: 1, AP3: 1, AP4: 1 } as const;
export type AccessPattern = keyof typeof ACCESS_PATTERN_BUDGETS;

export interface OperationRequests {
  readonly operation: string;
  readonly accessPattern?: AccessPattern;
  readonly requests: number;
  /** DynamoDB operations in the order sent, e.g. `GetItem, UpdateItem, GetItem`. */
  readonly commands: readonly string[];
  /** Capacity units DynamoDB Local reported (reads and writes together). */
  readonly capacityUnits: number;
  readonly budget?: number;
  readonly overBudget: boolean;
}

export interface RequestsOptions {
  /** Service and store whose client `log` records (with consumed capacity). */
  readonly customers: CustomerService;
  readonly profiles: ProfileStore;
  readonly log: RequestLog;
}

/**
 * Requests each operation sends, on a customer the benchmark creates: the service for what the API
 * and handlers call, the store for the contact pointer (AP4), which has no service method yet.
 */
export async function measureRequests({
  customers,
  profiles,
  log,
}: RequestsOptions): Promise<OperationRequests[]> {
  const results: OperationRequests[] = [];
  async function measure<T>(
    operation: string,
    accessPattern: AccessPattern | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    log.reset();
    const value = await run();
    const budget = accessPattern ? ACCESS_PATTERN_BUDGETS[accessPattern] : undefined;
    results.push({
      operation,
      ...(accessPattern ? { accessPattern } : {}),
      requests: log.count,
      commands: log.operations,
      capacityUnits: log.capacityUnits,
      ...(budget !== undefined ? { budget } : {}),
      overBudget: budget !== undefined && log.count > budget,
    });
    return value;
  }

  const created = await measure('create customer (phone + email)', undefined, () =>
    customers.create(
      { name: 'ベンチ 太郎', phone: '090-5555-0101', email: 'Bench.Taro@example.jp', language: 'ja' },
      'bench',
    ),
  );
  const id = created.id;
  const expectCustomer = (found: { id: string } | string | undefined, what: string) => {
    const foundId = typeof found === 'string' ? found : found?.id;
    if (foundId !== id) throw new Error(`${what} found ${foundId ?? 'nobody'}, expected customer ${id}`);
  };

  expectCustomer(
    await measure('AP1 find by phone', 'AP1', () => customers.findByPhone('+81 90 5555 0101')),
    'AP1 find by phone',
  );
  expectCustomer(
    await measure('AP2 find by email', 'AP2', () => customers.findByEmail('bench.taro@example.jp')),
    'AP2 find by email',
  );

  await customers.recordInteraction(id, { channel: 'chat', direction: 'inbound', topic: 'order-status' });
  await measure('append interaction (voice, with contact id)', undefined, () =>
    customers.recordInteraction(id, {
      channel: 'voice',
      direction: 'inbound',
      topic: 'billing',
      contactId: 'bench-contact-1',
    }),
  );

  const first = await measure('AP3 timeline, first page (limit 1)', 'AP3', () =>
    customers.timeline(id, { limit: '1' }),
  );
  if (!first.cursor) throw new Error('AP3: a one-item page of a two-item timeline returned no cursor');
  const cursor = first.cursor;
  await measure('AP3 timeline, next page (cursor)', 'AP3', () =>
    customers.timeline(id, { limit: '1', cursor }),
  );

  const at = new Date().toISOString();
  await measure('record contact pointer', undefined, () => profiles.recordContact('bench-contact-2', id, at));
  expectCustomer(
    await measure('AP4 customer for contact', 'AP4', () => profiles.customerForContact('bench-contact-2')),
    'AP4 customer for contact',
  );

  await measure('set consent (sms marketing)', undefined, () =>
    customers.setConsent(id, { channel: 'sms', purpose: 'marketing', granted: true }),
  );
  return results;
}
