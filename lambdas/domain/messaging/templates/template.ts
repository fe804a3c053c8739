import * as z from 'zod';
import type { Language, Purpose } from '../../customer/customer.ts';

// What every message template is made of. Each template (one file beside this one) writes its copy
// once as paragraphs, in Japanese and English; message-rendering.ts turns them into an SMS body or an
// email's text and HTML parts, so the two never drift and escaping happens in one place.

/** A link in the copy: shown as its URL in both parts (https only, checked by the schemas). */
export interface Link {
  readonly href: string;
}
export type Paragraph = readonly (string | Link)[];

/** What a template writes for one language: the SMS body and the email's subject and paragraphs. */
export interface TemplateCopy {
  readonly sms: string;
  readonly subject: string;
  readonly paragraphs: readonly Paragraph[];
}

/** Formatting a template's copy needs, for the language being rendered. */
export interface CopyContext {
  /** The greeting for the SMS, ready to prefix (`佐藤様、` / `Hello Emily, `). */
  readonly smsGreeting: string;
  /** `YYYY-MM-DD` → `2026年11月25日` / `25 November 2026`. */
  readonly date: (isoDate: string, options?: { readonly weekday?: boolean }) => string;
  /** An ISO date-time with offset → date and time in the render's time zone. */
  readonly dateTime: (isoDateTime: string) => string;
}

export interface MessageTemplate<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly purpose: Purpose;
  /** Strict: unknown variables are refused, required ones named. */
  readonly variables: S;
  /** Whether the email opens with the customer's name (not for `custom`: its text is sent as is). */
  readonly greets: boolean;
  readonly copy: Readonly<Record<Language, (variables: z.output<S>, ctx: CopyContext) => TemplateCopy>>;
}

/** A template, typed by its variables. */
export function defineTemplate<S extends z.ZodType>(template: MessageTemplate<S>): MessageTemplate<S> {
  return template;
}

/** A link in the copy. */
export const link = (href: string): Link => ({ href });

// --- variables: each refusal names the field and what fits ---------------------------------------

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks and tabs are allowed in free text
export const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One error message for every way a variable can be wrong: missing is "required", the rest says what fits. */
export const problem = (field: string, expected: string) => (issue: { readonly input?: unknown }) =>
  issue.input === undefined ? `${field} is required` : `${field} must be ${expected}`;

/** Single-line text, trimmed. */
export function line(field: string, max: number) {
  const error = problem(field, `text of 1 to ${max} characters on one line`);
  return z
    .string({ error })
    .trim()
    .min(1, { error })
    .max(max, { error })
    .refine((v) => !CONTROL.test(v) && v.isWellFormed(), { error });
}

/** An https URL on a real host name, normalized (so it is ASCII: safe in headers and attributes). */
export function httpsUrl(field: string) {
  const error = problem(field, 'an https URL such as https://example.com/track/A123');
  return z
    .url({ protocol: /^https$/, hostname: z.regexes.domain, error })
    .max(2000, { error })
    .transform((v) => new URL(v).href);
}

export function isoDate(field: string) {
  return z.iso.date({ error: problem(field, 'a date YYYY-MM-DD such as 2026-11-25') });
}

/** The variables of a template that sends one link (the chat link, the survey invitation). */
export const linkVariables = z.strictObject({ url: httpsUrl('url') });
