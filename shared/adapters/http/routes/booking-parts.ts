// What the four routes under /v1/bookings/{id} share: the id parameter, the token header and
// the 404 that a malformed id gets, the same as an unknown one.
import { BOOKING_NOT_FOUND } from '../../../app/scheduling/bookings.ts';
import { BOOKING_FIELD_LABELS } from '../../../core/scheduling/booking-schemas.ts';
import * as z from '../../../core/zod.ts';

/** A booking id is a ULID (Crockford base 32); anything else is not looked up. */
export const bookingIdParams = z.object({
  id: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/), z.describe('The booking id (a ULID)')),
});

export const bookingNotFound = BOOKING_NOT_FOUND;

export const TOKEN_HEADER = {
  'X-Booking-Token': { description: 'The manage token (or send it as `?token=`)' },
};

export const ACCEPT_JSON_HEADER = {
  Accept: { description: 'Send `application/json` to get JSON answers to a form-encoded post' },
};

export const bookingFieldLabels = () => BOOKING_FIELD_LABELS;

export const HTML_CONFIRMATION = {
  description: 'HTML form post (unless its Accept prefers JSON): a small page saying what was done',
  contentType: 'text/html',
} as const;
