// GET /v1/staff/bookings/{id}: one booking with its history and messages; the read is audited.
import { presentStaffBooking } from '../shared/adapters/http/presenters/staff-bookings.ts';
import { staffGetBookingRoute } from '../shared/adapters/http/routes/staff-get-booking.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { staffBookingDeps } from '../shared/adapters/http/staff-bookings.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { readBooking } from '../shared/app/staff/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = staffBookingDeps(config);

export const handler = staffRoute(staffGetBookingRoute, async (request) =>
  presentStaffBooking(config, await readBooking(deps, request.params.id, await callerOf(request))),
);
