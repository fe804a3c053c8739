/**
 * The canonical spelling of an IANA time zone (`asia/tokyo` → `Asia/Tokyo`), or undefined when the
 * runtime does not know it. Offsets such as `+09:00` are not zones (they ignore daylight saving).
 */
export function canonicalTimeZone(value: string): string | undefined {
  if (!value.includes('/') && value.toUpperCase() !== 'UTC') return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
