/**
 * tsunagu's own events, on the `tsunagu-<stage>` bus: what happened, in the domain's words, for
 * the survey, notification and analytics work to act on. Consumers must be idempotent: delivery is
 * at least once.
 */
export interface DomainEvent {
  /** EventBridge `source`, e.g. `tsunagu.contacts`. */
  readonly source: string;
  /** EventBridge `detail-type`, e.g. `ContactCompleted`. */
  readonly type: string;
  /** JSON-serializable. */
  readonly detail: object;
  /** When it happened (EventBridge `time`). */
  readonly at: string;
}

/** Publishes domain events: EventBridge PutEvents in AWS, the local event router in the twin. */
export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

/** A Connect contact ended: the survey work invites the customer. */
export interface ContactCompleted {
  readonly contactId: string;
  readonly customerId: string;
  readonly channel: string;
  readonly direction: string;
  readonly queue?: string;
  readonly agent?: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationSeconds: number;
  /** Whether an agent took it (false: abandoned in queue or handled by the IVR alone). */
  readonly answered: boolean;
}
