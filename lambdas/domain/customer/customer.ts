import * as z from 'zod';
import { ValidationError } from '../errors.ts';
import { type E164, normalizePhone } from './phone.ts';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Channels that carry consent: the ones tsunagu sends on. */
export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** Every channel a customer can reach us on, or we them. */
export const CHANNELS = ['voice', 'sms', 'email', 'chat', 'task'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PURPOSES = ['transactional', 'marketing'] as const;
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
  readonly defaultLanguage: Language;
  readonly defaultTimeZone: string;
  readonly phoneRegion: string;
}

const consentChoice = z.strictObject({
  transactional: z.boolean().optional(),
  marketing: z.boolean().optional(),
});

const name = z
  .string()
  .trim()
  .min(1, 'name must not be empty')
  .max(100, 'name must be at most 100 characters');
const email = z
  .email('email must be an email address such as hanako@example.com')
  .max(254)
  .transform((e) => e.toLowerCase());

export const createCustomerInput = z.strictObject({
  name,
  phone: z.string().max(40).optional(),
  email: z.string().trim().pipe(email).optional(),
  language: z.enum(LANGUAGES, 'language must be "ja" or "en"').optional(),
  timeZone: z.string().optional(),
  tier: z.string().optional(),
  preferredChannel: z.enum(CHANNELS).optional(),
  consent: z.strictObject({ sms: consentChoice.optional(), email: consentChoice.optional() }).optional(),
});
export type CreateCustomerInput = z.input<typeof createCustomerInput>;

export const updateCustomerInput = createCustomerInput
  .omit({ consent: true, phone: true, email: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type UpdateCustomerInput = z.input<typeof updateCustomerInput>;

/** Parses with a zod schema; the first problem becomes a ValidationError naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length
    ? issue.path.join('.')
    : issue?.code === 'unrecognized_keys'
      ? issue.keys.join(',')
      : 'body';
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown field ${issue.keys.join(', ')}`
      : (issue?.message ?? 'invalid');
  throw new ValidationError(field, message);
}

export interface NewCustomerContext {
  readonly id: string;
  readonly now: Date;
  readonly policy: ProfilePolicy;
  /** How the data arrived, recorded with each consent decision. */
  readonly source: string;
}

/** Validates and normalizes a create request into a new customer (nothing stored yet). */
export function newCustomer(input: unknown, ctx: NewCustomerContext): Customer {
  const data = parseInput(createCustomerInput, input);
  const at = ctx.now.toISOString();
  const customer: Customer = {
    id: ctx.id,
    name: data.name,
    ...(data.phone !== undefined ? { phone: normalizePhone(data.phone, ctx.policy.phoneRegion) } : {}),
    ...(data.email !== undefined ? { email: data.email } : {}),
    language: data.language ?? ctx.policy.defaultLanguage,
    timeZone: checkTimeZone(data.timeZone ?? ctx.policy.defaultTimeZone),
    tier: checkTier(data.tier ?? 'standard', ctx.policy),
    ...(data.preferredChannel ? { preferredChannel: data.preferredChannel } : {}),
    consent: consentFrom(data.consent ?? {}, at, ctx.source),
    recent: [],
    notices: [],
    surveyedAt: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  return customer;
}

/** The validated changes of an update request (name, language, time zone, tier, preferred channel). */
export function customerChanges(input: unknown, policy: ProfilePolicy): z.output<typeof updateCustomerInput> {
  const data = parseInput(updateCustomerInput, input);
  if (data.timeZone !== undefined) checkTimeZone(data.timeZone);
  if (data.tier !== undefined) checkTier(data.tier, policy);
  return data;
}

function consentFrom(
  choice: z.output<typeof createCustomerInput>['consent'] & object,
  at: string,
  source: string,
) {
  const consent: { [C in MessageChannel]?: { [P in Purpose]?: ConsentRecord } } = {};
  for (const channel of MESSAGE_CHANNELS) {
    const byPurpose = choice[channel];
    if (!byPurpose) continue;
    for (const purpose of PURPOSES) {
      const granted = byPurpose[purpose];
      if (granted === undefined) continue;
      consent[channel] = { ...consent[channel], [purpose]: { granted, at, source } };
    }
  }
  return consent;
}

/** Whether the customer currently agrees to messages on `channel` for `purpose` (never recorded → no). */
export function hasConsent(
  customer: Pick<Customer, 'consent'>,
  channel: MessageChannel,
  purpose: Purpose,
): boolean {
  return customer.consent[channel]?.[purpose]?.granted === true;
}

export function checkTimeZone(value: string, field = 'timeZone'): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    if (value.includes('/') || value === 'UTC') return value;
  } catch {
    // fall through
  }
  throw new ValidationError(field, `${field} must be an IANA time zone such as Asia/Tokyo, got "${value}"`);
}

function checkTier(value: string, policy: ProfilePolicy): string {
  if (!policy.tiers.includes(value)) {
    throw new ValidationError('tier', `tier must be one of ${policy.tiers.join(', ')}, got "${value}"`);
  }
  return value;
}

/**
 * How to address the customer in a greeting: Japanese names are written family name first
 * (佐藤 花子 → 佐藤), English ones given name first (Emily Carter → Emily).
 */
export function greetingName(customer: Pick<Customer, 'name' | 'language'>): string {
  const parts = customer.name.split(/[\s\u3000]+/).filter(Boolean);
  return parts[0] ?? customer.name;
}
