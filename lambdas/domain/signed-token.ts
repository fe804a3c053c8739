import { createHmac, timingSafeEqual } from 'node:crypto';

// The signed tokens tsunagu hands out or accepts (unsubscribe links, customer tokens), all URL-safe:
//
//   v1.<payload>.<signature>
//   signature = base64url(HMAC-SHA256(secret, "v1.<payload>"))   (43 characters, no padding)
//
// The MAC covers the token's own text, so any change to it fails, even one that decodes to the same
// bytes. Each kind of token decides what its payload holds; this module only seals and opens it.

/**
 * Where a kind of token's secrets come from (Secrets Manager in AWS, fixed in the twin and tests):
 * every secret still accepted, the current one, the one to sign with, first.
 */
export type SigningSecrets = () => Promise<readonly string[]>;

const VERSION = 'v1';
const SIGNATURE_LENGTH = 43;
const MIN_SECRET_LENGTH = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Refuses a secret too short to sign with; `name` says which secret (`the unsubscribe secret`). */
export function checkSecret(secret: string, name: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `${name} must be at least ${MIN_SECRET_LENGTH} characters; generate one with \`openssl rand -base64 32\``,
    );
  }
}

const mac = (secret: string, signed: string) =>
  createHmac('sha256', secret).update(signed).digest('base64url');

/** Seals a base64url payload with the secret. */
export function sealToken(payload: string, secret: string): string {
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${mac(secret, signed)}`;
}

export type OpenedToken =
  | { readonly ok: true; readonly payload: string }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' };

/**
 * The payload of a token sealed with one of `secrets` (the current one first: key rotation). Every
 * secret is tried and compared in constant time, so the time taken tells nothing.
 */
export function openToken(token: unknown, secrets: readonly string[], maxLength: number): OpenedToken {
  if (typeof token !== 'string' || token.length > maxLength) return { ok: false, reason: 'malformed' };
  const [version, payload, signature, ...rest] = token.split('.');
  if (
    version !== VERSION ||
    rest.length > 0 ||
    !payload ||
    !BASE64URL.test(payload) ||
    signature?.length !== SIGNATURE_LENGTH ||
    !BASE64URL.test(signature)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const given = Buffer.from(signature);
  const signed = `${VERSION}.${payload}`;
  let genuine = false;
  for (const secret of secrets) {
    if (timingSafeEqual(given, Buffer.from(mac(secret, signed)))) genuine = true;
  }
  return genuine ? { ok: true, payload } : { ok: false, reason: 'bad-signature' };
}
