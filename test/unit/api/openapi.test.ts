import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../shared/adapters/http/openapi/document.ts';
import { OPERATIONS } from '../../../shared/adapters/http/openapi/operations.ts';
import { ROUTES } from '../../../shared/adapters/http/routes.ts';

const document = buildOpenApiDocument(OPERATIONS, {
  title: 'Test clinic',
  version: '1.0.0',
  serverUrl: 'https://api.example',
});

describe('GET /v1/openapi.json document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    // structuredClone: the validator dereferences in place.
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every route in the route table, and nothing that is not routed', () => {
    const documented = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`).sort();
    const routed = ROUTES.map((route) => `${route.method} ${route.path}`).sort();
    expect(documented).toEqual(routed);
  });

  it('uses unique operation ids', () => {
    const ids = OPERATIONS.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('offers Idempotency-Key on every POST and problem answers with the API codes', () => {
    const paths = document.paths as Record<
      string,
      Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>
    >;
    for (const op of OPERATIONS) {
      const entry = paths[op.path]?.[op.method];
      expect(entry, `${op.method} ${op.path}`).toBeDefined();
      if (op.method === 'post') {
        expect(entry?.parameters?.map((p) => p.name)).toContain('Idempotency-Key');
      }
      expect(Object.keys(entry?.responses ?? {})).toContain('500');
    }
  });
});
