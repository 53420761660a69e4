// POST /v1/bookings/{id}/reschedule: move a booking to another open slot in one transaction.
import { clinicConfig } from '../shared/config/runtime.ts';
import { html, json } from '../shared/http/responses.ts';
import { httpRoute } from '../shared/http/route.ts';
import { logger } from '../shared/logger.ts';
import { METRICS, recordMetric } from '../shared/metrics.ts';
import { bookingDeps, calendarUrlFor, requestContext } from '../shared/scheduling/bookings/http.ts';
import { alternativesHtml, bookingPage } from '../shared/scheduling/bookings/pages.ts';
import { BOOKING_FIELD_LABELS, rescheduleBookingBody } from '../shared/scheduling/bookings/schemas.ts';
import { rescheduleBooking } from '../shared/scheduling/bookings/service.ts';
import { bookingView } from '../shared/scheduling/bookings/views.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute({
  body: rescheduleBookingBody,
  idempotent: true,
  fieldLabels: BOOKING_FIELD_LABELS,
  problemHtml: alternativesHtml(config),
  handler: async (request) => {
    const context = requestContext(config, request);
    const booking = await rescheduleBooking(deps, request.params.id ?? '', request.body, context);
    // Moving to the same time writes nothing: only a real move is counted.
    if (booking.updatedAt.getTime() === request.now.getTime()) recordMetric(METRICS.names.bookingRescheduled);
    logger.info('booking', {
      outcome: 'rescheduled',
      bookingId: booking.id,
      providerId: booking.providerId,
      sequence: booking.sequence,
    });
    if (request.wantsHtml) {
      return html(
        200,
        bookingPage(config, {
          heading: 'Your appointment has been moved',
          booking,
          manageUrl: context.manageUrl(booking.id, request.body.token),
          calendarUrl: calendarUrlFor(request, booking.id, request.body.token),
        }),
      );
    }
    return json(200, bookingView(config, booking));
  },
});
