import { readFixture } from './fixtures.ts';

/** The documented DISCONNECTED contact event (note its `AgentInfo` and `Voice`: AWS's own case). */
export function disconnectedFixture(): Record<string, unknown> {
  return readFixture('events', 'connect-contact-event-disconnected.json');
}

export const CONTACT_TIMES = {
  initiation: '2026-11-20T01:12:53.000Z',
  enqueue: '2026-11-20T01:13:41.000Z',
  connectedToAgent: '2026-11-20T01:14:02.000Z',
  disconnect: '2026-11-20T01:18:37.000Z',
} as const;

export const STAGE_ORDER = ['INITIATED', 'QUEUED', 'CONNECTED_TO_AGENT', 'DISCONNECTED'] as const;

/**
 * A contact event of `eventType` for `contactId`, shaped like the fixture, carrying every
 * timestamp up to that stage (as Connect's events do).
 */
export function contactEvent(
  eventType: (typeof STAGE_ORDER)[number],
  contactId: string,
  options: { instanceArn?: string; eventId?: string } = {},
): Record<string, unknown> {
  const base = disconnectedFixture();
  const stage = STAGE_ORDER.indexOf(eventType);
  const d = base.detail as Record<string, unknown>;
  const instanceArn = options.instanceArn ?? String(d.instanceArn);
  const detail: Record<string, unknown> = {
    eventType,
    contactId,
    initialContactId: contactId,
    channel: 'VOICE',
    instanceArn,
    initiationMethod: 'INBOUND',
    initiationTimestamp: CONTACT_TIMES.initiation,
    connectedToSystemTimestamp: '2026-11-20T01:12:55.000Z',
  };
  if (stage >= 1) {
    detail.queueInfo = {
      queueArn: `${instanceArn}/queue/2d3c1b7e-6a1f-4b0e-8c9d-5e4f3a2b1c0d`,
      queueType: 'STANDARD',
      enqueueTimestamp: CONTACT_TIMES.enqueue,
    };
  }
  if (stage >= 2) {
    detail.agentInfo = {
      agentArn: `${instanceArn}/agent/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
      connectedToAgentTimestamp: CONTACT_TIMES.connectedToAgent,
    };
  }
  if (stage >= 3) detail.disconnectTimestamp = CONTACT_TIMES.disconnect;
  return {
    ...base,
    id: options.eventId ?? `${contactId.slice(0, 8)}-evt-${eventType}`,
    resources: [`${instanceArn}/contact/${contactId}`, instanceArn],
    detail,
  };
}
