// POST /v1/bookings/{id}/reschedule: move a booking to another open slot in one transaction.
import { bookingDeps, requestContext } from '../shared/adapters/http/booking-requests.ts';
import { presentReschedule, slotProblemPages } from '../shared/adapters/http/presenters/bookings.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { rescheduleBookingRoute } from '../shared/adapters/http/routes/reschedule-booking.ts';
import { rescheduleBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute(
  rescheduleBookingRoute,
  async (request) => {
    const change = await rescheduleBooking(
      deps,
      request.params.id,
      request.body,
      requestContext(config, request),
    );
    return presentReschedule(config, request, change);
  },
  slotProblemPages(config),
);
