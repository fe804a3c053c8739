import * as z from 'zod';
import { ValidationError } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import { canonicalTimeZone } from '../time-zone.ts';
import {
  CHANNELS,
  type Consent,
  type Customer,
  LANGUAGES,
  MESSAGE_CHANNELS,
  type ProfilePolicy,
  PURPOSES,
} from './customer.ts';
import { normalizePhone } from './phone.ts';

// Validation of customer requests at the edge: kept apart from customer.ts so that handlers which
// only read profiles (the IVR lookup) do not bundle zod.

const consentChoice = z.strictObject({
  transactional: z.boolean().optional(),
  marketing: z.boolean().optional(),
  survey: z.boolean().optional(),
});

const name = z
  .string()
  .trim()
  .min(1, 'name must not be empty')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v) && v.isWellFormed(), 'name must be printable text')
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
    tier: checkTier(data.tier ?? ctx.policy.defaultTier, ctx.policy),
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
  if (data.tier !== undefined) checkTier(data.tier, policy);
  return data.timeZone === undefined ? data : { ...data, timeZone: checkTimeZone(data.timeZone) };
}

function consentFrom(
  choice: z.output<typeof createCustomerInput>['consent'] & object,
  at: string,
  source: string,
) {
  const consent: { -readonly [C in keyof Consent]: Consent[C] } = {};
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

export function checkTimeZone(value: string, field = 'timeZone'): string {
  const zone = canonicalTimeZone(value);
  if (zone) return zone;
  throw new ValidationError(field, `${field} must be an IANA time zone such as Asia/Tokyo, got "${value}"`);
}

function checkTier(value: string, policy: ProfilePolicy): string {
  if (!policy.tiers.includes(value)) {
    throw new ValidationError('tier', `tier must be one of ${policy.tiers.join(', ')}, got "${value}"`);
  }
  return value;
}
