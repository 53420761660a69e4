// POST /v1/bookings/{id}/cancel: cancel a booking and free the provider's time in one transaction.
import { bookingDeps } from '../shared/adapters/http/booking-requests.ts';
import { presentCancellation } from '../shared/adapters/http/presenters/bookings.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { cancelBookingRoute } from '../shared/adapters/http/routes/cancel-booking.ts';
import { cancelBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute(cancelBookingRoute, async (request) =>
  presentCancellation(config, request, await cancelBooking(deps, request.params.id, request.body, request)),
);
