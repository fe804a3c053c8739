/**
 * Keys and indexes of the one tsunagu table. The CDK construct builds the table from this, the data
 * adapter reads and writes by it, and the local twin creates its table from the synthesized template,
 * so there is one definition. docs/data-model.md explains every item type and access pattern.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes the item some time after (filter expired items on read). */
  ttlAttribute: 'expiresAt',
  indexes: {
    /** AP1: caller number (E.164) → the customer's profile item, which carries the IVR context. */
    byPhone: { partitionKey: 'phone', sortKey: undefined },
    /** AP2: email address (lower case) → the customer's profile item. */
    byEmail: { partitionKey: 'email', sortKey: undefined },
    /** AP6: report rows (survey responses) by month bucket and time. */
    byReport: { partitionKey: 'reportPk', sortKey: 'reportSk' },
    /** AP7: broadcast segment (region, tag) → member customers. */
    bySegment: { partitionKey: 'segmentPk', sortKey: 'segmentSk' },
  },
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  ttlAttribute: string;
  indexes: Record<string, { partitionKey: string; sortKey: string | undefined }>;
};

export type IndexName = keyof typeof TABLE_SCHEMA.indexes;
