// POST /v1/bookings/{id}/reschedule: move a booking to another open slot in one transaction.

import { bookingDeps, calendarUrlFor, requestContext } from '../shared/adapters/http/booking-requests.ts';
import { bookingView } from '../shared/adapters/http/booking-views.ts';
import { alternativesHtml, bookingPage } from '../shared/adapters/http/pages/booking-pages.ts';
import { html, json } from '../shared/adapters/http/responses.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { rescheduleBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { BOOKING_FIELD_LABELS, rescheduleBookingBody } from '../shared/core/scheduling/booking-schemas.ts';
import { logger } from '../shared/platform/logger.ts';
import { METRICS, recordMetric } from '../shared/platform/metrics.ts';

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
