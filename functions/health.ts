// GET /v1/health: liveness only; it calls no dependency.
import { httpRoute } from '../shared/http/route.ts';
import { json } from '../shared/http/responses.ts';

export const handler = httpRoute({
  handler: async () => json(200, { status: 'ok' }, { 'cache-control': 'no-cache' }),
});
