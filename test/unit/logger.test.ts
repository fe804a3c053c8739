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

  it('leaves ids, times and short numbers readable', () => {
    expect(redactText('contact 5ca32fbd at 2026-11-23T01:00:00Z queue 3 order #A1024')).toBe(
      'contact 5ca32fbd at 2026-11-23T01:00:00Z queue 3 order #A1024',
    );
  });
});
