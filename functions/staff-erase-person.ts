// POST /v1/staff/erasures: a person's leads and bookings erased on request, for admins; audited.
import { dynamoDb } from '../shared/adapters/dynamodb/client.ts';
import { presentErasure } from '../shared/adapters/http/presenters/erasures.ts';
import { staffErasePersonRoute } from '../shared/adapters/http/routes/staff-erase-person.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { erasureDeps } from '../shared/adapters/http/staff-erasures.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { erasePerson } from '../shared/app/staff/erasure.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { requireEnv } from '../shared/platform/env.ts';

const deps = erasureDeps(clinicConfig(), dynamoDb, requireEnv('TABLE_NAME'));

export const handler = staffRoute(staffErasePersonRoute, async (request) =>
  presentErasure(await erasePerson(deps, request.body, await callerOf(request))),
);
