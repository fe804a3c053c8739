/**
 * IP addresses as EventBridge reads them in `cidr` patterns, in exact-match strings that are IP
 * literals, and in event values: only strings shaped like a dotted quad or like an IPv6 address
 * (hex digits and colons, no zone, no embedded IPv4) count as addresses.
 */

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Whether the text has the shape of an IP literal (it may still be an invalid one, e.g. `10.0.0.256`). */
export function looksLikeIpAddress(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

/**
 * The address's bytes (4 for IPv4, 16 for IPv6), or undefined when the text is not an IP literal.
 * An IPv4-mapped IPv6 address (`::ffff:a00:1`) reads as its IPv4 address, as the service's Java
 * parser does.
 */
export function parseIpAddress(text: string): Uint8Array | undefined {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text);
  if (IPV6_SHAPE.test(text)) return parseIpv6(text);
  return undefined;
}

function parseIpv4(text: string): Uint8Array | undefined {
  const octets = text.split('.').map(Number);
  return octets.every((octet) => octet <= 255) ? Uint8Array.from(octets) : undefined;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : undefined;
  const groups = [...head, ...(tail ?? [])];
  if (!groups.every((group) => IPV6_GROUP.test(group))) return undefined;
  if (tail === undefined ? groups.length !== 8 : groups.length > 7) return undefined;
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - groups.length }, () => '0');
  const bytes = new Uint8Array(16);
  [...head, ...zeros, ...(tail ?? [])].forEach((group, i) => {
    const value = Number.parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  });
  const ipv4Mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return ipv4Mapped ? bytes.slice(12) : bytes;
}

/** An inclusive address range, the form a `cidr` pattern compiles to. */
export interface AddressRange {
  readonly bottom: Uint8Array;
  readonly top: Uint8Array;
}

/** Whether the event value is an IP literal inside the range (IPv4 and IPv6 never match each other). */
export function isInRange(range: AddressRange, value: string): boolean {
  const address = parseIpAddress(value);
  return (
    address !== undefined &&
    address.length === range.bottom.length &&
    compareBytes(range.bottom, address) <= 0 &&
    compareBytes(address, range.top) <= 0
  );
}

/** Whether two strings are IP literals of the same address (`10.0.0.1` and `010.0.0.1`, `::1` and `0:0:0:0:0:0:0:1`). */
export function isSameAddress(address: Uint8Array, value: string): boolean {
  const other = parseIpAddress(value);
  return other !== undefined && other.length === address.length && compareBytes(address, other) === 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Parses a `cidr` operand. Returns the range, or the service's reason for refusing it. Quirks kept
 * from the service: the mask must be below 32 (IPv4) or 128 (IPv6), so `/32` and `/128` are refused.
 */
export function parseCidr(text: string): AddressRange | string {
  const parts = text.split('/');
  // Java's String.split, which the service uses, drops trailing empty strings ("10.0.0.0/" has one part).
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  const [ip, maskText] = parts;
  if (parts.length !== 2 || ip === undefined || maskText === undefined)
    return "Malformed CIDR, one '/' required";
  const mask = /^[+-]?[0-9]+$/.test(maskText) ? Number(maskText) : Number.NaN;
  // Java's Integer.parseInt: an optional sign, decimal digits, a 32-bit value.
  if (Number.isNaN(mask) || mask < -(2 ** 31) || mask > 2 ** 31 - 1) {
    return 'Malformed CIDR, mask bits must be an integer';
  }
  if (mask < 0) return 'Malformed CIDR, mask bits must not be negative';
  if (!looksLikeIpAddress(ip)) return `Nonstandard IP address: ${ip}`;
  const base = parseIpAddress(ip);
  if (base === undefined) return `Invalid IP address: ${ip}`;
  if (base.length === 4 && mask > 31) return 'IPv4 mask bits must be < 32';
  if (base.length === 16 && mask > 127) return 'IPv6 mask bits must be < 128';
  const bottom = Uint8Array.from(base);
  const top = Uint8Array.from(base);
  let hostBits = base.length * 8 - mask;
  for (let i = base.length - 1; i >= 0 && hostBits > 0; i--, hostBits -= 8) {
    const hostMask = (1 << Math.min(8, hostBits)) - 1;
    bottom[i] = (base[i] ?? 0) & ~hostMask;
    top[i] = (base[i] ?? 0) | hostMask;
  }
  return { bottom, top };
}
