import { isSupportedCountry, isValidPhoneNumber } from 'libphonenumber-js';
import * as z from 'zod';
import { canonicalTimeZone } from '../../lambdas/domain/time-zone.ts';

/**
 * Stage configuration: one entry per stage under the `stages` key of `cdk.json` context,
 * picked with `-c stage=<name>`. Parsed once at the edge (bin/app.ts, the local twin) and
 * passed to stacks as typed props: constructs never read context themselves.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time HH:MM between 00:00 and 23:59');

const timeZone = z
  .string()
  .refine((v) => canonicalTimeZone(v) !== undefined, 'an IANA time zone such as Asia/Tokyo')
  .transform((v) => canonicalTimeZone(v) ?? v);

export const LOCALES = ['ja-JP', 'en-US'] as const;
const LOG_RETENTION_DAYS = [7, 14, 30, 90, 180, 365] as const;
export type Locale = (typeof LOCALES)[number];

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

/** What every Connect setup shares, created or imported. */
const connectCommon = {
  /** Hours of operation of every queue, in the stage's time zone. */
  hours: z
    .strictObject({
      days: z.array(z.enum(DAYS, `a day name: ${DAYS.join(', ')}`)).min(1),
      start: hhmm,
      end: hhmm,
    })
    .default({ days: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], start: '09:00', end: '18:00' })
    .refine((h) => h.start < h.end, { message: 'hours must end after they start', path: ['end'] }),
  /** Claim a phone number for the inbound flow. Off by default: a number costs money every day. */
  phoneNumber: z
    .strictObject({
      countryCode: z.string().regex(/^[A-Z]{2}$/, 'an ISO country code such as JP'),
      type: z.enum(['DID', 'TOLL_FREE']).default('DID'),
    })
    .optional(),
  /** Offer callers a callback when the oldest contact in their queue has waited longer than this. */
  callbackOfferSeconds: z.number().int().min(30).max(3600).default(300),
  /** …or when more contacts than this are waiting in it. */
  callbackOfferContacts: z.number().int().min(1).max(1000).default(10),
  /** The chat page the after-hours SMS links to (https); without it the IVR does not offer the link. */
  chatLinkUrl: z
    .url({ protocol: /^https$/, message: 'an https URL such as https://example.com/chat' })
    .max(60, 'at most 60 characters, so the Japanese SMS stays one segment')
    .optional(),
};

const connectConfig = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('create'),
    instanceAlias: z
      .string()
      .regex(
        /^(?!d-)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,43}[a-zA-Z0-9])?$/,
        'an instance alias: 1-45 letters, digits or hyphens, not starting with "d-" or a hyphen',
      ),
    ...connectCommon,
  }),
  z.strictObject({
    mode: z.literal('import'),
    instanceArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/,
        'an Amazon Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<uuid>)',
      ),
    ...connectCommon,
  }),
]);

const smsConfig = z.strictObject({
  /** An E.164 number, a sender id, or an End User Messaging origination identity ARN. */
  originationIdentity: z
    .string()
    .refine(
      (v) => isE164(v) || /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/.test(v) || /^arn:aws[a-z-]*:sms-voice:/.test(v),
      'an E.164 phone number (+81...), an alphanumeric sender id (1-11 letters and digits, at least one letter) or an sms-voice ARN',
    ),
  /** Longest message, in segments, that tsunagu will send. */
  maxSegments: z.number().int().min(1).max(10).default(3),
});

const emailConfig = z.strictObject({
  senderAddress: z.email('an email address such as noreply@example.com'),
  /** Verified SES identity (domain or address) the sender belongs to. */
  senderIdentity: z.string().min(3, 'a verified SES identity: a domain or an address'),
});

export const stageConfigSchema = z
  .strictObject({
    /** Deploy target; leave out both for an environment-agnostic synth. */
    account: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as ap-northeast-1')
      .default('ap-northeast-1'),
    locale: z
      .strictObject({
        default: z.enum(LOCALES).default('ja-JP'),
        supported: z.array(z.enum(LOCALES)).min(1).default(['ja-JP', 'en-US']),
      })
      .default({ default: 'ja-JP', supported: ['ja-JP', 'en-US'] })
      .refine((l) => l.supported.includes(l.default), {
        message: 'the default locale must be one of the supported locales',
        path: ['default'],
      }),
    timeZone: timeZone.default('Asia/Tokyo'),
    /** Country used to read national phone formats such as 090-1234-5678. */
    phoneRegion: z
      .string()
      .refine(
        (v) => isSupportedCountry(v),
        'an ISO 3166 country code with a phone numbering plan, such as JP',
      )
      .default('JP'),
    quietHours: z
      .strictObject({ start: hhmm, end: hhmm })
      .default({ start: '21:00', end: '09:00' })
      .refine((q) => q.start !== q.end, {
        message: 'quiet hours must not start and end at the same time',
        path: ['end'],
      }),
    tiers: z
      .array(z.string().regex(/^[a-z][a-z0-9-]{0,29}$/, 'lower-case tier names such as standard, vip'))
      .min(1)
      .default(['standard', 'vip'])
      .refine((t) => new Set(t).size === t.length, 'tier names must be unique'),
    /** Tier of a customer created without one. */
    defaultTier: z.string().default('standard'),
    connect: connectConfig,
    sms: smsConfig,
    email: emailConfig,
    logRetentionDays: z
      .literal(LOG_RETENTION_DAYS, `one of ${LOG_RETENTION_DAYS.join(', ')} (days)`)
      .default(30),
  })
  .superRefine((config, ctx) => {
    if (!config.tiers.includes(config.defaultTier)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultTier'],
        message: `one of the tiers (${config.tiers.join(', ')}); set defaultTier when tiers has no "standard"`,
      });
    }
  });

export type StageConfig = z.infer<typeof stageConfigSchema> & { readonly stage: string };

/** A stage configuration that cannot be used; the message names the field, the value and what is allowed. */
export class StageConfigError extends Error {
  constructor(
    message: string,
    readonly issues: readonly StageConfigIssue[] = [],
  ) {
    super(message);
    this.name = 'StageConfigError';
  }
}

export interface StageConfigIssue {
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
}

const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * Reads the stage named by `stage` from the `stages` context object (or its JSON text, as `-c` passes it).
 */
export function loadStageConfig(context: { stage?: unknown; stages?: unknown }): StageConfig {
  const stage = context.stage ?? 'dev';
  if (typeof stage !== 'string' || !STAGE_NAME.test(stage)) {
    throw new StageConfigError(
      `stage name ${JSON.stringify(stage)} is not allowed: use 1-20 lower-case letters, digits or hyphens (-c stage=dev)`,
    );
  }
  const stages = typeof context.stages === 'string' ? parseJson(context.stages) : context.stages;
  if (stages === null || typeof stages !== 'object' || Array.isArray(stages)) {
    throw new StageConfigError('cdk.json context `stages` must be an object of stage name → stage config');
  }
  if ('connect' in stages || 'sms' in stages) {
    throw new StageConfigError(
      `context \`stages\` looks like one stage's config; wrap it in its name: -c stages='{"${stage}":{...}}'`,
    );
  }
  const raw = (stages as Record<string, unknown>)[stage];
  if (raw === undefined) {
    throw new StageConfigError(
      `stage "${stage}" is not configured: add it under context.stages in cdk.json (configured: ${Object.keys(stages).join(', ') || 'none'})`,
    );
  }
  return parseStageConfig(stage, raw);
}

export function parseStageConfig(stage: string, raw: unknown): StageConfig {
  const result = stageConfigSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => describeIssue(stage, raw, issue));
    const lines = issues.map(
      (i) => `- stage config \`${i.field}\`: got ${formatValue(i.value)}; expected ${i.expected}`,
    );
    throw new StageConfigError(`invalid stage config for "${stage}":\n${lines.join('\n')}`, issues);
  }
  return { ...result.data, stage };
}

function describeIssue(stage: string, raw: unknown, issue: z.core.$ZodIssue): StageConfigIssue {
  const path = issue.path.map(String);
  const field = [`stages.${stage}`, ...path].join('.');
  const value = valueAt(raw, path);
  let expected = issue.message;
  if (issue.code === 'unrecognized_keys') {
    expected = `no keys ${issue.keys.map((k) => `\`${k}\``).join(', ')} (unknown; check the spelling)`;
  } else if (issue.code === 'invalid_union' && path.at(-1) === 'connect') {
    expected =
      '{"mode":"create","instanceAlias":"..."} or {"mode":"import","instanceArn":"arn:aws:connect:..."}';
  } else if (value === undefined && issue.code === 'invalid_type') {
    expected = `a value (required; ${issue.expected})`;
  }
  return { field, value, expected };
}

function valueAt(raw: unknown, path: readonly string[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function formatValue(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StageConfigError('context `stages` passed with -c must be JSON');
  }
}

function isE164(value: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(value) && isValidPhoneNumber(value);
}
