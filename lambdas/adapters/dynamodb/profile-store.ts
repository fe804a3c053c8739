import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { $add, $remove, $set } from 'dynamodb-toolbox/entity/actions/update/symbols';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type {
  Channel,
  Consent,
  ConsentRecord,
  Customer,
  Direction,
  MessageChannel,
  Notice,
  Purpose,
} from '../../domain/customer/customer.ts';
import type { E164 } from '../../domain/customer/phone.ts';
import type {
  AppendInteractionOptions,
  Identity,
  ProfileChanges,
  ProfileStore,
  TimelinePage,
} from '../../domain/customer/profile-store.ts';
import { type Interaction, summarize, withNotice, withRecent } from '../../domain/customer/timeline.ts';
import { CustomerNotFoundError, IdentityConflictError, ValidationError } from '../../domain/errors.ts';
import { withSurveyedAt } from '../../domain/survey/survey-response.ts';
import { DEFAULT_RETRY, LOST_RACE, type RetryPolicy, withOptimisticRetry } from './optimistic-retry.ts';
import {
  customerKey,
  defineEntities,
  defineTable,
  type Entities,
  findProfileOnIndex,
  fromItem,
  stripUndefined,
  TIMELINE_PREFIX,
  timelineSk,
} from './profile-entities.ts';

/** How long a Connect contact id keeps pointing at its customer (AP4). */
const CONTACT_POINTER_DAYS = 400;
export interface ProfileStoreOptions {
  /** How read-modify-writes that lose optimistic-lock races are retried. @default DEFAULT_RETRY */
  readonly retry?: Partial<RetryPolicy>;
}

/** The customer profile store on the single DynamoDB table (see docs/data-model.md). */
export class DynamoProfileStore implements ProfileStore {
  private readonly table: ReturnType<typeof defineTable>;
  private readonly entities: Entities;
  private readonly retry: RetryPolicy;

  constructor(documentClient: DynamoDBDocumentClient, tableName: string, options: ProfileStoreOptions = {}) {
    this.table = defineTable(documentClient, tableName);
    this.entities = defineEntities(this.table);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** A read-modify-write of one customer's items, retried when another writer wins the race. */
  private optimistically<T>(customerId: string, attempt: () => Promise<T | typeof LOST_RACE>): Promise<T> {
    return withOptimisticRetry(customerId, attempt, this.retry);
  }

  async create(customer: Customer): Promise<void> {
    const { customer: Customer, identity: Identity } = this.entities;
    const claims = identitiesOf(customer).map((i) =>
      Identity.build(PutTransaction)
        .item({ ...i, customerId: customer.id, createdAt: customer.createdAt })
        .options({ condition: { attr: 'customerId', exists: false } }),
    );
    try {
      await execute(
        Customer.build(PutTransaction)
          .item(toItem(customer))
          .options({ condition: { attr: 'id', exists: false } }),
        ...claims,
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      const claimed = failed.findIndex((f, i) => f && i > 0);
      const identity = identitiesOf(customer)[claimed - 1];
      if (identity) throw new IdentityConflictError(identity.kind);
      throw new ValidationError('id', `a customer with id ${customer.id} already exists`);
    }
  }

  async get(customerId: string): Promise<Customer | undefined> {
    const { Item } = await this.entities.customer
      .build(GetItemCommand)
      .key({ id: customerId })
      .options({ consistent: true })
      .send();
    return Item ? fromItem(Item) : undefined;
  }

  async findByPhone(phone: E164): Promise<Customer | undefined> {
    return this.findOnIndex('byPhone', phone);
  }

  async findByEmail(email: string): Promise<Customer | undefined> {
    return this.findOnIndex('byEmail', email.toLowerCase());
  }

  private findOnIndex(index: 'byPhone' | 'byEmail', value: string): Promise<Customer | undefined> {
    return findProfileOnIndex(this.table, this.entities, index, value);
  }

  async ownerOf(identity: Identity): Promise<string | undefined> {
    const { Item } = await this.entities.identity.build(GetItemCommand).key(identity).send();
    return Item?.customerId;
  }

  async update(customerId: string, changes: ProfileChanges, at: string): Promise<Customer> {
    try {
      const { Attributes } = await this.entities.customer
        .build(UpdateItemCommand)
        .item({ id: customerId, ...changes, updatedAt: at, version: $add(1) })
        .options({ condition: { attr: 'id', exists: true }, returnValues: 'ALL_NEW' })
        .send();
      if (!Attributes) throw new CustomerNotFoundError(customerId);
      return fromItem(Attributes);
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new CustomerNotFoundError(customerId);
      throw error;
    }
  }

  async assignIdentity(
    customerId: string,
    identity: Identity,
    options: { at: string; move?: boolean },
  ): Promise<void> {
    const { customer: CustomerEntity, identity: IdentityEntity } = this.entities;
    await this.optimistically(customerId, async () => {
      const me = await this.get(customerId);
      if (!me) throw new CustomerNotFoundError(customerId);
      const owner = await this.ownerOf(identity);
      if (owner === customerId) return undefined;
      if (owner && !options.move) throw new IdentityConflictError(identity.kind, owner);
      const profileField = identity.kind === 'phone' || identity.kind === 'email' ? identity.kind : undefined;
      const previous = profileField ? me[profileField] : undefined;

      const writes = [
        IdentityEntity.build(PutTransaction)
          .item({ ...identity, customerId, createdAt: options.at })
          .options({
            condition: owner ? { attr: 'customerId', eq: owner } : { attr: 'customerId', exists: false },
          }),
        CustomerEntity.build(UpdateTransaction)
          .item({
            id: customerId,
            ...(profileField ? { [profileField]: identity.value } : {}),
            updatedAt: options.at,
            version: $add(1),
          })
          .options({ condition: { attr: 'version', eq: me.version } }),
      ];
      const extra = [];
      if (profileField && previous && previous !== identity.value) {
        // The customer's old phone/email is released in the same transaction.
        extra.push(
          IdentityEntity.build(DeleteTransaction)
            .key({ kind: identity.kind, value: previous })
            .options({ condition: { attr: 'customerId', eq: customerId } }),
        );
      }
      if (owner && profileField) {
        extra.push(
          CustomerEntity.build(UpdateTransaction)
            .item({ id: owner, [profileField]: $remove(), updatedAt: options.at, version: $add(1) })
            .options({ condition: { attr: profileField, eq: identity.value } }),
        );
      }
      try {
        await execute(...writes, ...extra);
        return undefined;
      } catch (error) {
        if (!failedConditions(error)) throw error;
        return LOST_RACE;
      }
    });
  }

  async setConsent(
    customerId: string,
    channel: MessageChannel,
    purpose: Purpose | readonly Purpose[],
    record: ConsentRecord,
  ): Promise<Customer> {
    const purposes = typeof purpose === 'string' ? [purpose] : purpose;
    return this.modifyProfile(customerId, (me) => ({
      consent: {
        ...me.consent,
        [channel]: { ...me.consent[channel], ...Object.fromEntries(purposes.map((p) => [p, record])) },
      },
      updatedAt: record.at,
    }));
  }

  async addNotice(customerId: string, notice: Notice, now: string): Promise<Customer> {
    return this.modifyProfile(customerId, (me) => ({
      notices: withNotice(me.notices, notice, new Date(now)),
      updatedAt: now,
    }));
  }

  /**
   * Read-modify-write of profile attributes under the optimistic lock, retried on a lost race;
   * resolves to the profile as written.
   */
  private async modifyProfile(
    customerId: string,
    change: (me: Customer) => { consent?: Consent; notices?: Notice[]; updatedAt: string },
  ): Promise<Customer> {
    return this.optimistically(customerId, async () => {
      const me = await this.get(customerId);
      if (!me) throw new CustomerNotFoundError(customerId);
      try {
        const { Attributes } = await this.entities.customer
          .build(UpdateItemCommand)
          .item({ id: customerId, ...replaceWhole(change(me)), version: $add(1) })
          .options({ condition: { attr: 'version', eq: me.version }, returnValues: 'ALL_NEW' })
          .send();
        if (!Attributes) throw new CustomerNotFoundError(customerId);
        return fromItem(Attributes);
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        return LOST_RACE;
      }
    });
  }

  async appendInteraction(
    interaction: Interaction,
    options: AppendInteractionOptions = {},
  ): Promise<{ duplicate: boolean }> {
    const {
      customer: CustomerEntity,
      interaction: InteractionEntity,
      interactionId,
      contact,
    } = this.entities;
    const claim = interactionId
      .build(PutTransaction)
      .item({
        customerId: interaction.customerId,
        id: interaction.id,
        timelineSk: timelineSk(interaction.at, interaction.id),
      })
      .options({ condition: { attr: 'id', exists: false } });
    if (options.recent === false) {
      // Only the entry: the profile must exist, and is not changed (no version race to retry).
      try {
        await execute(
          claim,
          InteractionEntity.build(PutTransaction).item(stripUndefined({ ...interaction })),
          CustomerEntity.build(ConditionCheck)
            .key({ id: interaction.customerId })
            .condition({ attr: 'id', exists: true }),
        );
        return { duplicate: false };
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed) throw error;
        if (failed[0]) return { duplicate: true };
        throw new CustomerNotFoundError(interaction.customerId);
      }
    }
    return this.optimistically(interaction.customerId, async () => {
      const me = await this.get(interaction.customerId);
      if (!me) throw new CustomerNotFoundError(interaction.customerId);
      const recent = withRecent(me.recent, summarize(interaction));
      const surveyedAt = options.surveyed
        ? { surveyedAt: withSurveyedAt(me.surveyedAt, interaction.at) }
        : {};
      const pointer = interaction.contactId
        ? [
            contact
              .build(PutTransaction)
              .item(contactPointer(interaction.contactId, interaction.customerId, interaction.at)),
          ]
        : [];
      try {
        await execute(
          claim,
          InteractionEntity.build(PutTransaction).item(stripUndefined({ ...interaction })),
          CustomerEntity.build(UpdateTransaction)
            .item({ id: me.id, ...replaceWhole({ recent, ...surveyedAt }), version: $add(1) })
            .options({ condition: { attr: 'version', eq: me.version } }),
          ...pointer,
        );
        return { duplicate: false };
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed) throw error;
        if (failed[0]) return { duplicate: true };
        return LOST_RACE;
      }
    });
  }

  async timeline(customerId: string, page: { limit: number; cursor?: string }): Promise<TimelinePage> {
    const partition = customerKey(customerId);
    const exclusiveStartKey = page.cursor ? decodeCursor(page.cursor, partition) : undefined;
    const { Items, LastEvaluatedKey } = await this.table
      .build(QueryCommand)
      .entities(this.entities.interaction)
      .query({ partition, range: { beginsWith: TIMELINE_PREFIX } })
      .options({ reverse: true, limit: page.limit, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
      .send();
    const items = (Items ?? []).map(
      (i) =>
        stripUndefined({
          ...i,
          channel: i.channel as Channel,
          direction: i.direction as Direction,
        }) as Interaction,
    );
    return LastEvaluatedKey ? { items, cursor: encodeCursor(LastEvaluatedKey) } : { items };
  }

  async recordContact(contactId: string, customerId: string, at: string): Promise<void> {
    await this.entities.contact
      .build(PutItemCommand)
      .item(contactPointer(contactId, customerId, at))
      .send();
  }

  async customerForContact(contactId: string): Promise<string | undefined> {
    const { Item } = await this.entities.contact.build(GetItemCommand).key({ contactId }).send();
    return Item?.customerId;
  }
}

/**
 * The toolbox updates objects and arrays path by path (`SET recent[0].id = …`); opaque attributes
 * (consent, recent, notices) must be replaced whole. Its types allow $set only on typed lists and
 * maps, hence the cast.
 */
function replaceWhole<T extends Record<string, unknown>>(values: T): T {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, v !== null && typeof v === 'object' ? $set(v) : v]),
  ) as T;
}

function identitiesOf(customer: Customer): Identity[] {
  const identities: Identity[] = [];
  if (customer.phone) identities.push({ kind: 'phone', value: customer.phone });
  if (customer.email) identities.push({ kind: 'email', value: customer.email });
  return identities;
}

function contactPointer(contactId: string, customerId: string, at: string) {
  const expiresAt = Math.floor(new Date(at).getTime() / 1000) + CONTACT_POINTER_DAYS * 86_400;
  return { contactId, customerId, at, expiresAt };
}

function toItem(c: Customer) {
  return stripUndefined({
    ...c,
    consent: c.consent,
    recent: [...c.recent],
    notices: [...c.notices],
    surveyedAt: [...c.surveyedAt],
  });
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ pk: key.pk, sk: key.sk })).toString('base64url');
}

function decodeCursor(cursor: string, partition: string): Record<string, string> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      key &&
      typeof key === 'object' &&
      (key as { pk?: unknown }).pk === partition &&
      typeof (key as { sk?: unknown }).sk === 'string' &&
      (key as { sk: string }).sk.startsWith(TIMELINE_PREFIX)
    ) {
      return { pk: partition, sk: (key as { sk: string }).sk };
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('cursor', 'cursor is not one this timeline returned');
}

function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/**
 * For a cancelled transaction, which of its items failed their condition (by position);
 * undefined for any other error.
 */
function failedConditions(error: unknown): boolean[] | undefined {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (e?.name !== 'TransactionCanceledException' || !e.CancellationReasons) return undefined;
  const failed = e.CancellationReasons.map((r) => r.Code === 'ConditionalCheckFailed');
  return failed.some(Boolean) ? failed : undefined;
}
