// POST /v1/bookings/{id}/reschedule: move a booking to another open slot of its type.
import { bookingViewSchema, rescheduleBookingBody } from '../../../core/scheduling/booking-schemas.ts';
import { problemPageFor } from '../problem-pages.ts';
import { defineRoute } from '../route-record.ts';
import { bookingFieldLabels, bookingIdParams, bookingNotFound } from './booking-parts.ts';

export const rescheduleBookingRoute = defineRoute({
  id: 'RescheduleBooking',
  method: 'POST',
  path: '/v1/bookings/{id}/reschedule',
  entry: 'functions/reschedule-booking.ts',
  table: 'readWrite',
  auth: 'public',
  request: () => ({ body: rescheduleBookingBody, params: bookingIdParams }),
  notFound: bookingNotFound,
  fieldLabels: bookingFieldLabels,
  html: { to: 'form-posts', errorPage: problemPageFor },
  responses: {
    200: { description: 'The booking, moved', schema: bookingViewSchema, alsoHtml: true },
  },
  docs: {
    operationId: 'rescheduleBooking',
    summary: 'Move a booking to another open slot of its type',
    description: [
      'One transaction claims the new time and releases the old one; a move onto an overlapping time',
      '(say 15 minutes later) works. When the new time is not open: `409 slot_unavailable` with `alternatives`,',
      'and the booking stands untouched. Without `providerId` the current provider is kept when free.',
      'Within `scheduling.minChangeNoticeMinutes` of the current start: `409 too_late_to_change`; a cancelled booking: `409 booking_cancelled`.',
      'A plain form post (the manage page’s) gets a page with the new time.',
    ].join(' '),
    tags: ['Scheduling'],
    problems: ['not_found', 'too_late_to_change', 'booking_cancelled', 'slot_unavailable'],
  },
});
