// The booking routes in the OpenAPI document. Bodies are the schemas the handlers validate with,
// built for a clinic with the defaults (country US, honeypot `_gotcha`, consent required).
import * as z from 'zod';
import {
  bookingTokenQuery,
  bookingViewSchema,
  cancelBookingBody,
  createBookingBodySchema,
  createdBookingSchema,
  rescheduleBookingBody,
} from '../../../core/scheduling/booking-schemas.ts';
import type { OperationDoc } from './operation.ts';

const TAGS = ['Scheduling'];
const FORM_PROBLEMS = [
  'validation_failed',
  'request_in_progress',
  'idempotency_key_reused',
  'payload_too_large',
  'unsupported_media_type',
] as const;
const ID_PARAMETER = { id: 'The booking id (a ULID)' };
const TOKEN_HEADER = {
  'X-Booking-Token': { description: 'The manage token (or send it as `?token=`)' },
};
const HTML_ANSWER = {
  description: 'HTML form post (without `Accept: application/json`): a small page saying what was done',
  contentType: 'text/html',
};

export const bookingOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/v1/bookings',
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
    ].join(' '),
    tags: TAGS,
    body: createBookingBodySchema({
      country: 'US',
      allowedOrigins: [],
      forms: { honeypotField: '_gotcha', requireConsent: true },
    }),
    headers: {
      Accept: { description: 'Send `application/json` to get JSON answers to a form-encoded post' },
    },
    responses: {
      201: { description: 'Booked', schema: createdBookingSchema },
      200: HTML_ANSWER,
      303: {
        description: 'HTML form post with an allowed `_next`: go there',
        headers: { Location: { description: 'The `_next` page', schema: { type: 'string' } } },
      },
    },
    problems: ['unknown_appointment_type', 'slot_unavailable', ...FORM_PROBLEMS],
  },
  {
    method: 'get',
    path: '/v1/bookings/{id}',
    operationId: 'getBooking',
    summary: 'A booking, for its patient',
    description: [
      'Needs the manage token. Any wrong id or token is the same `404 not_found`.',
      'A browser following the manage link (an `Accept` that names `text/html` and no JSON type) gets',
      'an HTML page instead: the appointment, an "Add to calendar" link and, while it can still be',
      'changed, plain forms that post to the cancel and reschedule operations (the nearest open times',
      'of its type to move to); a wrong id or token is then an HTML 404 page. JSON clients and',
      '`Accept: */*` get the JSON below.',
    ].join(' '),
    tags: TAGS,
    pathParameters: ID_PARAMETER,
    query: bookingTokenQuery,
    headers: TOKEN_HEADER,
    responses: { 200: { description: 'The booking', schema: bookingViewSchema } },
    problems: ['not_found'],
  },
  {
    method: 'get',
    path: '/v1/bookings/{id}/calendar.ics',
    operationId: 'getBookingCalendar',
    summary: 'The booking as an iCalendar file',
    description:
      'Needs the manage token. The current state: `METHOD:REQUEST` with the clinic’s TZID, or `METHOD:CANCEL` once cancelled; the same `UID` as the emailed invites and their `SEQUENCE`.',
    tags: TAGS,
    pathParameters: ID_PARAMETER,
    query: bookingTokenQuery,
    headers: TOKEN_HEADER,
    responses: {
      200: { description: 'RFC 5545 iCalendar', contentType: 'text/calendar', schema: z.string() },
    },
    problems: ['not_found'],
  },
  {
    method: 'post',
    path: '/v1/bookings/{id}/cancel',
    operationId: 'cancelBooking',
    summary: 'Cancel a booking',
    description: [
      'The provider’s time is free again at once. Cancelling a cancelled booking answers `200` again and emails nothing.',
      'Within `scheduling.minChangeNoticeMinutes` of the start: `409 too_late_to_change`.',
    ].join(' '),
    tags: TAGS,
    pathParameters: ID_PARAMETER,
    body: cancelBookingBody,
    responses: { 200: { description: 'The booking, cancelled', schema: bookingViewSchema } },
    problems: ['not_found', 'too_late_to_change', ...FORM_PROBLEMS],
  },
  {
    method: 'post',
    path: '/v1/bookings/{id}/reschedule',
    operationId: 'rescheduleBooking',
    summary: 'Move a booking to another open slot of its type',
    description: [
      'One transaction claims the new time and releases the old one; a move onto an overlapping time',
      '(say 15 minutes later) works. When the new time is not open: `409 slot_unavailable` with `alternatives`,',
      'and the booking stands untouched. Without `providerId` the current provider is kept when free.',
      'Within `scheduling.minChangeNoticeMinutes` of the current start, or once cancelled: `409 too_late_to_change`.',
    ].join(' '),
    tags: TAGS,
    pathParameters: ID_PARAMETER,
    body: rescheduleBookingBody,
    responses: { 200: { description: 'The booking, moved', schema: bookingViewSchema } },
    problems: ['not_found', 'too_late_to_change', 'slot_unavailable', ...FORM_PROBLEMS],
  },
];
