// The HTTP face of the domain's error codes (shared/core/errors.ts): each code's status and title,
// and the RFC 9457 document one middleware answers with (or an HTML page for a plain form post).
import { DomainError, type ErrorCode, RateLimitedError } from '../../core/errors.ts';

export const PROBLEMS = {
  validation_failed: { status: 400, title: 'Invalid request' },
  unknown_appointment_type: { status: 400, title: 'Unknown appointment type' },
  range_too_large: { status: 400, title: 'Date range too large' },
  not_found: { status: 404, title: 'Not found' },
  slot_unavailable: { status: 409, title: 'Slot unavailable' },
  too_late_to_change: { status: 409, title: 'Too late to change' },
  booking_cancelled: { status: 409, title: 'Booking cancelled' },
  request_in_progress: { status: 409, title: 'Request in progress' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  conflicts_with_bookings: { status: 409, title: 'Conflicts with bookings' },
  captcha_failed: { status: 400, title: 'CAPTCHA check failed' },
  booking_limit_reached: { status: 409, title: 'Booking limit reached' },
  internal_error: { status: 500, title: 'Internal error' },
} as const satisfies Record<ErrorCode, { status: number; title: string }>;

export type ProblemCode = ErrorCode;

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
    title: PROBLEMS[error.code].title,
    status: PROBLEMS[error.code].status,
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

/**
 * Headers a problem's answer carries besides its content type: when to try again, for a rate
 * limit and for a request whose Idempotency-Key is still held by the first one.
 */
export function problemHeaders(error: DomainError): Record<string, string> {
  if (error instanceof RateLimitedError) return { 'retry-after': String(error.retryAfterSeconds) };
  if (error.code === 'request_in_progress') return { 'retry-after': '1' };
  return {};
}
