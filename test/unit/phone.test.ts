import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from '../../lambdas/domain/customer/phone.ts';
import { ValidationError } from '../../lambdas/domain/errors.ts';

describe('phone numbers', () => {
  it.each([
    '090-1234-5678',
    '09012345678',
    '+81 90 1234 5678',
    '+81-90-1234-5678',
    '(090) 1234-5678',
    ' +819012345678 ',
    '０９０-1234-5678',
  ])('reads %j as the same Japanese mobile number', (input) => {
    expect(normalizePhone(input, 'JP')).toBe('+819012345678');
  });

  it('reads a Tokyo landline and a US number', () => {
    expect(normalizePhone('03-1234-5678', 'JP')).toBe('+81312345678');
    expect(normalizePhone('+1 415 555 0123', 'JP')).toBe('+14155550123');
  });

  it.each(['', '12', 'abc', '090-1234', '+81 0000'])('rejects %j, naming the field', (input) => {
    expect(() => normalizePhone(input, 'JP')).toThrow(ValidationError);
    try {
      normalizePhone(input, 'JP', 'from');
    } catch (error) {
      expect((error as ValidationError).field).toBe('from');
    }
  });

  it('masks all but the country code and last two digits for logs', () => {
    expect(maskPhone('+819012345678')).toBe('+81********78');
    expect(maskPhone('+819012345678')).not.toContain('1234');
  });
});
