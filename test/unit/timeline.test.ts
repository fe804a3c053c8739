import { describe, expect, it } from 'vitest';
import type { InteractionSummary } from '../../lambdas/domain/customer/customer.ts';
import { newInteraction } from '../../lambdas/domain/customer/interaction-input.ts';
import {
  MAX_OPEN_NOTICES,
  openNotices,
  RECENT_INTERACTIONS,
  withNotice,
  withRecent,
} from '../../lambdas/domain/customer/timeline.ts';
import { ValidationError } from '../../lambdas/domain/errors.ts';

const at = (hour: number) => new Date(Date.UTC(2026, 10, 23, hour)).toISOString();
const entry = (id: string, hour: number): InteractionSummary => ({
  id,
  at: at(hour),
  channel: 'sms',
  direction: 'outbound',
});

describe('the recent-interactions list on the profile', () => {
  it('keeps the newest five, newest first, even when interactions are recorded out of order', () => {
    let recent: InteractionSummary[] = [];
    for (const hour of [3, 1, 7, 5, 2, 6, 4]) recent = withRecent(recent, entry(`i${hour}`, hour));

    expect(recent.map((r) => r.id)).toEqual(['i7', 'i6', 'i5', 'i4', 'i3']);
    expect(recent).toHaveLength(RECENT_INTERACTIONS);
  });

  it('replaces an interaction recorded again instead of listing it twice', () => {
    const recent = withRecent([entry('a', 1), entry('b', 2)], { ...entry('a', 1), topic: 'billing' });

    expect(recent.map((r) => r.id)).toEqual(['b', 'a']);
    expect(recent[1]?.topic).toBe('billing');
  });
});

describe('a new interaction', () => {
  it('normalizes its time to UTC and takes the given id for idempotency', () => {
    const interaction = newInteraction(
      'C1',
      {
        id: 'contact-1',
        at: '2026-11-23T10:00:00+09:00',
        channel: 'voice',
        direction: 'inbound',
        queue: 'billing',
      },
      { id: 'generated', now: new Date() },
    );

    expect(interaction).toMatchObject({
      id: 'contact-1',
      customerId: 'C1',
      at: '2026-11-23T01:00:00.000Z',
      queue: 'billing',
    });
  });

  it.each([
    [{ channel: 'fax', direction: 'inbound' }, 'channel'],
    [{ channel: 'sms', direction: 'sideways' }, 'direction'],
    [{ channel: 'sms', direction: 'inbound', at: 'yesterday' }, 'at'],
    [{ channel: 'sms', direction: 'inbound', id: 'has spaces' }, 'id'],
    [{ channel: 'sms', direction: 'inbound', at: '9999-12-31T23:59:59-12:00' }, 'at'],
    [{ channel: 'sms', direction: 'inbound', at: '1999-12-31T23:59:59Z' }, 'at'],
    [{ channel: 'sms', direction: 'inbound', endedAt: '2999-01-01T00:00:00Z' }, 'endedAt'],
  ])('rejects %j naming %s', (input, field) => {
    expect(() => newInteraction('C1', input, { id: 'x', now: new Date() })).toThrow(ValidationError);
    try {
      newInteraction('C1', input, { id: 'x', now: new Date() });
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe('open notices', () => {
  it('drops expired notices and sorts the rest newest first', () => {
    const notices = openNotices(
      [
        { id: 'old', topic: 't', summary: 's', at: at(1), expiresAt: at(2) },
        { id: 'a', topic: 't', summary: 's', at: at(3), expiresAt: at(20) },
        { id: 'b', topic: 't', summary: 's', at: at(4), expiresAt: at(20) },
      ],
      new Date(at(5)),
    );

    expect(notices.map((n) => n.id)).toEqual(['b', 'a']);
  });
});

describe('adding a notice', () => {
  it('keeps at most the newest open notices so the profile item stays small', () => {
    let notices = openNotices([], new Date(at(0)));
    for (let i = 0; i < 25; i++) {
      notices = withNotice(
        notices,
        {
          id: `n${i}`,
          topic: 't',
          summary: 's',
          at: new Date(Date.UTC(2026, 10, 23, 0, i)).toISOString(),
          expiresAt: at(23),
        },
        new Date(at(1)),
      );
    }

    expect(notices).toHaveLength(MAX_OPEN_NOTICES);
    expect(notices[0]?.id).toBe('n24');
  });
});
