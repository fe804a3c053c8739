import type { ContactCompleted, EventPublisher } from '../events/domain-event.ts';
import { arnId, CONTACT_STAGES, type ContactProgress } from './contact-event.ts';

/** A contact as its timeline item holds it: the event's progress, the customer, readable names. */
export interface ContactRecord extends ContactProgress {
  readonly customerId: string;
  /** The queue's configured name (`billing`), or its id when the name is not known. */
  readonly queue?: string;
  /** The agent's id. */
  readonly agent?: string;
  /** How far the contact got (CONTACT_STAGES): the item keeps the furthest. */
  readonly rank: number;
  readonly status: string;
}

export interface ContactTimelineStore {
  /** The customer of the first of these contacts someone recorded (AP4), in one request. */
  customerForContact(contactIds: readonly string[]): Promise<string | undefined>;
  /**
   * Creates or updates the contact's one timeline item, unless it already holds a later stage
   * (`stale`: an earlier event arriving late, which adds nothing the later one did not carry).
   */
  upsertContact(record: ContactRecord, now: string): Promise<'written' | 'stale'>;
}

export type ApplyResult = 'written' | 'stale' | 'no-customer';

export interface ContactTimelineDeps {
  readonly store: ContactTimelineStore;
  readonly events: EventPublisher;
  /** Queue ARN → configured name. */
  readonly queueNames: ReadonlyMap<string, string>;
  readonly clock: () => Date;
}

/**
 * Keeps one timeline item per Connect contact, whatever order its events arrive in and however
 * often: each event carries every timestamp so far, and an item never goes back a stage. When a
 * contact ends, `ContactCompleted` goes out on the tsunagu bus (again on a redelivery of that event:
 * consumers are idempotent by contact id).
 */
export class ContactTimeline {
  constructor(private readonly deps: ContactTimelineDeps) {}

  async apply(progress: ContactProgress): Promise<ApplyResult> {
    const ids = [progress.contactId, ...(progress.initialContactId ? [progress.initialContactId] : [])];
    const customerId = await this.deps.store.customerForContact(ids);
    // Nobody recorded this contact: a caller or chat we do not know. Nothing to attach it to.
    if (!customerId) return 'no-customer';
    const stage = CONTACT_STAGES[progress.eventType];
    const queue = progress.queueArn
      ? (this.deps.queueNames.get(progress.queueArn) ?? arnId(progress.queueArn))
      : undefined;
    const record: ContactRecord = {
      ...progress,
      customerId,
      ...(queue ? { queue } : {}),
      ...(progress.agentArn ? { agent: arnId(progress.agentArn) } : {}),
      rank: stage.rank,
      status: stage.status,
    };
    const now = this.deps.clock().toISOString();
    const result = await this.deps.store.upsertContact(record, now);
    if (result === 'written' && progress.eventType === 'DISCONNECTED' && record.endedAt) {
      await this.deps.events.publish([
        {
          source: 'tsunagu.contacts',
          type: 'ContactCompleted',
          at: record.endedAt,
          detail: completed(record, record.endedAt),
        },
      ]);
    }
    return result;
  }
}

function completed(r: ContactRecord, endedAt: string): ContactCompleted {
  return {
    contactId: r.contactId,
    customerId: r.customerId,
    channel: r.channel,
    direction: r.direction,
    ...(r.queue ? { queue: r.queue } : {}),
    ...(r.agent ? { agent: r.agent } : {}),
    startedAt: r.startedAt,
    endedAt,
    durationSeconds: Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(r.startedAt)) / 1000)),
    answered: r.connectedAt !== undefined,
  };
}
