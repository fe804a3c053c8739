import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { ValidationError } from '../errors.ts';

export type E164 = string & { readonly __brand: 'E164' };

/**
 * Any common way of writing a phone number (`090-1234-5678`, `+81 90 1234 5678`, `(090) 1234-5678`)
 * → E.164 (`+819012345678`). National formats are read as `region` numbers.
 */
export function normalizePhone(input: string, region: string, field = 'phone'): E164 {
  const parsed = parsePhoneNumberFromString(input.trim(), region as CountryCode);
  if (!parsed?.isValid()) {
    throw new ValidationError(
      field,
      `${field} must be a valid phone number (e.g. 090-1234-5678 or +81 90 1234 5678)`,
    );
  }
  return parsed.number as E164;
}

export function isE164(value: string): value is E164 {
  return /^\+[1-9]\d{6,14}$/.test(value);
}

/** `+819012345678` → `+81*******78`: enough to tell numbers apart in a log, not enough to dial. */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 6) return '***';
  return `+${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
}
