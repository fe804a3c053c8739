/** Input that breaks a rule; `field` names the offending field (dotted path) for a 400 response. */
export class ValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class CustomerNotFoundError extends Error {
  constructor(readonly customerId: string) {
    super(`no customer with id ${customerId}`);
    this.name = 'CustomerNotFoundError';
  }
}

/** An identity (phone, email, chat or external id) already belongs to another customer. */
export class IdentityConflictError extends Error {
  constructor(
    readonly field: string,
    readonly ownerId?: string,
  ) {
    super(`${field} already belongs to another customer`);
    this.name = 'IdentityConflictError';
  }
}

/** A write lost a race with another writer (optimistic lock); retry with fresh data. */
export class ConcurrentUpdateError extends Error {
  constructor(readonly customerId: string) {
    super(`customer ${customerId} was changed by another writer; retry`);
    this.name = 'ConcurrentUpdateError';
  }
}
