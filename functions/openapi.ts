// GET /v1/openapi.json: the OpenAPI 3.1 document, built from the route records for this clinic
// (at synth for a deployed bundle: shared/adapters/http/openapi/served.ts).
import { openApiDocument } from '#openapi-document';
import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { json } from '../shared/adapters/http/responses.ts';
import { openApiRoute } from '../shared/adapters/http/routes/openapi.ts';
import { optionalEnv } from '../shared/platform/env.ts';

// Once per container: the document depends only on the code, the deployed config and the address.
const document = openApiDocument(optionalEnv('API_BASE_URL'));

export const handler = httpRoute(openApiRoute, async () =>
  json(200, document, { 'cache-control': 'public, max-age=300' }),
);
