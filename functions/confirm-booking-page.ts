// GET /v1/bookings/{id}/confirm: where a reminder's confirm link lands. A browser gets the
// appointment and one button that posts the confirmation; nothing changes on this GET.
import { bookingDeps, presentedToken } from '../shared/adapters/http/booking-requests.ts';
import { presentConfirmPage } from '../shared/adapters/http/presenters/booking-confirmation.ts';
import { manageLinkProblemPages } from '../shared/adapters/http/presenters/bookings.ts';
import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { confirmBookingPageRoute } from '../shared/adapters/http/routes/confirm-booking-page.ts';
import { findBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute(
  confirmBookingPageRoute,
  async (request) =>
    presentConfirmPage(config, request, await findBooking(deps, request.params.id, presentedToken(request))),
  manageLinkProblemPages,
);
