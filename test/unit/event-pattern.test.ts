import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  compilePattern,
  type EventPattern,
  type EventPatternMatch,
  InvalidEventPatternError,
  MAX_EVENT_PATTERN_LENGTH,
  matchesPattern,
  validatePattern,
} from '../../lib/event-patterns/matcher.ts';
import { readFixture } from '../support/fixtures.ts';

/** Pattern/event pairs checked against real EventBridge (TestEventPattern); see the file's `about`. */
const VectorFile = z.object({
  vectors: z.array(
    z.object({
      name: z.string(),
      pattern: z.unknown(),
      event: z.unknown(),
      expect: z.enum(['match', 'no-match', 'invalid-pattern']),
      message: z.string().optional(),
    }),
  ),
});
const { vectors } = VectorFile.parse(readFixture('eventbridge-patterns', 'vectors.json'));
const withExpectation = (expectation: 'match' | 'no-match' | 'invalid-pattern') =>
  vectors.filter((vector) => vector.expect === expectation);
/** `[name, vector]` rows, so test titles carry the vector's full name. */
const named = (expectation: 'match' | 'no-match' | 'invalid-pattern') =>
  withExpectation(expectation).map((vector) => [vector.name, vector] as const);

/** The error validatePattern throws, or undefined when it accepts the pattern. */
function refusalOf(pattern: unknown): InvalidEventPatternError | undefined {
  try {
    validatePattern(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidEventPatternError) return error;
    throw error;
  }
}

describe('EventBridge test vectors', () => {
  it('holds the 154 pairs checked against the service: 65 match, 51 no match, 38 refused', () => {
    expect([
      vectors.length,
      withExpectation('match').length,
      withExpectation('no-match').length,
      withExpectation('invalid-pattern').length,
    ]).toEqual([154, 65, 51, 38]);
  });

  it.each(named('match'))('%s: the event matches', (_name, { pattern, event }) => {
    validatePattern(pattern);

    expect(matchesPattern(pattern, event)).toBe(true);
  });

  it.each(named('no-match'))('%s: the event does not match', (_name, { pattern, event }) => {
    validatePattern(pattern);

    expect(matchesPattern(pattern, event)).toBe(false);
  });

  it.each(named('invalid-pattern'))(
    '%s: the pattern is refused for the service’s reason',
    (_name, { pattern, message }) => {
      const serviceReason = message?.replace(/^.*? Reason: /, '');

      const refusal = refusalOf(pattern);

      expect(refusal).toBeInstanceOf(InvalidEventPatternError);
      expect(refusal?.reason).toBe(serviceReason);
    },
  );
});

describe('the Amazon Connect contact-events rule', () => {
  const INSTANCE_ARN =
    'arn:aws:connect:ap-northeast-1:111122223333:instance/9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e';
  const CONTACT_EVENTS: EventPattern = {
    source: ['aws.connect'],
    'detail-type': ['Amazon Connect Contact Event'],
    detail: { instanceArn: [INSTANCE_ARN] },
  };
  const disconnected = readFixture<{ source: string; detail: Record<string, unknown> }>(
    'events',
    'connect-contact-event-disconnected.json',
  );

  it('takes a DISCONNECTED contact event from this instance', () => {
    expect(matchesPattern(CONTACT_EVENTS, disconnected)).toBe(true);
  });

  it('leaves alone the same event from another Connect instance', () => {
    const otherInstance = structuredClone(disconnected);
    otherInstance.detail.instanceArn =
      'arn:aws:connect:ap-northeast-1:111122223333:instance/0b1f2e3d-4c5b-4a69-8877-665544332211';

    expect(matchesPattern(CONTACT_EVENTS, otherInstance)).toBe(false);
  });

  it('leaves alone a look-alike event that did not come from aws.connect', () => {
    const custom = { ...structuredClone(disconnected), source: 'tsunagu.contacts' };

    expect(matchesPattern(CONTACT_EVENTS, custom)).toBe(false);
  });

  it('leaves alone an event whose detail arrives as a JSON string (EventBridge does not parse it)', () => {
    const stringified = { ...disconnected, detail: JSON.stringify(disconnected.detail) };

    expect(matchesPattern(CONTACT_EVENTS, stringified)).toBe(false);
  });

  it('compiles once and then decides each event like matchesPattern', () => {
    const takesContactEvent = compilePattern(CONTACT_EVENTS);

    expect([takesContactEvent(disconnected), takesContactEvent({ ...disconnected, source: 'x' })]).toEqual([
      true,
      false,
    ]);
  });
});

describe('refusals say what is wrong and where', () => {
  it('names the field whose list is empty', () => {
    const refusal = refusalOf({ detail: { eventType: [] } });

    expect(refusal?.message).toBe(
      'Event pattern is not valid. Reason: Empty arrays are not allowed (at detail.eventType)',
    );
  });

  it('tells a caller who passed the JSON text to parse it first', () => {
    expect(refusalOf('{"source":["aws.connect"]}')?.message).toContain('JSON.parse');
  });

  it('refuses a pattern longer than PutRule accepts', () => {
    const long = { source: ['x'.repeat(MAX_EVENT_PATTERN_LENGTH)] };

    expect(refusalOf(long)?.reason).toMatch(/at most 4096 characters/);
  });

  it('refuses before matching: matchesPattern throws for a refused pattern', () => {
    expect(() => matchesPattern({ source: 'aws.connect' } as unknown as EventPattern, {})).toThrow(
      InvalidEventPatternError,
    );
  });
});

describe('matching beyond the vectors', () => {
  it('matches fields of one array element together, not across elements (event-ruler array consistency)', () => {
    const pattern: EventPattern = { detail: { participants: { role: ['AGENT'], state: ['CONNECTED'] } } };
    const sameElement = {
      detail: { participants: [{ role: 'CUSTOMER' }, { role: 'AGENT', state: 'CONNECTED' }] },
    };
    const acrossElements = {
      detail: {
        participants: [
          { role: 'AGENT', state: 'MISSED' },
          { role: 'CUSTOMER', state: 'CONNECTED' },
        ],
      },
    };

    expect([matchesPattern(pattern, sameElement), matchesPattern(pattern, acrossElements)]).toEqual([
      true,
      false,
    ]);
  });

  it('matches an IP literal in any spelling of the same address', () => {
    const pattern: EventPattern = { detail: { sourceIPAddress: ['2001:db8::1'] } };

    expect(matchesPattern(pattern, { detail: { sourceIPAddress: '2001:0db8:0:0:0:0:0:0001' } })).toBe(true);
  });

  it('takes a cidr by its network even when the address has host bits set', () => {
    const pattern: EventPattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.77/24' }] } };

    expect([
      matchesPattern(pattern, { detail: { sourceIPAddress: '10.0.0.5' } }),
      matchesPattern(pattern, { detail: { sourceIPAddress: '10.0.1.5' } }),
    ]).toEqual([true, false]);
  });

  it('refuses the /32 and /128 masks, as the service does', () => {
    expect([
      refusalOf({ ip: [{ cidr: '10.0.0.1/32' }] })?.reason,
      refusalOf({ ip: [{ cidr: '2001:db8::1/128' }] })?.reason,
    ]).toEqual(['IPv4 mask bits must be < 32', 'IPv6 mask bits must be < 128']);
  });

  // Reported from the service: four such suffix wildcards on one field deploy; four of the
  // datasync form are refused as too complex, two are not.
  it('judges wildcard complexity per field, across all the wildcards on it', () => {
    const key = (...wildcards: string[]) => ({
      detail: { key: wildcards.map((wildcard) => ({ wildcard })) },
    });
    const datasync = ['bif', 'tif', 'tiff', 'svs'].map((ext) => `*/datasync/*.${ext}`);

    expect([
      refusalOf(key('*.bif', '*.tiff', '*.tif', '*.svs')),
      refusalOf(key(...datasync.slice(0, 2))),
      refusalOf(key(...datasync))?.reason,
    ]).toEqual([undefined, undefined, expect.stringMatching(/^Rule is too complex/)]);
  });

  it('matches nothing for an event that is not a JSON object', () => {
    expect(matchesPattern({ source: [{ exists: false }] }, ['aws.connect'])).toBe(false);
  });
});

// ------------------------------------------------------------------ properties

const fieldName = fc
  .string({ minLength: 1, maxLength: 8 })
  .filter((key) => key !== '$or' && key !== '__proto__');
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
type Scalar = string | number | boolean | null;
type Json = Scalar | readonly Scalar[] | { readonly [key: string]: Json };
/** JSON objects whose arrays hold only scalars (so every leaf can be chosen together). */
const { event } = fc.letrec<{ event: { [key: string]: Json }; value: Json }>((tie) => ({
  event: fc.dictionary(fieldName, tie('value'), { maxKeys: 4 }),
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(scalar, { maxLength: 3 }), tie('event')),
}));

/** A pattern naming every leaf of the event with one of the event's own values there. */
function patternFrom(node: { readonly [key: string]: Json }): Record<string, unknown> {
  const pattern: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) {
      if (value.length > 0) pattern[key] = [value[value.length - 1]];
    } else if (typeof value === 'object' && value !== null) {
      const nested = patternFrom(value as { readonly [key: string]: Json });
      if (Object.keys(nested).length > 0) pattern[key] = nested;
    } else pattern[key] = [value as EventPatternMatch];
  }
  return pattern;
}

describe('properties', () => {
  it('a pattern built from an event’s own leaf values matches that event', () => {
    fc.assert(
      fc.property(event, (generated) => {
        const withSource = { source: 'tsunagu.test', ...generated };
        const pattern = patternFrom(withSource);
        validatePattern(pattern);

        expect(matchesPattern(pattern, withSource)).toBe(true);
      }),
    );
  });

  it('any split of a string gives a prefix and a suffix that match it, and anything-but it never does', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), (value, at) => {
        const cut = value.length === 0 ? 0 : at % (value.length + 1);
        const event = { detail: { value } };

        expect([
          matchesPattern({ detail: { value: [{ prefix: value.slice(0, cut) }] } }, event),
          matchesPattern({ detail: { value: [{ suffix: value.slice(cut) }] } }, event),
          matchesPattern({ detail: { value: [{ 'anything-but': value }] } }, event),
        ]).toEqual([true, true, false]);
      }),
    );
  });
});
