// The domain's named errors, each carrying the stable code API.md gives it. They speak of the
// domain only; shared/adapters/http/problems.ts maps every code to its HTTP status and title.

export const ERROR_CODES = [
  'validation_failed',
  'unknown_appointment_type',
  'range_too_large',
  'not_found',
  'slot_unavailable',
  'too_late_to_change',
  'booking_cancelled',
  'request_in_progress',
  'idempotency_key_reused',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'conflicts_with_bookings',
  'captcha_failed',
  'booking_limit_reached',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** Dotted path of the field, as the client sent it (`email`, `customFields.insurance`). */
  readonly path: string;
  readonly message: string;
}

/**
 * An outcome the client is meant to see. `detail` and `extensions` are shown as they are, so they
 * must never echo personal input.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail ?? code);
    this.name = 'DomainError';
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
  /** Whole seconds until the client may try again (at least 1). */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super('rate_limited', `Too many submissions; try again in ${seconds} seconds`);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = seconds;
  }
}

/** No verified staff identity came with the request (API Gateway's authorizer normally answers first). */
export class UnauthorizedError extends DomainError {
  constructor(detail = 'Sign in to use the staff API') {
    super('unauthorized', detail);
    this.name = 'UnauthorizedError';
  }
}

/** A signed-in staff member whose groups do not allow this route. */
export class ForbiddenError extends DomainError {
  constructor(detail = 'Your account has no access to this part of the staff workspace') {
    super('forbidden', detail);
    this.name = 'ForbiddenError';
  }
}

/**
 * The CAPTCHA token was missing, invalid, expired or already used (a Turnstile outage is never
 * this: the request goes through, marked unverified).
 */
export class CaptchaFailedError extends DomainError {
  constructor(
    detail = 'We could not confirm that this was sent by a person. Please complete the check on the form and send it again',
  ) {
    super('captcha_failed', detail);
    this.name = 'CaptchaFailedError';
  }
}
