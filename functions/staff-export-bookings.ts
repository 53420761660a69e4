// GET /v1/staff/exports/bookings.csv: the range's bookings as a spreadsheet; the export is audited.
import { presentBookingExport } from '../shared/adapters/http/presenters/staff-bookings.ts';
import { staffExportBookingsRoute } from '../shared/adapters/http/routes/staff-export-bookings.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { staffBookingDeps } from '../shared/adapters/http/staff-bookings.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { exportBookings } from '../shared/app/staff/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const deps = staffBookingDeps(clinicConfig());

export const handler = staffRoute(staffExportBookingsRoute, async (request) =>
  presentBookingExport(await exportBookings(deps, request.query, await callerOf(request))),
);
