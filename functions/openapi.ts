// GET /v1/openapi.json: the OpenAPI 3.1 document, built from the route records for this clinic
// (at synth for a deployed bundle: shared/adapters/http/openapi/served.ts).
import { openApiDocument } from '#openapi-document';
import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { JSON_TYPE, text } from '../shared/adapters/http/responses.ts';
import { openApiRoute } from '../shared/adapters/http/routes/openapi.ts';
import { optionalEnv } from '../shared/platform/env.ts';

// Once per container, serialised too (~120 KB): the document depends only on the code, the deployed
// config and the address.
const body = JSON.stringify(openApiDocument(optionalEnv('API_BASE_URL')));

export const handler = httpRoute(openApiRoute, async () =>
  text(200, body, JSON_TYPE, { 'cache-control': 'public, max-age=300' }),
);
