// What each booking route answers for an outcome of its use case: the JSON or the page, and the
// one metric and log line that outcome is counted by (ids and outcomes only, nothing typed in).
import type {
  BookingChange,
  CreatedBookingResult,
  ManagedBooking,
} from '../../../app/scheduling/bookings.ts';
import { clinicConfig } from '../../../config/runtime.ts';
import type { ClinicConfig } from '../../../core/config/schema.ts';
import { bookingCalendar } from '../../../core/messages/calendar.ts';
import type { Booking } from '../../../core/scheduling/booking.ts';
import type { CreateBookingInput, RescheduleBookingInput } from '../../../core/scheduling/booking-schemas.ts';
import { changeWindow } from '../../../core/scheduling/change-window.ts';
import { logger } from '../../../platform/logger.ts';
import { METRICS, recordMetric } from '../../../platform/metrics.ts';
import { apiOrigin, calendarUrlFor, presentedToken, requestContext } from '../booking-requests.ts';
import { bookingView, createdBookingView } from '../booking-views.ts';
import { HTML_CSP_WITH_FORMS } from '../csp.ts';
import { bookingPage, managePage } from '../pages/booking-pages.ts';
import { notFoundPage } from '../problem-pages.ts';
import { type HttpResponse, html, json, redirect, text } from '../responses.ts';
import type { ProblemPresentation, RequestFacts } from '../route.ts';

type TokenQuery = { readonly query: { readonly token?: string | undefined } };

/**
 * A form post that picked a time that was just taken gets the nearest open times on its page, as
 * buttons that book them: the error page draws them itself (pages/problem-pages.ts), from the
 * problem's `alternatives` and the fields posted, so the route adds nothing of its own.
 */
export function slotProblemPages(_config: ClinicConfig): ProblemPresentation {
  return {};
}

export function presentCreated(
  config: ClinicConfig,
  request: RequestFacts & { readonly body: CreateBookingInput },
  result: CreatedBookingResult,
): HttpResponse {
  const { booking } = result;
  // A double submit answered with the first booking made nothing new: it is not counted again.
  if (result.stored && !result.repeat) recordMetric(METRICS.names.bookingCreated);
  const outcome = result.repeat ? 'repeat' : result.stored ? 'created' : 'honeypot';
  logger.info('booking', {
    outcome,
    ...(result.stored ? { bookingId: booking.id, providerId: booking.providerId } : {}),
    typeId: booking.typeId,
    ...(booking.captcha ? { captcha: booking.captcha } : {}),
  });
  if (!request.wantsHtml) {
    return json(201, createdBookingView(config, booking, result.manageToken, result.manageUrl));
  }
  if (request.body.next) return redirect(request.body.next, 303);
  const page = bookingPage(config, {
    heading: 'Your appointment is booked',
    booking,
    manageUrl: result.manageUrl,
    calendarUrl: calendarUrlFor(request, booking.id, result.manageToken),
    window: changeWindow(config.scheduling, booking, request.now),
  });
  return html(200, page);
}

export function presentCancellation(
  config: ClinicConfig,
  request: RequestFacts,
  { booking, changed }: BookingChange,
): HttpResponse {
  // Cancelling again answers the same booking; only a cancellation made now is counted.
  if (changed) recordMetric(METRICS.names.bookingCancelled);
  logger.info('booking', {
    outcome: changed ? 'cancelled' : 'already-cancelled',
    bookingId: booking.id,
    sequence: booking.sequence,
  });
  if (!request.wantsHtml) return json(200, bookingView(config, booking));
  return html(200, bookingPage(config, { heading: 'Your appointment is cancelled', booking }));
}

export function presentReschedule(
  config: ClinicConfig,
  request: RequestFacts & { readonly body: RescheduleBookingInput },
  { booking, changed }: BookingChange,
): HttpResponse {
  // Moving to the same time writes nothing: only a real move is counted.
  if (changed) recordMetric(METRICS.names.bookingRescheduled);
  logger.info('booking', {
    outcome: changed ? 'rescheduled' : 'unchanged',
    bookingId: booking.id,
    providerId: booking.providerId,
    sequence: booking.sequence,
  });
  if (!request.wantsHtml) return json(200, bookingView(config, booking));
  const { token } = request.body;
  const page = bookingPage(config, {
    heading: 'Your appointment has been moved',
    booking,
    manageUrl: requestContext(config, request).manageUrl(booking.id, token),
    calendarUrl: calendarUrlFor(request, booking.id, token),
    window: changeWindow(config.scheduling, booking, request.now),
  });
  return html(200, page);
}

/** How many open times the manage page offers to move to; a JSON answer needs none. */
export function manageChoicesFor(request: RequestFacts): number {
  return request.wantsHtml ? 8 : 0;
}

/** The booking as JSON, or the manage page (forms to cancel and move) for a browser. */
export function presentManaged(
  config: ClinicConfig,
  request: RequestFacts & TokenQuery,
  managed: ManagedBooking,
): HttpResponse {
  const { booking } = managed;
  if (!request.wantsHtml) return json(200, bookingView(config, booking));
  // The use case only answers a booking for a presented token.
  const token = presentedToken(request) ?? '';
  const page = managePage(config, {
    booking,
    token,
    apiOrigin: apiOrigin(request),
    calendarUrl: calendarUrlFor(request, booking.id, token),
    changeable: managed.changeable,
    cancellable: managed.cancellable,
    window: managed.window,
    choices: managed.choices,
  });
  return html(200, page, { 'content-security-policy': HTML_CSP_WITH_FORMS });
}

/** One page for any wrong id or token, as the JSON 404 is one answer: with the clinic's phone. */
export const manageLinkProblemPages: ProblemPresentation = {
  problemPage: (problem) =>
    problem.code === 'not_found' ? html(404, notFoundPage(clinicConfig())) : undefined,
};

/** The booking's current iCalendar, as a download. */
export function presentCalendar(
  config: ClinicConfig,
  request: RequestFacts & TokenQuery,
  booking: Booking,
): HttpResponse {
  const token = presentedToken(request) ?? '';
  const manageUrl = requestContext(config, request).manageUrl(booking.id, token);
  // A file to add (PUBLISH), stating the change deadlines as they stand now.
  const window = changeWindow(config.scheduling, booking, request.now);
  const ics = bookingCalendar(config, { ...booking, manageUrl, window }, 'PUBLISH');
  const response = text(200, ics, 'text/calendar; charset=utf-8');
  response.headers['content-disposition'] = 'attachment; filename="appointment.ics"';
  return response;
}
