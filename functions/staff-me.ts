// GET /v1/staff/me: the signed-in staff member, as the console shows them.
import { json } from '../shared/adapters/http/responses.ts';
import { staffMeRoute } from '../shared/adapters/http/routes/staff-me.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';

export const handler = staffRoute(staffMeRoute, async ({ staff }) =>
  json(200, { sub: staff.sub, email: await staff.email(), groups: staff.groups }),
);
