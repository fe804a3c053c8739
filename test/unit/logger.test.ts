import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../lambdas/commons/logger.ts';
import { redactText } from '../../lambdas/commons/redact.ts';

describe('PII in logs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('masks phone numbers and email addresses wherever they appear in a log line', () => {
    // Prepare
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logger = createLogger('test');

    // Act
    logger.info('SMS to +819012345678 failed', {
      customer: { email: 'hanako.sato@example.jp', phone: '090-1234-5678' },
      note: 'called from +1 415 555 0123',
    });

    // Assess
    const output = lines.join('');
    expect(output).toContain('SMS to +81********78 failed');
    expect(output).not.toContain('9012345678');
    expect(output).not.toContain('1234-5678');
    expect(output).not.toContain('hanako.sato');
    expect(output).toContain('h***@example.jp');
    expect(output).not.toContain('555 0123');
  });

  it.each([
    ['090-1234-5678', '09*******78'],
    ['０９０－１２３４－５６７８', '09*******78'],
    ['090.1234.5678', '09*******78'],
    ['03 1234 5678', '03******78'],
    ['(415) 555-0123', '41******23'],
    ['+1.415.555.0123', '+14*******23'],
    ['call +81 90 1234 5678 now', 'call +81********78 now'],
  ])('masks the phone number in %j', (text, masked) => {
    expect(redactText(text)).toBe(masked);
  });

  it('leaves contact ids (UUIDs), times, epoch milliseconds and order numbers readable', () => {
    const text =
      'contact 12345678-1234-4234-8234-123456789012 at 2026-11-23T01:00:00Z ms 1732345678901 order #A1024';

    expect(redactText(text)).toBe(text);
    for (let i = 0; i < 2000; i++) {
      const id = randomUUID();
      expect(redactText(id)).toBe(id);
    }
  });
});
