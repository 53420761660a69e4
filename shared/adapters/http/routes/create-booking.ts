// POST /v1/bookings: book an appointment.
import {
  createBookingBodySchema,
  createBookingSchemaOptions,
  createdBookingSchema,
} from '../../../core/scheduling/booking-schemas.ts';
import { problemPageFor } from '../problem-pages.ts';
import { defineRoute } from '../route-record.ts';
import { ACCEPT_JSON_HEADER, bookingFieldLabels, HTML_CONFIRMATION } from './booking-parts.ts';

export const createBookingRoute = defineRoute({
  id: 'CreateBooking',
  method: 'POST',
  path: '/v1/bookings',
  entry: 'functions/create-booking.ts',
  table: 'readWrite',
  auth: 'public',
  request: (config) => ({ body: createBookingBodySchema(createBookingSchemaOptions(config)) }),
  fieldLabels: bookingFieldLabels,
  html: { to: 'form-posts', errorPage: problemPageFor },
  responses: {
    201: { description: 'Booked', schema: createdBookingSchema },
    200: HTML_CONFIRMATION,
    303: {
      description: 'HTML form post with an allowed `_next`: go there',
      headers: { Location: { description: 'The `_next` page', schema: { type: 'string' } } },
    },
  },
  docs: {
    operationId: 'createBooking',
    summary: 'Book an appointment',
    description: [
      'Takes JSON, a plain HTML form (urlencoded) or multipart form data without files.',
      '`start` must be an open slot of the type (as `GET /v1/availability` lists them), compared as an instant;',
      'without `providerId` the booking goes to the first free provider (config order) who offers the type.',
      'No two bookings ever hold one provider at overlapping times, buffers included: the check is a DynamoDB',
      'transaction condition, not a read before a write.',
      'A taken, closed, misaligned, too soon or too far time is `409 slot_unavailable` with up to 3 `alternatives`',
      '(the open slots of the type nearest to the asked time), and nothing is written.',
      'The answer carries the manage token: it is shown once and stored only as a hash.',
      'A filled honeypot gets an answer of the same shape, but nothing is booked and nothing is emailed.',
      'HTML form posts get `303` to `_next` (when on an allowed origin) or a confirmation page.',
      'The same patient (email, case-insensitive) asking for the same type at the same start within 10 minutes',
      'gets the first booking’s answer again (same id and manage token), with nothing written and nothing emailed,',
      'so a double-clicked form shows its confirmation.',
      'More than `scheduling.limits.perClientIpPerHour` booking attempts (default 5) from one client address in a',
      'rolling hour: `429 rate_limited` with `Retry-After`. A patient (by email or by phone) holding',
      '`scheduling.limits.activeBookingsPerPatient` upcoming bookings (default 3): `409 booking_limit_reached`,',
      'whose detail gives the clinic’s phone.',
      'With `captcha` in the clinic config, the body carries the Turnstile token in `cf-turnstile-response`;',
      'a missing, invalid, expired or spent one is `400 captcha_failed`, and a Turnstile outage lets the booking',
      'through, marked unverified.',
    ].join(' '),
    tags: ['Scheduling'],
    headers: ACCEPT_JSON_HEADER,
    problems: [
      'unknown_appointment_type',
      'slot_unavailable',
      'booking_limit_reached',
      'rate_limited',
      'captcha_failed',
    ],
  },
});
