import { describe, expect, it } from 'vitest';
import { parseContactEvent } from '../../lambdas/domain/contact/contact-event.ts';
import { CONTACT_TIMES, contactEvent, disconnectedFixture } from '../support/contact-events.ts';

const CONTACT = '5ca32fbd-8f92-46af-92a5-6b0f970f0efe';

describe('reading Amazon Connect contact events', () => {
  it('reads the documented DISCONNECTED event, whatever the case of its keys and values', () => {
    const parsed = parseContactEvent(disconnectedFixture());

    expect(parsed).toEqual({
      kind: 'ok',
      value: {
        eventId: '6f0d2c4a-3b1e-4a8f-9c55-0e2b7a1d9f10',
        eventType: 'DISCONNECTED',
        contactId: CONTACT,
        channel: 'voice',
        direction: 'inbound',
        startedAt: CONTACT_TIMES.initiation,
        queuedAt: CONTACT_TIMES.enqueue,
        connectedAt: CONTACT_TIMES.connectedToAgent,
        endedAt: CONTACT_TIMES.disconnect,
        queueArn: expect.stringMatching(/\/queue\/2d3c1b7e/),
        agentArn: expect.stringMatching(/\/agent\/0a1b2c3d/),
      },
    });
  });

  it('reads PascalCase keys and lower-case values alike', () => {
    const event = contactEvent('CONNECTED_TO_AGENT', CONTACT);
    const detail = event.detail as Record<string, unknown>;
    const shouted = {
      ...event,
      detail: {
        ...detail,
        EventType: 'connected_to_agent',
        eventType: undefined,
        Channel: 'chat',
        channel: undefined,
        AgentInfo: detail.agentInfo,
        agentInfo: undefined,
        InitiationMethod: 'CALLBACK',
      },
    };

    const parsed = parseContactEvent(shouted);

    expect(parsed).toMatchObject({
      kind: 'ok',
      value: { eventType: 'CONNECTED_TO_AGENT', channel: 'chat', direction: 'outbound' },
    });
  });

  it('keeps the initial contact of a transfer or callback, to find its customer', () => {
    const event = contactEvent('QUEUED', 'new-contact');
    (event.detail as Record<string, unknown>).initialContactId = CONTACT;

    expect(parseContactEvent(event)).toMatchObject({
      value: { contactId: 'new-contact', initialContactId: CONTACT },
    });
  });

  it.each([
    ['CONTACT_DATA_UPDATED', { eventType: 'CONTACT_DATA_UPDATED' }, 'event type CONTACT_DATA_UPDATED'],
    ['a future event type', { eventType: 'TELEPORTED' }, 'event type TELEPORTED'],
    ['a new channel', { channel: 'VIDEO' }, 'channel VIDEO'],
    ['no initiation time', { initiationTimestamp: undefined }, 'DISCONNECTED without initiationTimestamp'],
  ])('acknowledges and ignores %s', (_, change, reason) => {
    const event = disconnectedFixture();
    event.detail = { ...(event.detail as object), ...change };

    expect(parseContactEvent(event)).toEqual({ kind: 'ignored', reason });
  });

  it('ignores fields it does not know', () => {
    const event = disconnectedFixture();
    event.detail = { ...(event.detail as object), segmentAttributes: { x: 1 }, brandNewField: [1, 2] };

    expect(parseContactEvent(event).kind).toBe('ok');
  });

  it.each([
    ['not an object', 'hello', 'the event is not a JSON object'],
    [
      'another source',
      { ...disconnectedFixture(), source: 'aws.ec2' },
      /not an Amazon Connect contact event/,
    ],
    ['no id', { ...disconnectedFixture(), id: undefined }, 'id: missing'],
    ['no detail', { ...disconnectedFixture(), detail: 'x' }, 'detail: missing or not an object'],
    [
      'no contact id',
      { ...disconnectedFixture(), detail: { ...(disconnectedFixture().detail as object), contactId: '' } },
      'detail.contactId: missing',
    ],
    [
      'no event type',
      { ...disconnectedFixture(), detail: { ...(disconnectedFixture().detail as object), eventType: 7 } },
      'detail.eventType: missing',
    ],
    [
      'an unreadable time',
      {
        ...disconnectedFixture(),
        detail: { ...(disconnectedFixture().detail as object), disconnectTimestamp: 'yesterday' },
      },
      'detail: endedAt is not a time',
    ],
  ])('refuses %s, saying why', (_, event, reason) => {
    const parsed = parseContactEvent(event);

    expect(parsed.kind).toBe('invalid');
    expect((parsed as { reason: string }).reason).toMatch(reason);
  });
});
