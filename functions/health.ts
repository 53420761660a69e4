// GET /v1/health: liveness only; it calls no dependency.

import { json } from '../shared/adapters/http/responses.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';

export const handler = httpRoute({
  handler: async () => json(200, { status: 'ok' }, { 'cache-control': 'no-cache' }),
});
