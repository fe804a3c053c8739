import { maskPhone } from '../domain/customer/phone.ts';

// Phone numbers in E.164 or national form (090-1234-5678, +81 90 1234 5678), and email addresses.
const PHONE = /\+?\d[\d\s()-]{7,}\d/g;
const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;

/** `hanako.sato@example.com` → `h***@example.com`. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  return at > 0 ? `${value[0]}***${value.slice(at)}` : '***';
}

/** Masks every phone number and email address in a piece of text. */
export function redactText(text: string): string {
  return text
    .replace(EMAIL, maskEmail)
    .replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 10 ? maskPhone(m) : m));
}

/**
 * JSON.stringify replacer for the logger: every string value is redacted, so a phone number or an
 * address logged by mistake (in a message, an event, an error) never reaches CloudWatch.
 */
export function redactPii(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? redactText(value) : value;
}
