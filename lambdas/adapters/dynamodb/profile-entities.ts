import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { Table } from 'dynamodb-toolbox/table';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type {
  Channel,
  Consent,
  Customer,
  InteractionSummary,
  Language,
  Notice,
} from '../../domain/customer/customer.ts';
import type { E164 } from '../../domain/customer/phone.ts';
import type { Identity } from '../../domain/customer/profile-store.ts';
import { TABLE_SCHEMA } from './table-schema.ts';

// The table and its item types (docs/data-model.md), shared by the full profile store and the
// read-only caller lookup, which bundles only what a Query needs.

export const customerKey = (id: string) => `CUSTOMER#${id}`;
export const identityKey = (i: Identity) => `IDENTITY#${i.kind}#${i.value}`;
export const TIMELINE_PREFIX = 'TL#';
export const INTERACTION_ID_PREFIX = 'IID#';

export const timelineSk = (at: string, id: string) => `${TIMELINE_PREFIX}${at}#${id}`;
/** The contact pointer (AP4): Connect contact id → customer. */
export const contactKey = (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'CONTACT' });

/** The interaction's time and id back from its timeline sort key (an ISO time holds no `#`). */
export function parseTimelineSk(sk: string): { at: string; id: string } | undefined {
  const match = /^TL#([^#]+)#(.+)$/.exec(sk);
  return match?.[1] && match[2] ? { at: match[1], id: match[2] } : undefined;
}

export const surveyKey = (contactId: string) => `SURVEY#${contactId}`;

/**
 * Where a survey response sits on the `byReport` index (AP6): one partition per UTC month of its
 * start, ordered by start time (the contact id breaks ties).
 */
export function surveyReportKeys(startedAt: string, contactId: string) {
  return { reportPk: `SURVEYS#${startedAt.slice(0, 7)}`, reportSk: `${startedAt}#${contactId}` };
}

export function defineEntities(table: ReturnType<typeof defineTable>) {
  const customer = new Entity({
    name: 'Customer',
    table,
    timestamps: false,
    schema: item({
      id: string().key(),
      name: string(),
      phone: string().optional(),
      email: string().optional(),
      language: string().enum('ja', 'en'),
      timeZone: string(),
      tier: string(),
      preferredChannel: string().optional(),
      consent: any().castAs<Consent>(),
      recent: any().castAs<InteractionSummary[]>(),
      notices: any().castAs<Notice[]>(),
      surveyedAt: any().castAs<string[]>(),
      createdAt: string(),
      updatedAt: string(),
      version: number(),
    }),
    computeKey: ({ id }: { id: string }) => ({ pk: customerKey(id), sk: 'PROFILE' }),
  });

  const identity = new Entity({
    name: 'Identity',
    table,
    timestamps: false,
    schema: item({
      kind: string().key().enum('phone', 'email', 'chat', 'external'),
      value: string().key(),
      customerId: string(),
      createdAt: string(),
    }),
    computeKey: ({ kind, value }: { kind: Identity['kind']; value: string }) => ({
      pk: identityKey({ kind, value }),
      sk: 'IDENTITY',
    }),
  });

  const interaction = new Entity({
    name: 'Interaction',
    table,
    timestamps: false,
    schema: item({
      customerId: string().key(),
      at: string().key(),
      id: string().key(),
      channel: string(),
      direction: string(),
      contactId: string().optional(),
      queue: string().optional(),
      agent: string().optional(),
      topic: string().optional(),
      summary: string().optional(),
      status: string().optional(),
      endedAt: string().optional(),
    }),
    computeKey: ({ customerId, at, id }: { customerId: string; at: string; id: string }) => ({
      pk: customerKey(customerId),
      sk: timelineSk(at, id),
    }),
  });

  // One per interaction id: makes appends idempotent by id alone (whatever `at` a redelivery
  // carries) and finds an interaction's timeline item by id.
  const interactionId = new Entity({
    name: 'InteractionId',
    table,
    timestamps: false,
    schema: item({
      customerId: string().key(),
      id: string().key(),
      timelineSk: string(),
    }),
    computeKey: ({ customerId, id }: { customerId: string; id: string }) => ({
      pk: customerKey(customerId),
      sk: `${INTERACTION_ID_PREFIX}${id}`,
    }),
  });

  const contact = new Entity({
    name: 'Contact',
    table,
    timestamps: false,
    schema: item({
      contactId: string().key(),
      customerId: string(),
      at: string(),
      expiresAt: number(),
    }),
    computeKey: ({ contactId }: { contactId: string }) => contactKey(contactId),
  });

  return { customer, identity, interaction, interactionId, contact };
}

/**
 * The survey response item. Apart from `defineEntities`, so the Lambdas that never touch surveys
 * (the IVR's caller lookup) do not bundle its schema.
 */
export function defineSurveyResponseEntity(table: ReturnType<typeof defineTable>) {
  return new Entity({
    name: 'SurveyResponse',
    table,
    timestamps: false,
    schema: item({
      contactId: string().key(),
      customerId: string(),
      channel: string().enum('voice'),
      queue: string().optional(),
      language: string().enum('ja', 'en').optional(),
      startedAt: string(),
      updatedAt: string(),
      // A map, present (`{}`) from the start, so each answer is one `SET answers.<question>` path.
      answers: map({
        csat: number().optional(),
        nps: number().optional(),
        resolved: boolean().optional(),
      }),
      /** Sort key of the survey's entry on the customer's timeline (`pk = CUSTOMER#<customerId>`). */
      timelineSk: string(),
      reportPk: string(),
      reportSk: string(),
    }),
    computeKey: ({ contactId }: { contactId: string }) => ({ pk: surveyKey(contactId), sk: 'RESPONSE' }),
  });
}

export function defineTable(documentClient: DynamoDBDocumentClient, tableName: string) {
  const s = TABLE_SCHEMA;
  return new Table({
    documentClient,
    name: tableName,
    partitionKey: { name: s.partitionKey, type: 'string' },
    sortKey: { name: s.sortKey, type: 'string' },
    entityAttributeSavedAs: '_et',
    indexes: {
      byPhone: { type: 'global', partitionKey: { name: s.indexes.byPhone.partitionKey, type: 'string' } },
      byEmail: { type: 'global', partitionKey: { name: s.indexes.byEmail.partitionKey, type: 'string' } },
    },
  });
}

export type Entities = ReturnType<typeof defineEntities>;

/** The profile item an identity index points at (AP1, AP2): one Query, at most one item. */
export async function findProfileOnIndex(
  table: ReturnType<typeof defineTable>,
  entities: Entities,
  index: 'byPhone' | 'byEmail',
  value: string,
): Promise<Customer | undefined> {
  const { Items } = await table
    .build(QueryCommand)
    .entities(entities.customer)
    .query({ index, partition: value })
    .options({ limit: 1 })
    .send();
  const found = Items?.[0];
  return found ? fromItem(found) : undefined;
}

export function fromItem(i: {
  id: string;
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
  language: string;
  timeZone: string;
  tier: string;
  preferredChannel?: string | undefined;
  consent: Consent;
  recent: InteractionSummary[];
  notices: Notice[];
  surveyedAt: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}): Customer {
  return stripUndefined({
    id: i.id,
    name: i.name,
    phone: i.phone as E164 | undefined,
    email: i.email,
    language: i.language as Language,
    timeZone: i.timeZone,
    tier: i.tier,
    preferredChannel: i.preferredChannel as Channel | undefined,
    consent: i.consent ?? {},
    recent: i.recent ?? [],
    notices: i.notices ?? [],
    surveyedAt: i.surveyedAt ?? [],
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    version: i.version,
  }) as Customer;
}

export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
