import * as z from 'zod';
import { CHANNELS, DIRECTIONS, type InteractionSummary, type Notice, parseInput } from './customer.ts';

/** How many interactions the profile keeps for the IVR context (AP1). */
export const RECENT_INTERACTIONS = 5;

const isoTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 time such as 2026-11-23T10:00:00+09:00',
});
const text = (max: number) => z.string().trim().min(1).max(max);

export const interactionInput = z.strictObject({
  /** Idempotency key: appending the same id twice records it once. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'id must be 1-100 letters, digits or ._:-')
    .optional(),
  at: isoTime.optional(),
  channel: z.enum(CHANNELS),
  direction: z.enum(DIRECTIONS),
  contactId: text(100).optional(),
  queue: text(100).optional(),
  agent: text(200).optional(),
  topic: text(100).optional(),
  summary: text(1000).optional(),
  status: text(40).optional(),
  endedAt: isoTime.optional(),
});

/** One entry of a customer's cross-channel timeline. */
export interface Interaction {
  readonly id: string;
  readonly customerId: string;
  readonly at: string;
  readonly channel: InteractionSummary['channel'];
  readonly direction: InteractionSummary['direction'];
  readonly contactId?: string;
  readonly queue?: string;
  readonly agent?: string;
  readonly topic?: string;
  readonly summary?: string;
  readonly status?: string;
  readonly endedAt?: string;
}

export function newInteraction(
  customerId: string,
  input: unknown,
  ctx: { id: string; now: Date },
): Interaction {
  const data = parseInput(interactionInput, input);
  const at = data.at ? new Date(data.at).toISOString() : ctx.now.toISOString();
  const { id, at: _at, endedAt, ...rest } = data;
  return {
    ...rest,
    id: id ?? ctx.id,
    customerId,
    at,
    ...(endedAt ? { endedAt: new Date(endedAt).toISOString() } : {}),
  };
}

export function summarize(i: Interaction): InteractionSummary {
  return {
    id: i.id,
    at: i.at,
    channel: i.channel,
    direction: i.direction,
    ...(i.topic ? { topic: i.topic } : {}),
    ...(i.summary ? { summary: i.summary.slice(0, 200) } : {}),
    ...(i.contactId ? { contactId: i.contactId } : {}),
    ...(i.queue ? { queue: i.queue } : {}),
  };
}

/**
 * The profile's recent list with `entry` added: newest first by time (events may arrive late),
 * one entry per id (a re-recorded interaction replaces its older summary), at most `max`.
 */
export function withRecent(
  recent: readonly InteractionSummary[],
  entry: InteractionSummary,
  max = RECENT_INTERACTIONS,
): InteractionSummary[] {
  return [entry, ...recent.filter((r) => r.id !== entry.id)]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, max);
}

/** Notices still open at `now`, newest first. */
export function openNotices(notices: readonly Notice[], now: Date): Notice[] {
  const t = now.toISOString();
  return notices.filter((n) => n.expiresAt > t).sort((a, b) => (a.at < b.at ? 1 : -1));
}
