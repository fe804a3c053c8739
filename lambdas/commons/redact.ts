import { maskPhone } from '../domain/customer/phone.ts';

// Digits as people type them, half- or full-width (０９０－１２３４－５６７８).
const D = '[0-9０-９]';
const SEP = '[\\s().．－-]';
// +81 90-1234-5678, +1.415.555.0123: a plus, then 8–15 digits with separators.
const INTERNATIONAL = new RegExp(`(?<![\\w+])[+＋]${D}(?:${SEP}?${D}){6,16}(?![\\w-])`, 'g');
// 090-1234-5678, 03 1234 5678, (415) 555-0123: national formats. Bounded by non-word,
// non-hyphen characters so that UUIDs (contact ids) and order numbers are left alone.
const NATIONAL = new RegExp(
  `(?<![\\w-])(?:[0０]${D}{1,4}|\\(${D}{3}\\))${SEP}{0,2}${D}{1,4}${SEP}?${D}{3,4}(?![\\w-])`,
  'g',
);
const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;

const digitsIn = (text: string) => text.normalize('NFKC').replace(/\D/g, '');

/** `hanako.sato@example.com` → `h***@example.com`. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  return at > 0 ? `${value[0]}***${value.slice(at)}` : '***';
}

/** Masks every phone number and email address in a piece of text. */
export function redactText(text: string): string {
  return text
    .replace(EMAIL, maskEmail)
    .replace(INTERNATIONAL, (m) => (digitsIn(m).length >= 8 ? maskPhone(`+${digitsIn(m)}`) : m))
    .replace(NATIONAL, (m) => {
      const digits = digitsIn(m);
      return digits.length >= 10 && digits.length <= 11 ? maskPhone(digits).slice(1) : m;
    });
}

/**
 * JSON.stringify replacer for the logger: every string value is redacted, so a phone number or an
 * address logged by mistake (in a message, an event, an error) never reaches CloudWatch.
 */
export function redactPii(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? redactText(value) : value;
}
