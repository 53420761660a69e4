// GET /v1/bookings/{id}: a booking for the patient holding its manage token, or its manage page.
import { bookingTokenQuery, bookingViewSchema } from '../../../core/scheduling/booking-schemas.ts';
import { problemPageFor } from '../problem-pages.ts';
import { defineRoute } from '../route-record.ts';
import { bookingIdParams, bookingNotFound, TOKEN_HEADER } from './booking-parts.ts';

export const getBookingRoute = defineRoute({
  id: 'GetBooking',
  method: 'GET',
  path: '/v1/bookings/{id}',
  entry: 'functions/get-booking.ts',
  table: 'read',
  auth: 'public',
  request: () => ({ query: bookingTokenQuery, params: bookingIdParams }),
  notFound: bookingNotFound,
  // The manage link opens in a browser: it gets the manage page, and a wrong link its own 404 page.
  html: { to: 'browsers', problems: ['not_found'], errorPage: problemPageFor },
  responses: {
    200: {
      description: 'The booking (JSON), or the manage page for a browser',
      schema: bookingViewSchema,
      alsoHtml: true,
    },
  },
  docs: {
    operationId: 'getBooking',
    summary: 'A booking, for its patient',
    description: [
      'Needs the manage token. Any wrong id or token is the same `404 not_found`.',
      'A browser following the manage link (an `Accept` that prefers `text/html` to JSON) gets',
      'an HTML page instead: the appointment, an "Add to calendar" link and, while it can still be',
      'changed, plain forms that post to the cancel and reschedule operations (the nearest open times',
      'of its type to move to); a wrong id or token is then an HTML 404 page. JSON clients,',
      '`Accept: */*` and no `Accept` get the JSON below.',
    ].join(' '),
    tags: ['Scheduling'],
    headers: TOKEN_HEADER,
    problems: [],
  },
});
