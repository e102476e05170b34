/**
 * A failure the caller can understand and act on. The global filter maps `status` to the HTTP
 * response and shows `message`, so messages must never contain PHI.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} not found`, 404);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message, 409);
  }
}

/**
 * Invalid input, whoever found it (a route's schema, an entry kind's schema, the input bounds): every
 * problem in `details`, one line each naming the field, and `message` joining them. The filter answers 400
 * with both, so every bad input gets the same body.
 */
export class InvalidInputError extends DomainError {
  constructor(
    readonly details: string[],
    code = 'invalid_input',
  ) {
    super(code, details.join('; '), 400);
  }
}
