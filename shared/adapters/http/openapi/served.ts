// The document GET /v1/openapi.json serves. Run from source (the local stack, the tests) it is
// built here from the route records; a deployed bundle imports `#openapi-document` aliased to the
// same document built at synth (infra/support/openapi-document.ts), so it carries neither the
// route records nor zod's JSON Schema conversion, and its init builds nothing.
import { clinicConfig } from '../../../config/runtime.ts';
import { ROUTES } from '../routes/index.ts';
import { buildOpenApiDocument } from './document.ts';

/** The API's version in the document's `info`. */
export const API_VERSION = '1.0.0';

export function openApiDocument(serverUrl: string | undefined): Record<string, unknown> {
  return buildOpenApiDocument(ROUTES, clinicConfig(), { version: API_VERSION, serverUrl });
}
