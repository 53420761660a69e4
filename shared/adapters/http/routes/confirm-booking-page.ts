// GET /v1/bookings/{id}/confirm: where a reminder's confirm link lands. It shows the appointment and
// one button that posts the confirmation; the GET itself changes nothing (API.md: mail scanners and
// link previewers fetch every link).
import { bookingTokenQuery, bookingViewSchema } from '../../../core/scheduling/booking-schemas.ts';
import { problemPageFor } from '../problem-pages.ts';
import { defineRoute } from '../route-record.ts';
import { bookingIdParams, bookingNotFound, TOKEN_HEADER } from './booking-parts.ts';

export const confirmBookingPageRoute = defineRoute({
  id: 'ConfirmBookingPage',
  method: 'GET',
  path: '/v1/bookings/{id}/confirm',
  entry: 'functions/confirm-booking-page.ts',
  table: 'read',
  auth: 'public',
  request: () => ({ query: bookingTokenQuery, params: bookingIdParams }),
  notFound: bookingNotFound,
  // The confirm link opens in a browser: it gets the page, and a wrong link its own 404 page.
  html: { to: 'browsers', problems: ['not_found'], errorPage: problemPageFor },
  responses: {
    200: {
      description: 'The booking (JSON), or the confirm page for a browser',
      schema: bookingViewSchema,
      alsoHtml: true,
    },
  },
  docs: {
    operationId: 'getBookingConfirmPage',
    summary: 'The confirm page of a booking',
    description: [
      'Needs the manage token. A browser following a reminder’s confirm link (an `Accept` that prefers',
      '`text/html` to JSON) gets a page with the appointment and one button, a plain form that posts to',
      '`POST /v1/bookings/{id}/confirm`; a confirmed, cancelled or past appointment gets the page without',
      'the button. A wrong id or token is then an HTML 404 page. JSON clients get the booking, as',
      '`GET /v1/bookings/{id}` answers it. This GET never changes anything.',
    ].join(' '),
    tags: ['Scheduling'],
    headers: TOKEN_HEADER,
    problems: [],
  },
});
