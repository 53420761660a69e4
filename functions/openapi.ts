// GET /v1/openapi.json: the OpenAPI 3.1 document, built from the route records for this clinic.
import { buildOpenApiDocument } from '../shared/adapters/http/openapi/document.ts';
import { json } from '../shared/adapters/http/responses.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { ROUTES } from '../shared/adapters/http/routes/index.ts';
import { openApiRoute } from '../shared/adapters/http/routes/openapi.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { optionalEnv } from '../shared/platform/env.ts';

// Built once per container: the document depends only on the code and the deployed config.
const document = buildOpenApiDocument(ROUTES, clinicConfig(), {
  version: '1.0.0',
  serverUrl: optionalEnv('API_BASE_URL'),
});

export const handler = httpRoute(openApiRoute, async () =>
  json(200, document, { 'cache-control': 'public, max-age=300' }),
);
