// GET /v1/health: liveness only; it calls no dependency.
// zod/mini: this function validates nothing, so its bundle should not carry classic zod for a doc.
import * as z from 'zod/mini';
import { defineRoute } from '../route-record.ts';

export const healthRoute = defineRoute({
  id: 'Health',
  method: 'GET',
  path: '/v1/health',
  entry: 'functions/health.ts',
  table: 'none',
  auth: 'public',
  request: () => ({}),
  responses: { 200: { description: 'The API is up', schema: z.object({ status: z.literal('ok') }) } },
  docs: {
    operationId: 'getHealth',
    summary: 'Liveness check',
    description: 'Answers as soon as the function runs; it calls no dependency.',
    tags: ['Platform'],
    problems: [],
  },
});
