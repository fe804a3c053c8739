import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CustomerTokenClaims,
  signCustomerToken,
  verifyCustomerToken,
} from '../../lambdas/domain/chat/customer-token.ts';

const SECRET = 'current-secret-0123456789abcdefghijklmnop';
const PREVIOUS = 'previous-secret-0123456789abcdefghijklmno';
const now = new Date('2026-11-23T01:00:00.000Z');
const claims: CustomerTokenClaims = {
  customerId: '01JD3Z8K4QH7V6W5X4Y3Z2A1B0',
  expiresAt: new Date('2026-11-23T01:05:00.000Z'),
  nonce: 'n0nce-4f9c2a7e1b3d5f60',
};

/** Replaces the character at `index` with `replacement`. */
const withCharAt = (text: string, index: number, replacement: string) =>
  text.slice(0, index) + replacement + text.slice(index + 1);

/** What a host site writes, in any language: JSON, base64url, HMAC-SHA256 over "v1.<payload>". */
function signedByHand(payload: unknown, secret = SECRET): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = createHmac('sha256', secret).update(`v1.${encoded}`).digest('base64url');
  return `v1.${encoded}.${signature}`;
}

describe('customer tokens', () => {
  it('round-trip: a token signed now verifies to the same claims', () => {
    const token = signCustomerToken(claims, SECRET);

    expect(verifyCustomerToken(token, [SECRET], now)).toEqual({ ok: true, claims });
  });

  it('are URL-safe and versioned, with a payload of readable JSON', () => {
    const token = signCustomerToken(claims, SECRET);

    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())).toEqual({
      customerId: claims.customerId,
      expiresAt: 1_795_395_900,
      nonce: claims.nonce,
    });
  });

  it('accept a token a host site signed by hand as docs/chat.md describes, extra claims and all', () => {
    const token = signedByHand({
      customerId: 'cust-42/佐藤',
      expiresAt: now.getTime() / 1000 + 600,
      nonce: 'b3f1c2d4e5f60718293a4b5c',
      issuedBy: 'shop.example.jp',
    });

    expect(verifyCustomerToken(token, [SECRET], now)).toEqual({
      ok: true,
      claims: {
        customerId: 'cust-42/佐藤',
        expiresAt: new Date(now.getTime() + 600_000),
        nonce: 'b3f1c2d4e5f60718293a4b5c',
      },
    });
  });

  it('draw a fresh random nonce when the signer gives none, so no two tokens are alike', () => {
    const { nonce: _nonce, ...withoutNonce } = claims;
    const first = signCustomerToken(withoutNonce, SECRET);
    const second = signCustomerToken(withoutNonce, SECRET);

    expect(first).not.toBe(second);
    const check = verifyCustomerToken(first, [SECRET], now);
    expect(check.ok && check.claims.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuse a genuine token once it has expired, and only then', () => {
    const token = signCustomerToken(claims, SECRET);

    expect(verifyCustomerToken(token, [SECRET], new Date(claims.expiresAt.getTime() - 1)).ok).toBe(true);
    expect(verifyCustomerToken(token, [SECRET], claims.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse a token that lives longer than 15 minutes, however genuine', () => {
    const fifteen = signCustomerToken(
      { ...claims, expiresAt: new Date(now.getTime() + 15 * 60_000) },
      SECRET,
    );
    const longer = signCustomerToken(
      { ...claims, expiresAt: new Date(now.getTime() + 15 * 60_000 + 1_000) },
      SECRET,
    );

    expect(verifyCustomerToken(fifteen, [SECRET], now).ok).toBe(true);
    expect(verifyCustomerToken(longer, [SECRET], now)).toEqual({ ok: false, reason: 'too-long-lived' });
  });

  it('refuse a token whose payload was changed (another customer) as a bad signature', () => {
    const token = signCustomerToken(claims, SECRET);
    const [version, , signature] = token.split('.');
    const otherPayload = signCustomerToken({ ...claims, customerId: 'someone-else' }, SECRET).split('.')[1];

    expect(verifyCustomerToken(`${version}.${otherPayload}.${signature}`, [SECRET], now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuse a token signed with another secret, and an expired forgery as a forgery', () => {
    const forged = signCustomerToken(claims, 'some-other-secret-0123456789abcdefghijk');

    expect(verifyCustomerToken(forged, [SECRET], now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyCustomerToken(forged, [SECRET], new Date('2027-01-01T00:00:00Z'))).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('accept a token signed with the previous secret while it is still listed (rotation)', () => {
    const old = signCustomerToken(claims, PREVIOUS);

    expect(verifyCustomerToken(old, [SECRET, PREVIOUS], now)).toEqual({ ok: true, claims });
    expect(verifyCustomerToken(signCustomerToken(claims, SECRET), [SECRET, PREVIOUS], now).ok).toBe(true);
    expect(verifyCustomerToken(old, [SECRET], now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuse truncated and garbled tokens as malformed', () => {
    const token = signCustomerToken(claims, SECRET);

    for (const bad of [
      token.slice(0, -1),
      token.slice(0, token.lastIndexOf('.')),
      '',
      'v1..',
      `v2${token.slice(2)}`,
      `${token}.extra`,
      `${token.slice(0, 20)}!${token.slice(21)}`,
      'x'.repeat(5000),
    ]) {
      expect(verifyCustomerToken(bad, [SECRET], now), bad).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuse genuine tokens whose claims are not what the format says, as malformed', () => {
    const expiresAt = now.getTime() / 1000 + 60;
    for (const payload of [
      'not an object',
      [claims.customerId],
      { customerId: '', expiresAt, nonce: claims.nonce },
      { customerId: 'x'.repeat(129), expiresAt, nonce: claims.nonce },
      { customerId: 'C1', expiresAt: '2026-11-23T01:05:00Z', nonce: claims.nonce },
      { customerId: 'C1', expiresAt: expiresAt + 0.5, nonce: claims.nonce },
      { customerId: 'C1', expiresAt },
      { customerId: 'C1', expiresAt, nonce: 'short' },
      { customerId: 'C1', expiresAt, nonce: 'has spaces in it, sixteen+' },
    ]) {
      expect(verifyCustomerToken(signedByHand(payload), [SECRET], now), JSON.stringify(payload)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
    const notJson = Buffer.from('{"customerId":').toString('base64url');
    const signature = createHmac('sha256', SECRET).update(`v1.${notJson}`).digest('base64url');
    expect(verifyCustomerToken(`v1.${notJson}.${signature}`, [SECRET], now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('refuse any token with a single character changed', () => {
    const token = signCustomerToken(claims, SECRET);

    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.oneof(
          fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'),
          fc.string({ minLength: 1, maxLength: 1 }),
        ),
        (index, replacement) => {
          fc.pre(token[index] !== replacement);
          expect(verifyCustomerToken(withCharAt(token, index, replacement), [SECRET], now).ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('will not sign or verify with a short secret, nor sign claims the format cannot carry', () => {
    const token = signCustomerToken(claims, SECRET);

    expect(() => signCustomerToken(claims, 'short')).toThrow(/at least 32 characters/);
    expect(() => verifyCustomerToken(token, [SECRET, 'short'], now)).toThrow(/at least 32 characters/);
    expect(() => verifyCustomerToken(token, [], now)).toThrow(/at least one secret/);
    expect(() => signCustomerToken({ ...claims, customerId: '' }, SECRET)).toThrow(/customerId/);
    expect(() => signCustomerToken({ ...claims, nonce: 'short' }, SECRET)).toThrow(/nonce/);
    expect(() => signCustomerToken({ ...claims, expiresAt: new Date(Number.NaN) }, SECRET)).toThrow(
      /expiresAt/,
    );
  });
});
