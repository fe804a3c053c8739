import * as z from 'zod';
import { canonicalTimeZone } from '../../lambdas/domain/time-zone.ts';

// The shapes of `flow simulate --hours` and `--queues` files: a module of its own, which only
// `simulate` loads, so that `flow validate` starts without zod.

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const hoursFile = z.record(
  z.string(),
  z.strictObject({
    timeZone: z
      .string()
      .refine((tz) => canonicalTimeZone(tz) !== undefined, 'must be an IANA time zone such as Asia/Tokyo'),
    days: z.partialRecord(z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']), z.tuple([hhmm, hhmm])),
  }),
  'must be a JSON object keyed by id',
);

export const queuesFile = z.record(
  z.string(),
  z.strictObject({
    name: z.string().min(1),
    hours: z.string().optional(),
    contactsInQueue: z.number().nonnegative().optional(),
    oldestContactAgeSeconds: z.number().nonnegative().optional(),
    agentsAvailable: z.number().nonnegative().optional(),
    agentsStaffed: z.number().nonnegative().optional(),
    agentsOnline: z.number().nonnegative().optional(),
    atCapacity: z.boolean().optional(),
  }),
  'must be a JSON object keyed by id',
);
