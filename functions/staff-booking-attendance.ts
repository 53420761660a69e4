// POST /v1/staff/bookings/{id}/attendance: attended or no-show, after the start; audited.
import { presentStaffChange } from '../shared/adapters/http/presenters/staff-bookings.ts';
import { staffBookingAttendanceRoute } from '../shared/adapters/http/routes/staff-booking-attendance.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { staffBookingDeps } from '../shared/adapters/http/staff-bookings.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { markAttendance } from '../shared/app/staff/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = staffBookingDeps(config);

export const handler = staffRoute(staffBookingAttendanceRoute, async (request) =>
  presentStaffChange(
    config,
    'attendance',
    await markAttendance(deps, request.params.id, request.body, await callerOf(request)),
  ),
);
