// GET /s/{code}: a reminder text's short link, redirected to the booking's confirm page.

import { dynamoDb } from '../shared/adapters/dynamodb/client.ts';
import { DynamoShortLinkStore } from '../shared/adapters/dynamodb/short-link-store.ts';
import { manageLinkProblemPages } from '../shared/adapters/http/presenters/bookings.ts';
import { presentShortLink } from '../shared/adapters/http/presenters/short-links.ts';
import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { shortLinkRoute } from '../shared/adapters/http/routes/short-link.ts';
import { resolveShortLink } from '../shared/app/reminders/run-reminders.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { requireEnv } from '../shared/platform/env.ts';

const config = clinicConfig();
const store = new DynamoShortLinkStore(dynamoDb, requireEnv('TABLE_NAME'));

export const handler = httpRoute(
  shortLinkRoute,
  async (request) =>
    presentShortLink(config, request, await resolveShortLink(store, request.params.code, request.now)),
  manageLinkProblemPages,
);
