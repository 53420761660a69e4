// GET /v1/openapi.json: the OpenAPI 3.1 document, generated from the routes' zod schemas.
import { buildOpenApiDocument } from '../shared/adapters/http/openapi/document.ts';
import { OPERATIONS } from '../shared/adapters/http/openapi/operations.ts';
import { json } from '../shared/adapters/http/responses.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { optionalEnv } from '../shared/platform/env.ts';

// Built once per container: the document depends only on the code and the deploy.
const document = buildOpenApiDocument(OPERATIONS, {
  title: `${clinicConfig().clinic.name} — website API`,
  version: '1.0.0',
  serverUrl: optionalEnv('API_BASE_URL'),
});

export const handler = httpRoute({
  handler: async () => json(200, document, { 'cache-control': 'public, max-age=300' }),
});
