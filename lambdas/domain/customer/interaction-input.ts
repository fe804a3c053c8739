import * as z from 'zod';
import { ValidationError } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import { CHANNELS, DIRECTIONS } from './customer.ts';
import type { Interaction } from './timeline.ts';

const isoTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 time such as 2026-11-23T10:00:00+09:00',
});
const text = (max: number) => z.string().trim().min(1).max(max);

export const interactionInput = z.strictObject({
  /** Idempotency key: appending the same id twice records it once. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'id must be 1-100 letters, digits or ._:-')
    .optional(),
  at: isoTime.optional(),
  channel: z.enum(CHANNELS),
  direction: z.enum(DIRECTIONS),
  contactId: text(100).optional(),
  queue: text(100).optional(),
  agent: text(200).optional(),
  topic: text(100).optional(),
  summary: text(1000).optional(),
  status: text(40).optional(),
  endedAt: isoTime.optional(),
});

export function newInteraction(
  customerId: string,
  input: unknown,
  ctx: { id: string; now: Date },
): Interaction {
  const data = parseInput(interactionInput, input);
  const at = data.at ? checkTime(data.at, 'at', ctx.now) : ctx.now.toISOString();
  const { id, at: _at, endedAt, ...rest } = data;
  return {
    ...rest,
    id: id ?? ctx.id,
    customerId,
    at,
    ...(endedAt ? { endedAt: checkTime(endedAt, 'endedAt', ctx.now) } : {}),
  };
}

/** Interactions happened (or are happening): from 2000 to at most a day ahead of our clock. */
const EARLIEST = Date.UTC(2000, 0, 1);
const MAX_CLOCK_SKEW_MS = 86_400_000;

function checkTime(value: string, field: string, now: Date): string {
  const t = new Date(value).getTime();
  if (t < EARLIEST || t > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new ValidationError(field, `${field} must be between 2000-01-01 and a day from now, got ${value}`);
  }
  return new Date(t).toISOString();
}
