import { randomBytes } from 'node:crypto';
import { checkSecret, openToken, sealToken } from '../signed-token.ts';

// The customer token: how the host site, which has logged the customer in, tells the chat start who
// is chatting. The site signs it on its server with a secret it shares with tsunagu; the browser
// only carries it. Format (docs/chat.md), all URL-safe:
//
//   v1.<payload>.<signature>
//   payload   = base64url(utf8(JSON {"customerId": string, "expiresAt": unix seconds, "nonce": string}))
//   signature = base64url(HMAC-SHA256(secret, "v1.<payload>"))   (43 characters, no padding)
//
// The MAC covers the token's own text, so any change to it fails, even one that decodes to the same
// bytes. Tokens are short-lived bearer credentials: at most 15 minutes ahead, or they are refused.
// Rotation: verify with [current, previous] while the site switches to the current secret.

export interface CustomerTokenClaims {
  /** The tsunagu customer id. */
  readonly customerId: string;
  /** Kept to the second (rounded down). */
  readonly expiresAt: Date;
  /** Random, so that no two tokens are alike: 16-128 letters, digits, `-` or `_`. */
  readonly nonce: string;
}

export type CustomerTokenRefusal = 'malformed' | 'bad-signature' | 'expired' | 'too-long-lived';

export type CustomerTokenCheck =
  | { readonly ok: true; readonly claims: CustomerTokenClaims }
  | { readonly ok: false; readonly reason: CustomerTokenRefusal };

/** A token may not live longer than this: a leaked one is soon worthless. */
export const MAX_TOKEN_LIFETIME_SECONDS = 15 * 60;
/** Bounds the work done on a hostile input; a real token is far shorter. */
export const MAX_CUSTOMER_TOKEN_LENGTH = 1_024;

const MAX_CUSTOMER_ID_LENGTH = 128;
const SECRET_NAME = 'the customer token secret';
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

const validCustomerId = (id: unknown): id is string =>
  typeof id === 'string' && id.length > 0 && id.length <= MAX_CUSTOMER_ID_LENGTH && id.isWellFormed();

/**
 * Signs a token for the customer (what the host site does on its server; here for the docs, the
 * tests and the local twin). Without a nonce, a random one is drawn.
 */
export function signCustomerToken(
  claims: Omit<CustomerTokenClaims, 'nonce'> & { readonly nonce?: string },
  secret: string,
): string {
  checkSecret(secret, SECRET_NAME);
  const { customerId, expiresAt } = claims;
  const nonce = claims.nonce ?? randomBytes(16).toString('base64url');
  if (!validCustomerId(customerId)) {
    throw new Error(`customerId must be 1 to ${MAX_CUSTOMER_ID_LENGTH} characters`);
  }
  if (!NONCE.test(nonce)) throw new Error('nonce must be 16 to 128 letters, digits, - or _');
  const expiry = Math.floor(expiresAt.getTime() / 1000);
  if (!Number.isFinite(expiry) || expiry < 0) throw new Error('expiresAt must be a valid date after 1970');
  const payload = Buffer.from(JSON.stringify({ customerId, expiresAt: expiry, nonce })).toString('base64url');
  return sealToken(payload, secret);
}

function decodeClaims(payload: string): CustomerTokenClaims | undefined {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  // Other claims the site adds are covered by the signature and ignored.
  const { customerId, expiresAt, nonce } = body as Record<string, unknown>;
  if (!validCustomerId(customerId)) return undefined;
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt) || expiresAt < 0) return undefined;
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) return undefined;
  return { customerId, expiresAt: new Date(expiresAt * 1000), nonce };
}

/**
 * Checks a token against the secrets in use, the current one first. Signature first, then the
 * claims: an expired or too long-lived token says so only when it is genuine. The signature is
 * compared in constant time.
 */
export function verifyCustomerToken(
  token: string,
  secrets: readonly string[],
  now: Date,
): CustomerTokenCheck {
  if (secrets.length === 0) throw new Error('verifyCustomerToken needs at least one secret');
  for (const secret of secrets) checkSecret(secret, SECRET_NAME);

  const opened = openToken(token, secrets, MAX_CUSTOMER_TOKEN_LENGTH);
  if (!opened.ok) return opened;
  const claims = decodeClaims(opened.payload);
  if (!claims) return { ok: false, reason: 'malformed' };
  const remaining = claims.expiresAt.getTime() - now.getTime();
  if (remaining <= 0) return { ok: false, reason: 'expired' };
  if (remaining > MAX_TOKEN_LIFETIME_SECONDS * 1000) return { ok: false, reason: 'too-long-lived' };
  return { ok: true, claims };
}
