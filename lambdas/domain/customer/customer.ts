import type { E164 } from './phone.ts';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Channels that carry consent: the ones tsunagu sends on. */
export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** Every channel a customer can reach us on, or we them. */
export const CHANNELS = ['voice', 'sms', 'email', 'chat', 'task'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * What a consent covers: transactional messages (order updates, callbacks, chat links), marketing,
 * and surveys (asking for feedback after a contact: the post-call voice survey, survey invitations).
 */
export const PURPOSES = ['transactional', 'marketing', 'survey'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** One consent decision: given or withdrawn, when, and how (api, ivr, sms-keyword, unsubscribe-link, ...). */
export interface ConsentRecord {
  readonly granted: boolean;
  readonly at: string;
  readonly source: string;
}
export type Consent = { [C in MessageChannel]?: { [P in Purpose]?: ConsentRecord } };

/** The last few interactions, kept on the profile so the IVR reads them with the customer (AP1). */
export interface InteractionSummary {
  readonly id: string;
  readonly at: string;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly topic?: string;
  readonly summary?: string;
  readonly contactId?: string;
  readonly queue?: string;
}

/** A proactive notice the customer may call about (e.g. a delivery delay), open until `expiresAt`. */
export interface Notice {
  readonly id: string;
  readonly topic: string;
  readonly summary: string;
  readonly at: string;
  readonly expiresAt: string;
}

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly phone?: E164;
  readonly email?: string;
  readonly language: Language;
  readonly timeZone: string;
  readonly tier: string;
  readonly preferredChannel?: Channel;
  readonly consent: Consent;
  readonly recent: readonly InteractionSummary[];
  readonly notices: readonly Notice[];
  /** When surveys were sent, newest first (AP8: survey fatigue). */
  readonly surveyedAt: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Optimistic-lock counter: every write to the profile checks and bumps it. */
  readonly version: number;
}

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** What the profile rules need from the stage: allowed tiers and defaults. */
export interface ProfilePolicy {
  readonly tiers: readonly string[];
  /** Tier of a customer created without one; one of `tiers`. */
  readonly defaultTier: string;
  readonly defaultLanguage: Language;
  readonly defaultTimeZone: string;
  readonly phoneRegion: string;
}

/** Whether the customer currently agrees to messages on `channel` for `purpose` (never recorded → no). */
export function hasConsent(
  customer: Pick<Customer, 'consent'>,
  channel: MessageChannel,
  purpose: Purpose,
): boolean {
  return customer.consent[channel]?.[purpose]?.granted === true;
}

/**
 * How to address the customer in a greeting: Japanese names are written family name first
 * (佐藤 花子 → 佐藤), English ones given name first (Emily Carter → Emily).
 */
export function greetingName(customer: Pick<Customer, 'name' | 'language'>): string {
  const parts = customer.name.split(/[\s\u3000]+/).filter(Boolean);
  return parts[0] ?? customer.name;
}
