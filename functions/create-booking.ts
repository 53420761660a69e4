// POST /v1/bookings: book an appointment. Parse, take an attempt from the client's allowance, check
// the CAPTCHA, check the time against the slot engine, claim the provider's time and store the
// booking in one transaction, answer; emails go out from the stream.
import { onlineBookingDeps, requestContext } from '../shared/adapters/http/booking-requests.ts';
import { presentCreated, slotProblemPages } from '../shared/adapters/http/presenters/bookings.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { createBookingRoute } from '../shared/adapters/http/routes/create-booking.ts';
import { bookOnline } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = onlineBookingDeps(config);

export const handler = httpRoute(
  createBookingRoute,
  async (request) =>
    presentCreated(
      config,
      request,
      await bookOnline(deps, request.body, requestContext(config, request), request),
    ),
  slotProblemPages(config),
);
