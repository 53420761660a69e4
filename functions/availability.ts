// GET /v1/availability?type=&from=&to=[&provider=]: the open slots of a type between two local dates.
import { loadBusyBookings } from '../shared/adapters/dynamodb/busy.ts';
import { dynamoDb } from '../shared/adapters/dynamodb/client.ts';
import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { json } from '../shared/adapters/http/responses.ts';
import { getAvailabilityRoute } from '../shared/adapters/http/routes/availability.ts';
import { findAvailability } from '../shared/app/scheduling/find-availability.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { requireEnv } from '../shared/platform/env.ts';

const config = clinicConfig();
const tableName = requireEnv('TABLE_NAME');
const loadBusy = (from: Date, to: Date) => loadBusyBookings(dynamoDb, tableName, from, to, config);

export const handler = httpRoute(getAvailabilityRoute, async ({ query, now }) =>
  json(200, await findAvailability(config, loadBusy, query, now)),
);
