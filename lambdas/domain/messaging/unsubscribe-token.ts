import type { MessageChannel, Purpose } from '../customer/customer.ts';
import { ValidationError } from '../errors.ts';
import { checkSecret, openToken, sealToken } from '../signed-token.ts';

// The token in a one-click unsubscribe link (RFC 8058): whoever holds the link may withdraw this one
// consent, without logging in, until it expires. Format, all URL-safe:
//
//   v1.<payload>.<signature>
//   payload   = base64url(utf8("<channel><purpose>.<expiry, unix seconds, base 36>.<customerId>"))
//               with one-letter codes: channel e|s, purpose m|t|s
//   signature = base64url(HMAC-SHA256(secret, "v1.<payload>"))   (43 characters)
//
// The MAC covers the token's own text, so any change to it (even one that decodes to the same bytes)
// fails. Rotation: sign with the current secret, verify with [current, previous...] until every
// link signed with the previous one has expired.

export interface UnsubscribeClaims {
  readonly customerId: string;
  readonly channel: MessageChannel;
  readonly purpose: Purpose;
  /** Kept to the second (rounded down). */
  readonly expiresAt: Date;
}

export type UnsubscribeTokenCheck =
  | { readonly ok: true; readonly claims: UnsubscribeClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' | 'expired' };

/** Long enough for any real customer id; bounds the work done on a hostile input. */
const MAX_TOKEN_LENGTH = 512;
const MAX_CUSTOMER_ID_LENGTH = 128;
const SECRET_NAME = 'the unsubscribe secret';

const CHANNEL_CODES: Record<MessageChannel, string> = { email: 'e', sms: 's' };
const PURPOSE_CODES: Record<Purpose, string> = { marketing: 'm', transactional: 't', survey: 's' };
const CHANNELS_BY_CODE = new Map(Object.entries(CHANNEL_CODES).map(([k, v]) => [v, k as MessageChannel]));
const PURPOSES_BY_CODE = new Map(Object.entries(PURPOSE_CODES).map(([k, v]) => [v, k as Purpose]));

/** A URL-safe token for the unsubscribe link of one customer, channel and purpose. */
export function signUnsubscribeToken(claims: UnsubscribeClaims, secret: string): string {
  checkSecret(secret, SECRET_NAME);
  const { customerId, channel, purpose, expiresAt } = claims;
  if (customerId.length === 0 || customerId.length > MAX_CUSTOMER_ID_LENGTH || !customerId.isWellFormed()) {
    throw new ValidationError('customerId', `customerId must be 1 to ${MAX_CUSTOMER_ID_LENGTH} characters`);
  }
  const expiry = Math.floor(expiresAt.getTime() / 1000);
  if (!Number.isFinite(expiry) || expiry < 0) {
    throw new ValidationError('expiresAt', 'expiresAt must be a valid date after 1970');
  }
  const payload = Buffer.from(
    `${CHANNEL_CODES[channel]}${PURPOSE_CODES[purpose]}.${expiry.toString(36)}.${customerId}`,
  ).toString('base64url');
  return sealToken(payload, secret);
}

function decodeClaims(payload: string): UnsubscribeClaims | undefined {
  const text = Buffer.from(payload, 'base64url').toString('utf8');
  const match = /^([a-z])([a-z])\.([0-9a-z]{1,10})\.(.+)$/s.exec(text);
  const channel = CHANNELS_BY_CODE.get(match?.[1] ?? '');
  const purpose = PURPOSES_BY_CODE.get(match?.[2] ?? '');
  const customerId = match?.[4];
  if (!match?.[3] || !channel || !purpose || !customerId) return undefined;
  return { customerId, channel, purpose, expiresAt: new Date(Number.parseInt(match[3], 36) * 1000) };
}

/**
 * Checks a token against the secrets in use, the current one first (key rotation). Signature first,
 * then expiry: an expired token says so only when it is genuine.
 */
export function verifyUnsubscribeToken(
  token: string,
  secrets: string | readonly string[],
  now: Date,
): UnsubscribeTokenCheck {
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  if (keys.length === 0) throw new Error('verifyUnsubscribeToken needs at least one secret');
  for (const key of keys) checkSecret(key, SECRET_NAME);

  const opened = openToken(token, keys, MAX_TOKEN_LENGTH);
  if (!opened.ok) return opened;
  const claims = decodeClaims(opened.payload);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (now.getTime() >= claims.expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
