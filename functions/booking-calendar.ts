// GET /v1/bookings/{id}/calendar.ics: the booking's current iCalendar, for its patient.

import { bookingDeps, presentedToken, requestContext } from '../shared/adapters/http/booking-requests.ts';
import { text } from '../shared/adapters/http/responses.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { findBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { bookingCalendar, calendarMethodOf } from '../shared/core/messages/calendar.ts';
import { bookingTokenQuery } from '../shared/core/scheduling/booking-schemas.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute({
  query: bookingTokenQuery,
  handler: async (request) => {
    const token = presentedToken(request);
    const booking = await findBooking(deps, request.params.id ?? '', token);
    const ics = bookingCalendar(
      config,
      { ...booking, manageUrl: requestContext(config, request).manageUrl(booking.id, token as string) },
      calendarMethodOf(booking.status),
    );
    const response = text(200, ics, 'text/calendar; charset=utf-8');
    response.headers['content-disposition'] = 'attachment; filename="appointment.ics"';
    return response;
  },
});
