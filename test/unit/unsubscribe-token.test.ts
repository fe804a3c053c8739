import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lambdas/domain/errors.ts';
import {
  signUnsubscribeToken,
  type UnsubscribeClaims,
  verifyUnsubscribeToken,
} from '../../lambdas/domain/messaging/unsubscribe-token.ts';

const SECRET = 'current-secret-0123456789abcdefghijklmnop';
const PREVIOUS = 'previous-secret-0123456789abcdefghijklmno';
const now = new Date('2026-11-23T01:00:00.000Z');
const claims: UnsubscribeClaims = {
  customerId: '01JD3Z8K4QH7V6W5X4Y3Z2A1B0',
  channel: 'email',
  purpose: 'marketing',
  expiresAt: new Date('2027-02-21T01:00:00.000Z'),
};

/** Replaces the character at `index` with `replacement`. */
const withCharAt = (text: string, index: number, replacement: string) =>
  text.slice(0, index) + replacement + text.slice(index + 1);

describe('unsubscribe tokens', () => {
  it('round-trip: a token signed now verifies to the same claims', () => {
    const token = signUnsubscribeToken(claims, SECRET);

    expect(verifyUnsubscribeToken(token, SECRET, now)).toEqual({ ok: true, claims });
  });

  it('are URL-safe, versioned and compact', () => {
    const token = signUnsubscribeToken(claims, SECRET);

    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThan(120);
  });

  it('carry every channel and purpose, and a customer id with any characters', () => {
    for (const channel of ['email', 'sms'] as const) {
      for (const purpose of ['marketing', 'transactional', 'survey'] as const) {
        const c = { ...claims, channel, purpose, customerId: 'cust.42/佐藤' };
        expect(verifyUnsubscribeToken(signUnsubscribeToken(c, SECRET), SECRET, now)).toEqual({
          ok: true,
          claims: c,
        });
      }
    }
  });

  it('keep the expiry to the second, rounded down', () => {
    const token = signUnsubscribeToken(
      { ...claims, expiresAt: new Date('2027-02-21T01:00:00.999Z') },
      SECRET,
    );

    const result = verifyUnsubscribeToken(token, SECRET, now);
    expect(result.ok && result.claims.expiresAt.toISOString()).toBe('2027-02-21T01:00:00.000Z');
  });

  it('refuse a token whose payload was changed (another customer) as a bad signature', () => {
    const token = signUnsubscribeToken(claims, SECRET);
    const [version, , signature] = token.split('.');
    const other = signUnsubscribeToken({ ...claims, customerId: '01JD3Z8K4QH7V6W5X4Y3Z2A1B1' }, SECRET);
    const otherPayload = other.split('.')[1];

    expect(verifyUnsubscribeToken(`${version}.${otherPayload}.${signature}`, SECRET, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuse a token whose signature was changed, even in the spare bits that decode to the same bytes', () => {
    const token = signUnsubscribeToken(claims, SECRET);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 32 bytes in 43 characters: the last character's two low bits carry nothing.
    const spare = alphabet[alphabet.indexOf(token.at(-1) ?? '') ^ 1] ?? '';
    const first = token.at(-43) === 'A' ? 'B' : 'A';

    for (const changed of [token.slice(0, -1) + spare, withCharAt(token, token.length - 43, first)]) {
      expect(verifyUnsubscribeToken(changed, SECRET, now)).toEqual({ ok: false, reason: 'bad-signature' });
    }
  });

  it('refuse truncated and garbled tokens as malformed', () => {
    const token = signUnsubscribeToken(claims, SECRET);

    for (const bad of [
      token.slice(0, -1),
      token.slice(0, token.lastIndexOf('.')),
      token.slice(0, 10),
      '',
      'v1..',
      `v2${token.slice(2)}`,
      `${token}.extra`,
      `${token.slice(0, 20)}!${token.slice(21)}`,
      'x'.repeat(1000),
    ]) {
      expect(verifyUnsubscribeToken(bad, SECRET, now), bad).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuse a genuine token once it has expired, and only then', () => {
    const token = signUnsubscribeToken(claims, SECRET);

    expect(verifyUnsubscribeToken(token, SECRET, new Date(claims.expiresAt.getTime() - 1)).ok).toBe(true);
    expect(verifyUnsubscribeToken(token, SECRET, claims.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse a token signed with another secret', () => {
    const token = signUnsubscribeToken(claims, 'some-other-secret-0123456789abcdefghijk');

    expect(verifyUnsubscribeToken(token, SECRET, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('accept a token signed with the previous secret while it is still listed (key rotation)', () => {
    const old = signUnsubscribeToken(claims, PREVIOUS);

    expect(verifyUnsubscribeToken(old, [SECRET, PREVIOUS], now)).toEqual({ ok: true, claims });
    expect(verifyUnsubscribeToken(signUnsubscribeToken(claims, SECRET), [SECRET, PREVIOUS], now).ok).toBe(
      true,
    );
    expect(verifyUnsubscribeToken(old, [SECRET], now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuse any token with a single character changed', () => {
    const token = signUnsubscribeToken(claims, SECRET);

    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.oneof(
          fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'),
          fc.string({ minLength: 1, maxLength: 1 }),
        ),
        (index, replacement) => {
          fc.pre(token[index] !== replacement);
          expect(verifyUnsubscribeToken(withCharAt(token, index, replacement), SECRET, now).ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('will not sign or verify with a short secret, or sign an empty customer id', () => {
    const token = signUnsubscribeToken(claims, SECRET);

    expect(() => signUnsubscribeToken(claims, 'short')).toThrow(/at least 32 characters/);
    expect(() => verifyUnsubscribeToken(token, [SECRET, 'short'], now)).toThrow(/at least 32 characters/);
    expect(() => verifyUnsubscribeToken(token, [], now)).toThrow(/at least one secret/);
    expect(() => signUnsubscribeToken({ ...claims, customerId: '' }, SECRET)).toThrow(ValidationError);
    expect(() => signUnsubscribeToken({ ...claims, expiresAt: new Date(Number.NaN) }, SECRET)).toThrow(
      ValidationError,
    );
  });
});
