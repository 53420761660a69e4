// POST /v1/staff/bookings/{id}/reschedule: move whatever the cut-off, same engine; audited.
import { presentStaffChange } from '../shared/adapters/http/presenters/staff-bookings.ts';
import { staffRescheduleBookingRoute } from '../shared/adapters/http/routes/staff-reschedule-booking.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { staffBookingDeps } from '../shared/adapters/http/staff-bookings.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { rescheduleForCaller } from '../shared/app/staff/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = staffBookingDeps(config);

export const handler = staffRoute(staffRescheduleBookingRoute, async (request) =>
  presentStaffChange(
    config,
    'rescheduled',
    await rescheduleForCaller(deps, request.params.id, request.body, await callerOf(request)),
  ),
);
