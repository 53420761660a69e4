// GET /v1/staff/bookings: the agenda of a range; the read is audited.
import { presentAgenda } from '../shared/adapters/http/presenters/staff-bookings.ts';
import { staffListBookingsRoute } from '../shared/adapters/http/routes/staff-list-bookings.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { staffBookingDeps } from '../shared/adapters/http/staff-bookings.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { listAgenda } from '../shared/app/staff/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = staffBookingDeps(config);

export const handler = staffRoute(staffListBookingsRoute, async (request) =>
  presentAgenda(config, await listAgenda(deps, request.query, await callerOf(request))),
);
