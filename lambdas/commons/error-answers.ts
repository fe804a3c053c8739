import {
  ConcurrentUpdateError,
  CustomerNotFoundError,
  IdentityConflictError,
  ValidationError,
} from '../domain/errors.ts';

/** What a failure means at each kind of edge a function has. */
export interface ErrorAnswer {
  /** An API function's HTTP status. */
  readonly status: number;
  /** A stable code: the `error` of an API function's JSON answer. */
  readonly error: string;
  /** What happened, for the caller (never the internals of an unexpected error). */
  readonly message: string;
  /** The offending field of bad input. */
  readonly field?: string;
  /** Extra answer headers (`retry-after`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A queued message: retried (a passing cause) or to the dead-letter queue at once (it can never succeed). */
  readonly batch: 'retry' | 'dead-letter';
  /** The `reason` a contact flow's Lambda answers with (the flow goes on either way). */
  readonly flowReason: string;
}

/** How one error class is answered; handlers may add rows for errors only they meet. */
export interface ErrorRow {
  readonly matches: (error: unknown) => boolean;
  readonly answer: (error: never) => ErrorAnswer;
}

/** A row for the errors of one class. */
export function answering<E extends Error>(
  type: abstract new (...args: never[]) => E,
  answer: (error: E) => ErrorAnswer,
): ErrorRow {
  return { matches: (error) => error instanceof type, answer: answer as (error: never) => ErrorAnswer };
}

/** The one table from domain error to HTTP answer, batch outcome and flow reply. */
export const DOMAIN_ERRORS: readonly ErrorRow[] = [
  answering(ValidationError, (e) => ({
    status: 400,
    error: 'invalid-request',
    message: e.message,
    field: e.field,
    batch: 'dead-letter',
    flowReason: 'invalid-event',
  })),
  answering(CustomerNotFoundError, () => ({
    status: 404,
    error: 'unknown-customer',
    message: 'no customer with that id',
    batch: 'dead-letter',
    flowReason: 'unknown-customer',
  })),
  answering(IdentityConflictError, (e) => ({
    status: 409,
    error: 'identity-conflict',
    message: e.message,
    field: e.field,
    batch: 'dead-letter',
    flowReason: 'identity-conflict',
  })),
  // Lost every optimistic-lock race: a passing cause, worth a retry.
  answering(ConcurrentUpdateError, (e) => ({
    status: 409,
    error: 'concurrent-update',
    message: e.message,
    headers: { 'retry-after': '1' },
    batch: 'retry',
    flowReason: 'error',
  })),
];

/** Anything else: an outage or a bug. Retried; its details stay in the logs. */
const UNEXPECTED: ErrorAnswer = {
  status: 500,
  error: 'internal',
  message: 'internal error',
  batch: 'retry',
  flowReason: 'error',
};

/** How `error` is answered: the first of `rows`, then of DOMAIN_ERRORS, that matches it. */
export function answerFor(error: unknown, rows: readonly ErrorRow[] = []): ErrorAnswer {
  const row = [...rows, ...DOMAIN_ERRORS].find((r) => r.matches(error));
  return row ? row.answer(error as never) : UNEXPECTED;
}
