// What the confirm routes answer: the booking as JSON, or for a browser the confirm page (one
// button) and the page answering its post; logged by id and outcome only.
import { type BookingChange, confirmable } from '../../../app/scheduling/bookings.ts';
import type { ClinicConfig } from '../../../core/config/schema.ts';
import type { Booking } from '../../../core/scheduling/booking.ts';
import type { ConfirmBookingInput } from '../../../core/scheduling/booking-schemas.ts';
import { changeWindow } from '../../../core/scheduling/change-window.ts';
import { logger } from '../../../platform/logger.ts';
import { apiOrigin, calendarUrlFor, presentedToken, requestContext } from '../booking-requests.ts';
import { bookingView } from '../booking-views.ts';
import { HTML_CSP_WITH_FORMS } from '../csp.ts';
import { confirmedPage, confirmPage } from '../pages/confirm-pages.ts';
import { type HttpResponse, html, json } from '../responses.ts';
import type { RequestFacts } from '../route.ts';

/** The links a page about the booking carries, for the patient holding `token`. */
function linksFor(config: ClinicConfig, request: RequestFacts, booking: Booking, token: string) {
  return {
    manageUrl: requestContext(config, request).manageUrl(booking.id, token),
    calendarUrl: calendarUrlFor(request, booking.id, token),
    window: changeWindow(config.scheduling, booking, request.now),
  };
}

/** POST /v1/bookings/{id}/confirm: the booking with `confirmedAt`, or the "see you on…" page. */
export function presentConfirmation(
  config: ClinicConfig,
  request: RequestFacts & { readonly body: ConfirmBookingInput },
  { booking, changed }: BookingChange,
): HttpResponse {
  logger.info('booking', {
    outcome: changed ? 'attendance-confirmed' : 'already-confirmed',
    bookingId: booking.id,
    sequence: booking.sequence,
  });
  if (!request.wantsHtml) return json(200, bookingView(config, booking));
  const links = linksFor(config, request, booking, request.body.token);
  return html(200, confirmedPage(config, { booking, ...links }));
}

/** GET /v1/bookings/{id}/confirm: the booking as JSON, or the page with the confirm button. */
export function presentConfirmPage(
  config: ClinicConfig,
  request: RequestFacts & { readonly query: { readonly token?: string | undefined } },
  booking: Booking,
): HttpResponse {
  if (!request.wantsHtml) return json(200, bookingView(config, booking));
  // The use case only answers a booking for a presented token.
  const token = presentedToken(request) ?? '';
  const page = confirmPage(config, {
    booking,
    token,
    apiOrigin: apiOrigin(request),
    confirmable: confirmable(booking, request.now),
    ...linksFor(config, request, booking, token),
  });
  return html(200, page, { 'content-security-policy': HTML_CSP_WITH_FORMS });
}
