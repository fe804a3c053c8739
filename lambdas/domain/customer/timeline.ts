import type { InteractionSummary, Notice } from './customer.ts';

/** How many interactions the profile keeps for the IVR context (AP1). */
export const RECENT_INTERACTIONS = 5;

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

/** Open notices kept on the profile; older ones drop off (the item stays small for AP1). */
export const MAX_OPEN_NOTICES = 10;

/** The profile's notices with `notice` added (replacing one with its id), expired ones dropped. */
export function withNotice(notices: readonly Notice[], notice: Notice, now: Date): Notice[] {
  return openNotices([notice, ...notices.filter((n) => n.id !== notice.id)], now).slice(0, MAX_OPEN_NOTICES);
}
