// POST /v1/bookings/{id}/cancel: cancel a booking and free the provider's time in one transaction.
import { clinicConfig } from '../shared/config/runtime.ts';
import { html, json } from '../shared/http/responses.ts';
import { httpRoute } from '../shared/http/route.ts';
import { logger } from '../shared/logger.ts';
import { METRICS, recordMetric } from '../shared/metrics.ts';
import { bookingDeps } from '../shared/scheduling/bookings/http.ts';
import { bookingPage } from '../shared/scheduling/bookings/pages.ts';
import { BOOKING_FIELD_LABELS, cancelBookingBody } from '../shared/scheduling/bookings/schemas.ts';
import { cancelBooking } from '../shared/scheduling/bookings/service.ts';
import { bookingView } from '../shared/scheduling/bookings/views.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute({
  body: cancelBookingBody,
  idempotent: true,
  fieldLabels: BOOKING_FIELD_LABELS,
  handler: async (request) => {
    const booking = await cancelBooking(deps, request.params.id ?? '', request.body, { now: request.now });
    // Cancelling again answers the same booking; only a cancellation made now is counted.
    const cancelledNow = booking.cancelledAt?.getTime() === request.now.getTime();
    if (cancelledNow) recordMetric(METRICS.names.bookingCancelled);
    logger.info('booking', {
      outcome: cancelledNow ? 'cancelled' : 'already-cancelled',
      bookingId: booking.id,
      sequence: booking.sequence,
    });
    if (request.wantsHtml) {
      return html(200, bookingPage(config, { heading: 'Your appointment is cancelled', booking }));
    }
    return json(200, bookingView(config, booking));
  },
});
