// GET /v1/bookings/{id}: a booking, for the patient holding its manage token. A browser following
// the manage link gets a page to see, cancel or move the appointment instead of the JSON.

import {
  apiOrigin,
  bookingDeps,
  calendarUrlFor,
  prefersHtmlPage,
  presentedToken,
} from '../shared/adapters/http/booking-requests.ts';
import { bookingView } from '../shared/adapters/http/booking-views.ts';
import { HTML_CSP_WITH_FORMS, htmlPage } from '../shared/adapters/http/html.ts';
import { managePage } from '../shared/adapters/http/pages/booking-pages.ts';
import { html, json } from '../shared/adapters/http/responses.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { changeableOnline, findBooking, rescheduleChoices } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { NotFoundError } from '../shared/core/errors.ts';
import { html as markup } from '../shared/core/messages/html.ts';
import type { Booking } from '../shared/core/scheduling/booking.ts';
import { bookingTokenQuery } from '../shared/core/scheduling/booking-schemas.ts';

const config = clinicConfig();
const deps = bookingDeps(config);
/** How many open times the page offers to move to. */
const CHOICES = 8;

// The answer depends on Accept; caches (none should keep it: no-store) must not mix the two.
const VARY = { vary: 'Accept' };

const notFoundPage = htmlPage(
  'Appointment not found',
  markup`<h1>Appointment not found</h1>\n<p>This link does not match an appointment. Please use the latest link from your confirmation email, or call the clinic.</p>`,
);

export const handler = httpRoute({
  query: bookingTokenQuery,
  handler: async (request) => {
    const token = presentedToken(request);
    const wantsPage = prefersHtmlPage(request.headers.accept);
    let booking: Booking;
    try {
      booking = await findBooking(deps, request.params.id ?? '', token);
    } catch (error) {
      // One page for any wrong id or token, as the JSON 404 is one answer.
      if (wantsPage && error instanceof NotFoundError) return html(404, notFoundPage, VARY);
      throw error;
    }
    if (!wantsPage) return json(200, bookingView(config, booking), VARY);
    // findBooking only answers a booking for a presented token.
    const manageToken = token ?? '';
    const changeable = changeableOnline(config, booking, request.now);
    const page = managePage(config, {
      booking,
      token: manageToken,
      apiOrigin: apiOrigin(request),
      calendarUrl: calendarUrlFor(request, booking.id, manageToken),
      changeable,
      choices: changeable ? await rescheduleChoices(deps, booking, request.now, CHOICES) : [],
    });
    return html(200, page, { ...VARY, 'content-security-policy': HTML_CSP_WITH_FORMS });
  },
});
