// GET /v1/availability?type=&from=&to=[&provider=]: the open slots of a type between two local dates.
import { dynamoDb } from '../shared/aws/dynamodb.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { requireEnv } from '../shared/env.ts';
import { json } from '../shared/http/responses.ts';
import { httpRoute } from '../shared/http/route.ts';
import { availabilityQuerySchema } from '../shared/scheduling/api.ts';
import { findAvailability } from '../shared/scheduling/availability.ts';
import { loadBusyBookings } from '../shared/scheduling/busy.ts';

const config = clinicConfig();
const tableName = requireEnv('TABLE_NAME');
const loadBusy = (from: Date, to: Date) => loadBusyBookings(dynamoDb, tableName, from, to, config);

export const handler = httpRoute({
  query: availabilityQuerySchema,
  handler: async ({ query, now }) => json(200, await findAvailability(config, loadBusy, query, now)),
});
