import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SuppressionList } from '../../domain/messaging/send-to-customer.ts';

const key = (channel: string, address: string) => ({
  pk: `SUPPRESSION#${channel}#${address.toLowerCase()}`,
  sk: 'SUPPRESSION',
});

/**
 * Addresses no message may go to (a permanent bounce, a number that cannot receive): one item per
 * address on the single table, `pk = SUPPRESSION#<channel>#<address>`. One GetItem per check.
 */
export class DynamoSuppressionList implements SuppressionList {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isSuppressed(channel: 'sms' | 'email', address: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(channel, address), ProjectionExpression: 'pk' }),
    );
    return Item !== undefined;
  }

  async suppress(channel: 'sms' | 'email', address: string, reason: string, at: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key(channel, address), _et: 'Suppression', channel, reason, at },
      }),
    );
  }
}
