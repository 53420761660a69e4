// POST /v1/bookings/{id}/cancel: cancel a booking and free the provider's time in one transaction.

import { bookingDeps } from '../shared/adapters/http/booking-requests.ts';
import { bookingView } from '../shared/adapters/http/booking-views.ts';
import { bookingPage } from '../shared/adapters/http/pages/booking-pages.ts';
import { html, json } from '../shared/adapters/http/responses.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { cancelBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { BOOKING_FIELD_LABELS, cancelBookingBody } from '../shared/core/scheduling/booking-schemas.ts';
import { logger } from '../shared/platform/logger.ts';
import { METRICS, recordMetric } from '../shared/platform/metrics.ts';

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
