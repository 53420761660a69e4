// POST /v1/bookings: book an appointment. Parse, check the time against the slot engine, claim the
// provider's time and store the booking in one transaction, answer; emails go out from the stream.
import { bookingDeps, requestContext } from '../shared/adapters/http/booking-requests.ts';
import { presentCreated, slotProblemPages } from '../shared/adapters/http/presenters/bookings.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { createBookingRoute } from '../shared/adapters/http/routes/create-booking.ts';
import { createBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute(
  createBookingRoute,
  async (request) =>
    presentCreated(config, request, await createBooking(deps, request.body, requestContext(config, request))),
  slotProblemPages(config),
);
