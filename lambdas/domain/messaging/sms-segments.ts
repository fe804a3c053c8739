/**
 * How many SMS segments a body takes, and so what it costs: carriers bill per segment.
 *
 * One SMS carries 140 bytes: 160 GSM-7 septets or 70 UCS-2 (UTF-16) units. A longer message is
 * split into parts that each give up room to a concatenation header: 153 septets or 67 units.
 * A part never splits a character, so an extension character (two septets) or a surrogate pair
 * (two units) that would straddle a boundary moves whole to the next part.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  readonly encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) in the whole body. */
  readonly units: number;
  /** Parts the body is sent as; 0 for an empty body. */
  readonly segments: number;
  /** Room in each part: the single-message limit when it fits one, else the concatenated one. */
  readonly perSegment: number;
}

const LIMITS: Record<SmsEncoding, { readonly single: number; readonly part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

// GSM 03.38 basic character set (one septet each), in table order.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// GSM 03.38 extension table: an escape septet plus one, so two septets each.
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

function gsmSeptets(char: string): 1 | 2 | undefined {
  if (GSM_BASIC.has(char)) return 1;
  if (GSM_EXTENSION.has(char)) return 2;
  return undefined;
}

/** Per-character sizes in the encoding the body will be sent in (iterating by code point). */
function characterUnits(body: string): { encoding: SmsEncoding; sizes: number[] } {
  const chars = [...body];
  const septets = chars.map(gsmSeptets);
  if (septets.every((s) => s !== undefined)) return { encoding: 'GSM-7', sizes: septets };
  // A code point outside the BMP (most emoji, some kanji) is a surrogate pair: two units.
  return { encoding: 'UCS-2', sizes: chars.map((c) => c.length) };
}

/** Parts needed when no character may be split across two parts. */
function packedParts(sizes: readonly number[], room: number): number {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > room) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}

/** The encoding, size and segment count of an SMS body, as the carrier will send it. */
export function smsSegments(body: string): SmsSegments {
  const { encoding, sizes } = characterUnits(body);
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const { single, part } = LIMITS[encoding];
  if (units === 0) return { encoding, units, segments: 0, perSegment: single };
  if (units <= single) return { encoding, units, segments: 1, perSegment: single };
  return { encoding, units, segments: packedParts(sizes, part), perSegment: part };
}

/** Whether the body goes out in at most `max` segments. */
export function fitsSegments(body: string, max: number): boolean {
  return smsSegments(body).segments <= max;
}

export type SmsLengthCheck =
  | { readonly ok: true; readonly segments: number; readonly encoding: SmsEncoding }
  | {
      readonly ok: false;
      readonly reason: 'too-long';
      readonly segments: number;
      readonly max: number;
      readonly encoding: SmsEncoding;
    };

/**
 * Refuses a body longer than the stage allows (stage config `sms.maxSegments`, 1-10), so a
 * template that grew past its budget is caught before it is paid for.
 */
export function checkSmsLength(body: string, maxSegments: number): SmsLengthCheck {
  const { segments, encoding } = smsSegments(body);
  return segments <= maxSegments
    ? { ok: true, segments, encoding }
    : { ok: false, reason: 'too-long', segments, max: maxSegments, encoding };
}
