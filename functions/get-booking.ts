// GET /v1/bookings/{id}: a booking, for the patient holding its manage token. A browser following
// the manage link gets a page to see, cancel or move the appointment instead of the JSON.
import { bookingDeps, presentedToken } from '../shared/adapters/http/booking-requests.ts';
import {
  manageChoicesFor,
  manageLinkProblemPages,
  presentManaged,
} from '../shared/adapters/http/presenters/bookings.ts';
import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { getBookingRoute } from '../shared/adapters/http/routes/get-booking.ts';
import { manageBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute(
  getBookingRoute,
  async (request) => {
    const options = { now: request.now, choices: manageChoicesFor(request) };
    const managed = await manageBooking(deps, request.params.id, presentedToken(request), options);
    return presentManaged(config, request, managed);
  },
  manageLinkProblemPages,
);
