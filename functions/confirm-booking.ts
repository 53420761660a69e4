// POST /v1/bookings/{id}/confirm: the patient confirms they will attend (the button behind a
// reminder's confirm link).
import { bookingDeps } from '../shared/adapters/http/booking-requests.ts';
import { presentConfirmation } from '../shared/adapters/http/presenters/booking-confirmation.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { confirmBookingRoute } from '../shared/adapters/http/routes/confirm-booking.ts';
import { confirmBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute(confirmBookingRoute, async (request) =>
  presentConfirmation(config, request, await confirmBooking(deps, request.params.id, request.body, request)),
);
