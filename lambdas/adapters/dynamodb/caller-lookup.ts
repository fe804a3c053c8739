import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '../../domain/customer/customer.ts';
import type { E164 } from '../../domain/customer/phone.ts';
import type { CallerLookup } from '../../domain/customer/profile-store.ts';
import { defineEntities, defineTable, findProfileOnIndex } from './profile-entities.ts';

/**
 * AP1 for the IVR: caller number → profile, one Query. A read-only slice of the profile store, so
 * the IVR's Lambda bundles no transaction or update code.
 */
export class DynamoCallerLookup implements CallerLookup {
  private readonly table: ReturnType<typeof defineTable>;
  private readonly entities: ReturnType<typeof defineEntities>;

  constructor(documentClient: DynamoDBDocumentClient, tableName: string) {
    this.table = defineTable(documentClient, tableName);
    this.entities = defineEntities(this.table);
  }

  findByPhone(phone: E164): Promise<Customer | undefined> {
    return findProfileOnIndex(this.table, this.entities, 'byPhone', phone);
  }
}
