// POST /v1/bookings/{id}/confirm: the patient confirms they will attend (the button behind a
// reminder's confirm link).
import { bookingViewSchema, confirmBookingBody } from '../../../core/scheduling/booking-schemas.ts';
import { problemPageFor } from '../problem-pages.ts';
import { defineRoute } from '../route-record.ts';
import { bookingFieldLabels, bookingIdParams, bookingNotFound } from './booking-parts.ts';

export const confirmBookingRoute = defineRoute({
  id: 'ConfirmBooking',
  method: 'POST',
  path: '/v1/bookings/{id}/confirm',
  entry: 'functions/confirm-booking.ts',
  table: 'readWrite',
  auth: 'public',
  request: () => ({ body: confirmBookingBody, params: bookingIdParams }),
  notFound: bookingNotFound,
  fieldLabels: bookingFieldLabels,
  html: { to: 'form-posts', errorPage: problemPageFor },
  responses: {
    200: {
      description: 'The booking, with `confirmedAt`',
      schema: bookingViewSchema,
      alsoHtml: true,
    },
  },
  docs: {
    operationId: 'confirmBooking',
    summary: 'Confirm attendance',
    description: [
      'The patient says they will attend (the button behind the confirm link of a reminder). The answer',
      'carries `confirmedAt`, which staff see in the agenda. Confirming again answers `200` with the first',
      '`confirmedAt` and changes nothing. A cancelled booking: `409 booking_cancelled`; once the appointment',
      'has started: `409 too_late_to_change`. The change cut-off (`scheduling.minChangeNoticeMinutes`) does',
      'not apply and nothing is emailed. Any wrong id or token is the same `404 not_found`.',
      'A plain form post (the confirm page’s) gets a page saying the appointment is confirmed.',
    ].join(' '),
    tags: ['Scheduling'],
    problems: ['not_found', 'booking_cancelled', 'too_late_to_change'],
  },
});
