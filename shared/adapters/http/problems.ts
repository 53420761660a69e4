// The problem codes of API.md and the errors that carry them; one middleware turns any of these
// into an RFC 9457 document (or an HTML page for a plain form post).

export const PROBLEMS = {
  validation_failed: { status: 400, title: 'Invalid request' },
  unknown_appointment_type: { status: 400, title: 'Unknown appointment type' },
  range_too_large: { status: 400, title: 'Date range too large' },
  not_found: { status: 404, title: 'Not found' },
  slot_unavailable: { status: 409, title: 'Slot unavailable' },
  too_late_to_change: { status: 409, title: 'Too late to change' },
  request_in_progress: { status: 409, title: 'Request in progress' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal error' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

export interface FieldError {
  /** Dotted path of the field, as the client sent it (`email`, `customFields.insurance`). */
  readonly path: string;
  readonly message: string;
}

/**
 * An answer the client is meant to see. `detail` and `extensions` are shown as they are, so they
 * must never echo personal input.
 */
export class DomainError extends Error {
  readonly status: number;
  readonly title: string;
  readonly expose = true;

  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail ?? PROBLEMS[code].title);
    this.name = 'DomainError';
    this.status = PROBLEMS[code].status;
    this.title = PROBLEMS[code].title;
  }
}

export class ValidationError extends DomainError {
  constructor(
    readonly errors: readonly FieldError[],
    detail = errors.length === 1 ? '1 field is invalid' : `${errors.length} fields are invalid`,
  ) {
    super('validation_failed', detail, { errors });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  constructor(detail = 'Nothing was found here') {
    super('not_found', detail);
    this.name = 'NotFoundError';
  }
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      'rate_limited',
      `Too many submissions; try again in ${seconds} seconds`,
      {},
      { 'retry-after': String(seconds) },
    );
    this.name = 'RateLimitedError';
  }
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail?: string;
  [extension: string]: unknown;
}

export function problemDocument(error: DomainError): ProblemDocument {
  return {
    type: 'about:blank',
    title: error.title,
    status: error.status,
    code: error.code,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    ...error.extensions,
  };
}

/** Anything that is not a DomainError: the client learns nothing about it. */
export function internalProblem(): ProblemDocument {
  return problemDocument(
    new DomainError('internal_error', 'Something went wrong on our side; please try again'),
  );
}
