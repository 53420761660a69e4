// POST /v1/staff/bookings: book for a caller through the patient's engine; audited.
import { presentStaffChange } from '../shared/adapters/http/presenters/staff-bookings.ts';
import { staffCreateBookingRoute } from '../shared/adapters/http/routes/staff-create-booking.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { manageLinkOf, staffBookingDeps } from '../shared/adapters/http/staff-bookings.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { bookForCaller } from '../shared/app/staff/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = staffBookingDeps(config);

export const handler = staffRoute(staffCreateBookingRoute, async (request) =>
  presentStaffChange(
    config,
    'created',
    await bookForCaller(deps, request.body, await callerOf(request), manageLinkOf(config, request)),
  ),
);
