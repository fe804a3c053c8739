import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { createDocumentClient } from '../../lambdas/composition/dynamodb.ts';
import { newCustomer } from '../../lambdas/domain/customer/customer-input.ts';
import { newInteraction } from '../../lambdas/domain/customer/interaction-input.ts';
import { ConcurrentUpdateError, IdentityConflictError } from '../../lambdas/domain/errors.ts';
import { TEST_POLICY } from '../support/policy.ts';

const ddb = mockClient(DynamoDBDocumentClient);
/** The waits between retries, recorded instead of waited. */
let waits: number[] = [];
const store = () =>
  new DynamoProfileStore(createDocumentClient({ region: 'ap-northeast-1' }), 'profiles', {
    retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
  });
const policy = TEST_POLICY;
const now = new Date('2026-11-23T01:00:00.000Z');
const customer = newCustomer(
  { name: '佐藤 花子', phone: '090-1234-5678', email: 'hanako@example.jp' },
  { id: 'C1', now, policy, source: 'api' },
);

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

const storedProfile = (version: number) => ({
  Item: { ...customer, pk: 'CUSTOMER#C1', sk: 'PROFILE', _et: 'Customer', version },
});

describe('DynamoProfileStore (SDK mocked)', () => {
  afterEach(() => {
    ddb.reset();
    waits = [];
  });

  it('creates the profile and claims phone and email in one transaction, each claim conditional', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await store().create(customer);

    expect(ddb).toReceiveCommandTimes(TransactWriteCommand, 1);
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((i) => i.Put?.Item?.pk)).toEqual([
      'CUSTOMER#C1',
      'IDENTITY#phone#+819012345678',
      'IDENTITY#email#hanako@example.jp',
    ]);
    expect(items.every((i) => i.Put?.ConditionExpression?.includes('attribute_not_exists'))).toBe(true);
  });

  it('reports which identity is taken when the transaction is cancelled on its claim', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));

    await expect(store().create(customer)).rejects.toThrow(IdentityConflictError);
    await expect(store().create(customer)).rejects.toMatchObject({ field: 'email' });
  });

  it('treats a timeline entry that already exists as a duplicate, not an error', async () => {
    ddb.on(GetCommand).resolves(storedProfile(4));
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    const interaction = newInteraction('C1', { channel: 'sms', direction: 'outbound' }, { id: 'I1', now });

    const result = await store().appendInteraction(interaction);

    expect(result).toEqual({ duplicate: true });
    expect(ddb).toReceiveCommandTimes(TransactWriteCommand, 1);
  });

  it('retries with a fresh read when another writer changed the profile first, then gives up', async () => {
    ddb.on(GetCommand).resolves(storedProfile(4));
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    const interaction = newInteraction('C1', { channel: 'sms', direction: 'outbound' }, { id: 'I1', now });

    await expect(store().appendInteraction(interaction)).rejects.toThrow(ConcurrentUpdateError);
    expect(ddb).toReceiveCommandTimes(TransactWriteCommand, 8);
    expect(ddb).toReceiveCommandTimes(GetCommand, 8);
    // Full jitter (half of each ceiling here), the ceiling doubling up to 640 ms.
    expect(waits).toEqual([10, 20, 40, 80, 160, 320, 320]);
  });

  it('rethrows errors that are not condition failures', async () => {
    ddb.on(GetCommand).resolves(storedProfile(4));
    ddb.on(TransactWriteCommand).rejects(new Error('ThrottlingException'));
    const interaction = newInteraction('C1', { channel: 'sms', direction: 'outbound' }, { id: 'I1', now });

    await expect(store().appendInteraction(interaction)).rejects.toThrow('ThrottlingException');
  });
});
