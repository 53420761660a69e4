// GET /v1/bookings/{id}: a booking, for the patient holding its manage token.
import { clinicConfig } from '../shared/config/runtime.ts';
import { json } from '../shared/http/responses.ts';
import { httpRoute } from '../shared/http/route.ts';
import { bookingDeps, presentedToken } from '../shared/scheduling/bookings/http.ts';
import { bookingTokenQuery } from '../shared/scheduling/bookings/schemas.ts';
import { findBooking } from '../shared/scheduling/bookings/service.ts';
import { bookingView } from '../shared/scheduling/bookings/views.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute({
  query: bookingTokenQuery,
  handler: async (request) => {
    const booking = await findBooking(deps, request.params.id ?? '', presentedToken(request));
    return json(200, bookingView(config, booking));
  },
});
