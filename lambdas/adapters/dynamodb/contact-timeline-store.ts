import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactRecord, ContactTimelineStore } from '../../domain/contact/contact-timeline.ts';
import { contactKey, customerKey, timelineSk } from './profile-entities.ts';

/**
 * The contact's timeline item on the single table (docs/data-model.md): the same Interaction item
 * type the timeline API reads, keyed by the contact's start time and id, so every event of a
 * contact finds it without a read. Two requests per event: one BatchGetItem to find the customer,
 * one conditional UpdateItem.
 */
export class DynamoContactTimelineStore implements ContactTimelineStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async customerForContact(contactIds: readonly string[]): Promise<string | undefined> {
    const keys = [...new Set(contactIds)].map(contactKey);
    const { Responses } = await this.client.send(
      new BatchGetCommand({
        RequestItems: { [this.tableName]: { Keys: keys, ProjectionExpression: 'pk, customerId' } },
      }),
    );
    const found = new Map(
      (Responses?.[this.tableName] ?? []).map((item) => [String(item.pk), item.customerId as unknown]),
    );
    for (const key of keys) {
      const customerId = found.get(key.pk);
      if (typeof customerId === 'string') return customerId;
    }
    return undefined;
  }

  async upsertContact(r: ContactRecord, now: string): Promise<'written' | 'stale'> {
    const values: Record<string, unknown> = {
      _et: 'Interaction',
      customerId: r.customerId,
      id: r.contactId,
      contactId: r.contactId,
      at: r.startedAt,
      channel: r.channel,
      direction: r.direction,
      status: r.status,
      statusRank: r.rank,
      lastEventId: r.eventId,
      updatedAt: now,
      queue: r.queue,
      agent: r.agent,
      queuedAt: r.queuedAt,
      connectedAt: r.connectedAt,
      endedAt: r.endedAt,
    };
    const set = Object.entries(values).filter(([, v]) => v !== undefined);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: customerKey(r.customerId), sk: timelineSk(r.startedAt, r.contactId) },
          UpdateExpression: `SET ${set.map(([k]) => `#${k} = :${k}`).join(', ')}`,
          // Never back a stage: an earlier event arriving late carries nothing the later one lacked.
          ConditionExpression: 'attribute_not_exists(#statusRank) OR #statusRank <= :statusRank',
          ExpressionAttributeNames: Object.fromEntries(set.map(([k]) => [`#${k}`, k])),
          ExpressionAttributeValues: Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])),
        }),
      );
      return 'written';
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as Error).name === 'ConditionalCheckFailedException'
      ) {
        return 'stale';
      }
      throw error;
    }
  }
}
