// GET /v1/health: liveness only; it calls no dependency.

import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { json } from '../shared/adapters/http/responses.ts';
import { healthRoute } from '../shared/adapters/http/routes/health.ts';

export const handler = httpRoute(healthRoute, async () =>
  json(200, { status: 'ok' }, { 'cache-control': 'no-cache' }),
);
