import { describe, expect, it } from 'vitest';
import { customerContext, surveyedWithin } from '../../lambdas/domain/customer/context.ts';
import { greetingName, hasConsent } from '../../lambdas/domain/customer/customer.ts';
import { newCustomer } from '../../lambdas/domain/customer/customer-input.ts';
import { ValidationError } from '../../lambdas/domain/errors.ts';
import { TEST_POLICY } from '../support/policy.ts';

const policy = TEST_POLICY;
const now = new Date('2026-11-23T01:00:00.000Z');
const ctx = { id: 'C1', now, policy, source: 'api' };

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('a new customer', () => {
  it('is Japanese-speaking, standard tier, Tokyo time, with no consent recorded unless told', () => {
    const customer = newCustomer({ name: '佐藤 花子', phone: '090-1234-5678' }, ctx);

    expect(customer).toMatchObject({
      id: 'C1',
      name: '佐藤 花子',
      phone: '+819012345678',
      language: 'ja',
      tier: 'standard',
      timeZone: 'Asia/Tokyo',
      consent: {},
      recent: [],
      version: 1,
    });
    expect(hasConsent(customer, 'sms', 'transactional')).toBe(false);
  });

  it('records each consent decision with when and how it was given', () => {
    const customer = newCustomer(
      {
        name: 'Emily Carter',
        email: 'Emily.Carter@Example.COM',
        consent: { email: { transactional: true, marketing: false } },
      },
      { ...ctx, source: 'web-signup' },
    );

    expect(customer.email).toBe('emily.carter@example.com');
    expect(customer.consent.email?.transactional).toEqual({
      granted: true,
      at: now.toISOString(),
      source: 'web-signup',
    });
    expect(hasConsent(customer, 'email', 'marketing')).toBe(false);
    expect(customer.consent.email?.marketing?.granted).toBe(false);
    expect(customer.consent.sms).toBeUndefined();
  });

  it('stores time zones spelled the canonical way', () => {
    expect(newCustomer({ name: 'x', timeZone: 'asia/tokyo' }, ctx).timeZone).toBe('Asia/Tokyo');
  });

  it.each([
    [{ name: '' }, 'name'],
    [{}, 'name'],
    [{ name: 'x', phone: '12' }, 'phone'],
    [{ name: 'x', email: 'not-an-address' }, 'email'],
    [{ name: 'x', language: 'fr' }, 'language'],
    [{ name: 'x', tier: 'gold' }, 'tier'],
    [{ name: 'x', timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ name: 'x', consent: { sms: { transactional: 'yes' } } }, 'consent.sms.transactional'],
    [{ name: 'x', consent: { fax: {} } }, 'consent'],
    [{ name: 'x', nickname: 'y' }, 'nickname'],
    [{ name: 42 }, 'name'],
    [{ name: 'a\u0000b' }, 'name'],
    [{ name: 'lone \ud800 surrogate' }, 'name'],
  ])('rejects %j naming the field %s', (input, field) => {
    expect(fieldOf(() => newCustomer(input, ctx))).toBe(field);
  });
});

describe('greeting names', () => {
  it('uses the family name of a Japanese name and the given name of an English one', () => {
    expect(greetingName({ name: '佐藤 花子', language: 'ja' })).toBe('佐藤');
    expect(greetingName({ name: '佐藤　花子', language: 'ja' })).toBe('佐藤');
    expect(greetingName({ name: 'Emily Carter', language: 'en' })).toBe('Emily');
  });
});

describe('the IVR context', () => {
  const customer = {
    ...newCustomer({ name: '佐藤 花子', tier: 'vip', consent: { sms: { transactional: true } } }, ctx),
    notices: [
      {
        id: 'n1',
        topic: 'delivery-delayed',
        summary: 'late',
        at: '2026-11-22T00:00:00.000Z',
        expiresAt: '2026-11-24T00:00:00.000Z',
      },
      {
        id: 'n0',
        topic: 'outage',
        summary: 'old',
        at: '2026-11-01T00:00:00.000Z',
        expiresAt: '2026-11-03T00:00:00.000Z',
      },
    ],
    surveyedAt: ['2026-11-20T00:00:00.000Z'],
  };

  it('carries only notices that are still open, and consent as plain yes/no', () => {
    const context = customerContext(customer, now);

    expect(context.notices.map((n) => n.id)).toEqual(['n1']);
    expect(context.consent).toEqual({
      sms: { transactional: true, marketing: false, survey: false },
      email: { transactional: false, marketing: false, survey: false },
    });
    expect(context).toMatchObject({
      greetingName: '佐藤',
      tier: 'vip',
      lastSurveyedAt: '2026-11-20T00:00:00.000Z',
    });
  });

  it('tells whether a survey went out within the last N days', () => {
    expect(surveyedWithin(customer, 14, now)).toBe(true);
    expect(surveyedWithin(customer, 2, now)).toBe(false);
  });
});
