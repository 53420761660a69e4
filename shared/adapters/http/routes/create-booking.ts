// POST /v1/bookings: book an appointment.
import {
  createBookingBodySchema,
  createBookingSchemaOptions,
  createdBookingSchema,
} from '../../../core/scheduling/booking-schemas.ts';
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
  html: { to: 'form-posts' },
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
    ].join(' '),
    tags: ['Scheduling'],
    headers: ACCEPT_JSON_HEADER,
    problems: ['unknown_appointment_type', 'slot_unavailable'],
  },
});
