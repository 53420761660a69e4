// GET /v1/openapi.json: this API's OpenAPI 3.1 document, built from the route records.
// zod/mini: this function validates nothing, so its bundle should not carry classic zod for a doc.
import * as z from 'zod/mini';
import { defineRoute } from '../route-record.ts';

export const openApiRoute = defineRoute({
  id: 'OpenApi',
  method: 'GET',
  path: '/v1/openapi.json',
  entry: 'functions/openapi.ts',
  table: 'none',
  auth: 'public',
  request: () => ({}),
  responses: {
    200: { description: 'The OpenAPI document', schema: z.looseObject({ openapi: z.string() }) },
  },
  docs: {
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    description:
      "Built from the same records and schemas the functions validate with, for this clinic's configuration (its custom form fields included).",
    tags: ['Platform'],
    problems: [],
  },
});
