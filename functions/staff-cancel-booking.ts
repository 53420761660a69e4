// POST /v1/staff/bookings/{id}/cancel: cancel whatever the cut-off; audited.
import { presentStaffChange } from '../shared/adapters/http/presenters/staff-bookings.ts';
import { staffCancelBookingRoute } from '../shared/adapters/http/routes/staff-cancel-booking.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { staffBookingDeps } from '../shared/adapters/http/staff-bookings.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { cancelForCaller } from '../shared/app/staff/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = staffBookingDeps(config);

export const handler = staffRoute(staffCancelBookingRoute, async (request) =>
  presentStaffChange(
    config,
    'cancelled',
    await cancelForCaller(deps, request.params.id, request.body, await callerOf(request)),
  ),
);
