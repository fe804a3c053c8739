import type { Channel, Direction } from '../customer/customer.ts';
import { isObject, lowerCamelKeys, text } from '../event-keys.ts';
import { ignored, invalid, type ParseResult, parsedOk } from '../parse-input.ts';

/**
 * Amazon Connect contact events (EventBridge, default bus) as tsunagu reads them. Delivery is at
 * least once and unordered, AWS's own samples disagree on key case (`agentInfo` / `AgentInfo`,
 * `Voice` / `VOICE`), and new event types and fields appear over time: keys are read
 * case-tolerantly, and what is unknown is ignored rather than refused.
 */

/** How far a contact got: a later stage is never overwritten by an earlier event arriving late. */
export const CONTACT_STAGES = {
  INITIATED: { rank: 1, status: 'started' },
  CONNECTED_TO_SYSTEM: { rank: 1, status: 'started' },
  QUEUED: { rank: 2, status: 'queued' },
  CONNECTED_TO_AGENT: { rank: 3, status: 'connected' },
  DISCONNECTED: { rank: 4, status: 'ended' },
  COMPLETED: { rank: 5, status: 'completed' },
} as const;
export type ContactEventType = keyof typeof CONTACT_STAGES;

/** One contact event, read: where the contact is and what is known of it. */
export interface ContactProgress {
  readonly eventId: string;
  readonly eventType: ContactEventType;
  readonly contactId: string;
  /** The contact this one continues (a transfer, a callback): its customer is this one's. */
  readonly initialContactId?: string;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly startedAt: string;
  readonly queuedAt?: string;
  readonly connectedAt?: string;
  readonly endedAt?: string;
  readonly queueArn?: string;
  readonly agentArn?: string;
}

const CHANNELS: Readonly<Record<string, Channel>> = {
  VOICE: 'voice',
  CHAT: 'chat',
  TASK: 'task',
  EMAIL: 'email',
};
const OUTBOUND = new Set(['OUTBOUND', 'CALLBACK', 'API']);

export function parseContactEvent(raw: unknown): ParseResult<ContactProgress> {
  const event = lowerCamelKeys(raw);
  if (!isObject(event)) return invalid('the event is not a JSON object');
  if (event.source !== 'aws.connect' || event.detailType !== 'Amazon Connect Contact Event') {
    return invalid(
      `not an Amazon Connect contact event (source ${String(event.source)}, detail-type ${String(event.detailType)})`,
    );
  }
  const id = text(event.id);
  if (!id) return invalid('id: missing');
  const d = event.detail;
  if (!isObject(d)) return invalid('detail: missing or not an object');
  const contactId = text(d.contactId);
  if (!contactId || contactId.length > 256) return invalid('detail.contactId: missing');
  const eventType = text(d.eventType)?.toUpperCase();
  if (!eventType) return invalid('detail.eventType: missing');
  if (!(eventType in CONTACT_STAGES)) return ignored(`event type ${eventType}`);

  const startedAt = time(d.initiationTimestamp);
  if (startedAt === null) return invalid('detail.initiationTimestamp: not a time');
  if (startedAt === undefined) return ignored(`${eventType} without initiationTimestamp`);
  const channel = CHANNELS[text(d.channel)?.toUpperCase() ?? ''];
  if (!channel) return ignored(`channel ${String(d.channel)}`);
  const queue = isObject(d.queueInfo) ? d.queueInfo : {};
  const agent = isObject(d.agentInfo) ? d.agentInfo : {};
  const times = {
    queuedAt: time(queue.enqueueTimestamp),
    connectedAt: time(agent.connectedToAgentTimestamp),
    endedAt: time(d.disconnectTimestamp),
  };
  for (const [field, value] of Object.entries(times)) {
    if (value === null) return invalid(`detail: ${field} is not a time`);
  }
  const initialContactId = text(d.initialContactId);
  const queueArn = text(queue.queueArn);
  const agentArn = text(agent.agentArn);
  return parsedOk({
    eventId: id,
    eventType: eventType as ContactEventType,
    contactId,
    ...(initialContactId && initialContactId !== contactId ? { initialContactId } : {}),
    channel,
    direction: OUTBOUND.has(text(d.initiationMethod)?.toUpperCase() ?? '') ? 'outbound' : 'inbound',
    startedAt,
    ...(times.queuedAt ? { queuedAt: times.queuedAt } : {}),
    ...(times.connectedAt ? { connectedAt: times.connectedAt } : {}),
    ...(times.endedAt ? { endedAt: times.endedAt } : {}),
    ...(queueArn ? { queueArn } : {}),
    ...(agentArn ? { agentArn } : {}),
  });
}

/** The last part of an ARN: a queue's or agent's id. */
export const arnId = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** An ISO time normalized to UTC milliseconds; undefined when absent, null when unreadable. */
function time(value: unknown): string | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
