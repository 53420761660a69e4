// The OpenAPI document, built at synth for the OpenApi function's bundle: a module exporting the
// same `openApiDocument(serverUrl)` as shared/adapters/http/openapi/served.ts, with the document
// as a literal. The API's address is only known at deploy time, so `servers` is added at run time,
// where buildOpenApiDocument puts it (after `info`).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../../shared/adapters/http/openapi/document.ts';
import { API_VERSION } from '../../shared/adapters/http/openapi/served.ts';
import { ROUTES } from '../../shared/adapters/http/routes/index.ts';
import type { ClinicConfig } from '../../shared/core/config/schema.ts';
import { REPOSITORY_ROOT } from './config.ts';

/** The import the OpenApi function's bundle resolves to the module written here. */
export const OPENAPI_DOCUMENT_IMPORT = '#openapi-document';

export function openApiDocumentModule(config: ClinicConfig): string {
  const document = buildOpenApiDocument(ROUTES, config, { version: API_VERSION });
  const text = [
    `const document = ${JSON.stringify(document)};`,
    'export function openApiDocument(serverUrl) {',
    '  if (!serverUrl) return document;',
    '  const { openapi, info, ...rest } = document;',
    '  return { openapi, info, servers: [{ url: serverUrl }], ...rest };',
    '}',
    '',
  ].join('\n');
  const dir = join(REPOSITORY_ROOT, 'node_modules', '.cache', 'clinic-front-door');
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `openapi-document-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`,
  );
  writeFileSync(file, text);
  return file;
}
