import type { Consent, Customer, MessageChannel, Notice, Purpose } from './customer.ts';
import type { E164 } from './phone.ts';
import type { Interaction } from './timeline.ts';

/** Kinds of identity that point at exactly one customer. */
export const IDENTITY_KINDS = ['phone', 'email', 'chat', 'external'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface Identity {
  readonly kind: IdentityKind;
  /** Normalized: E.164 for phone, lower case for email, as given for chat and external ids. */
  readonly value: string;
}

export interface TimelinePage {
  readonly items: readonly Interaction[];
  /** Opaque; pass back to get the next (older) page. Absent on the last page. */
  readonly cursor?: string;
}

export type ProfileChanges = Partial<
  Pick<Customer, 'name' | 'language' | 'timeZone' | 'tier' | 'preferredChannel'>
>;

export interface AppendInteractionOptions {
  /** The interaction is a survey sent to the customer: add its time to the profile's `surveyedAt`. */
  readonly surveyed?: boolean;
  /**
   * `false`: the entry is an outcome of an earlier contact (an email delivered or bounced), not a
   * contact: it goes on the timeline but not into the profile's recent list, which says who spoke
   * to the customer last. One TransactWriteItems, no profile read. Default `true`.
   */
  readonly recent?: boolean;
}

/** The IVR's read-only view: who is calling (AP1). */
export type CallerLookup = Pick<ProfileStore, 'findByPhone'>;

/**
 * Where customer profiles live. The domain depends on this port; the DynamoDB adapter implements it,
 * and so does nothing else: unit tests mock the SDK client, integration tests run DynamoDB Local.
 * Request budgets (docs/data-model.md) are per method.
 */
export interface ProfileStore {
  /** Stores a new customer and claims its phone and email in one transaction. */
  create(customer: Customer): Promise<void>;
  get(customerId: string): Promise<Customer | undefined>;
  /** AP1: one request. */
  findByPhone(phone: E164): Promise<Customer | undefined>;
  /** AP2: one request. */
  findByEmail(email: string): Promise<Customer | undefined>;
  /** AP2 for chat and external ids: the owner's id, one request. */
  ownerOf(identity: Identity): Promise<string | undefined>;
  update(customerId: string, changes: ProfileChanges, at: string): Promise<Customer>;
  /**
   * Claims `identity` for the customer in one transaction. A phone or email replaces the customer's
   * previous one. Owned by someone else: IdentityConflictError, unless `move` takes it from them.
   */
  assignIdentity(
    customerId: string,
    identity: Identity,
    options: { at: string; move?: boolean },
  ): Promise<void>;
  /** Records one decision for one or several purposes of a channel: 1 GetItem + 1 UpdateItem. */
  setConsent(
    customerId: string,
    channel: MessageChannel,
    purpose: Purpose | readonly Purpose[],
    record: NonNullable<NonNullable<Consent[MessageChannel]>[Purpose]>,
  ): Promise<Customer>;
  /** Adds (or replaces, by id) an open notice on the profile; expired ones are dropped. */
  addNotice(customerId: string, notice: Notice, now: string): Promise<Customer>;
  /**
   * Appends to the timeline (idempotent by interaction id) and refreshes the profile's recent list;
   * with `surveyed`, the same profile update also records `interaction.at` in `surveyedAt` (AP8).
   * 1 GetItem + 1 TransactWriteItems (with `recent: false`, the TransactWriteItems alone).
   */
  appendInteraction(
    interaction: Interaction,
    options?: AppendInteractionOptions,
  ): Promise<{ readonly duplicate: boolean }>;
  /** AP3: one request per page, newest first. */
  timeline(customerId: string, page: { limit: number; cursor?: string }): Promise<TimelinePage>;
  /** Remembers which customer a Connect contact belongs to (read back by AP4). */
  recordContact(contactId: string, customerId: string, at: string): Promise<void>;
  /** AP4: one request. */
  customerForContact(contactId: string): Promise<string | undefined>;
}
