// GET /v1/bookings/{id}/calendar.ics: the booking's current iCalendar, for its patient.
import { bookingDeps, presentedToken } from '../shared/adapters/http/booking-requests.ts';
import { presentCalendar } from '../shared/adapters/http/presenters/bookings.ts';
import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { getBookingCalendarRoute } from '../shared/adapters/http/routes/booking-calendar.ts';
import { findBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute(getBookingCalendarRoute, async (request) =>
  presentCalendar(config, request, await findBooking(deps, request.params.id, presentedToken(request))),
);
