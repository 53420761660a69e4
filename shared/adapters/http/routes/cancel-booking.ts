// POST /v1/bookings/{id}/cancel: cancel a booking and free the provider's time.
import { bookingViewSchema, cancelBookingBody } from '../../../core/scheduling/booking-schemas.ts';
import { problemPageFor } from '../problem-pages.ts';
import { defineRoute } from '../route-record.ts';
import { bookingFieldLabels, bookingIdParams, bookingNotFound } from './booking-parts.ts';

export const cancelBookingRoute = defineRoute({
  id: 'CancelBooking',
  method: 'POST',
  path: '/v1/bookings/{id}/cancel',
  entry: 'functions/cancel-booking.ts',
  table: 'readWrite',
  auth: 'public',
  request: () => ({ body: cancelBookingBody, params: bookingIdParams }),
  notFound: bookingNotFound,
  fieldLabels: bookingFieldLabels,
  html: { to: 'form-posts', errorPage: problemPageFor },
  responses: {
    200: { description: 'The booking, cancelled', schema: bookingViewSchema, alsoHtml: true },
  },
  docs: {
    operationId: 'cancelBooking',
    summary: 'Cancel a booking',
    description: [
      'The provider’s time is free again at once. Cancelling a cancelled booking answers `200` again and emails nothing.',
      'Within `scheduling.minChangeNoticeMinutes` of the start: `409 too_late_to_change`, unless the booking was made less than `scheduling.undoGraceMinutes` ago (default 15) and has not begun.',
      'A plain form post (the manage page’s) gets a page saying the appointment is cancelled.',
    ].join(' '),
    tags: ['Scheduling'],
    problems: ['not_found', 'too_late_to_change'],
  },
});
