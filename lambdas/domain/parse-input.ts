import { ValidationError } from './errors.ts';

// Input is parsed once, at the edge. Requests become a value or a ValidationError naming the field
// (an HTTP 400); events become a ParseResult, which says whether to act on the event, acknowledge it
// unused, or dead-letter it.

/** What an event is, once read: one to act on, one to acknowledge unused, or one never readable. */
export type ParseResult<T> =
  | { readonly kind: 'ok'; readonly value: T }
  /** Well formed, but of no use here (another event type, a newer one): acknowledge it. */
  | { readonly kind: 'ignored'; readonly reason: string }
  /** Can never be processed: it goes to the dead-letter queue with this reason. */
  | { readonly kind: 'invalid'; readonly reason: string; readonly field?: string };

export const parsedOk = <T>(value: T): ParseResult<T> => ({ kind: 'ok', value });
export const ignored = (reason: string): ParseResult<never> => ({ kind: 'ignored', reason });
export const invalid = (reason: string): ParseResult<never> => ({ kind: 'invalid', reason });

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly keys?: readonly string[];
}

/** A zod schema, classic or mini: what parsing needs of it. */
export interface InputSchema<T> {
  safeParse(
    input: unknown,
  ): { success: true; data: T } | { success: false; error: { readonly issues: readonly Issue[] } };
}

/** The first problem zod found: the field (dotted path) it is about, and what is wrong. */
function firstProblem(issues: readonly Issue[]): { field: string; message: string } {
  const issue = issues[0];
  const unknownKeys = issue?.code === 'unrecognized_keys' ? (issue.keys ?? []) : undefined;
  return {
    field: issue?.path.length ? issue.path.join('.') : (unknownKeys?.join(',') ?? 'body'),
    message: unknownKeys ? `unknown field ${unknownKeys.join(', ')}` : (issue?.message ?? 'invalid'),
  };
}

/** Parses a request; the first problem becomes a ValidationError naming its field. */
export function parseInput<T>(schema: InputSchema<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { field, message } = firstProblem(result.error.issues);
  throw new ValidationError(field, message);
}

/** Parses an event; the first problem becomes the `invalid` reason (`field: message`). */
export function parseEvent<T>(schema: InputSchema<T>, input: unknown): ParseResult<T> {
  const result = schema.safeParse(input);
  if (result.success) return parsedOk(result.data);
  const { field, message } = firstProblem(result.error.issues);
  return { kind: 'invalid', reason: `${field}: ${message}`, field };
}
