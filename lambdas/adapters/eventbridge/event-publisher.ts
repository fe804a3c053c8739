import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DomainEvent, EventPublisher } from '../../domain/events/domain-event.ts';

/** PutEvents takes at most 10 entries per call. */
const BATCH = 10;

/** Domain events onto the tsunagu bus. A partly failed PutEvents throws, so the caller retries. */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      const { FailedEntryCount, Entries } = await this.client.send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({
            EventBusName: this.busName,
            Source: e.source,
            DetailType: e.type,
            Detail: JSON.stringify(e.detail),
            Time: new Date(e.at),
          })),
        }),
      );
      if (FailedEntryCount) {
        const reasons = (Entries ?? []).flatMap((entry) => (entry.ErrorCode ? [entry.ErrorCode] : []));
        throw new Error(
          `${FailedEntryCount} of ${batch.length} events not published: ${[...new Set(reasons)].join(', ')}`,
        );
      }
    }
  }
}
