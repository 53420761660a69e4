// What a client fetches: GET /v1/openapi.json and GET /v1/health through the local gateway.
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../shared/adapters/http/routes/index.ts';
import { api, clinicConfigInUse, localStack } from '../support/index.ts';

describe('GET /v1/openapi.json', () => {
  it('serves a valid OpenAPI 3.1 document describing every route, cacheable, with this API as its server', async () => {
    const response = await api('/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const document = response.json<{
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, object>;
    }>();
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: localStack().apiUrl }]);
    // Every API operation; the console's files are not operations and are left out on purpose.
    for (const route of ROUTES.filter((r) => !r.docs.hidden)) {
      expect(document.paths[route.path], route.path).toHaveProperty(route.method.toLowerCase());
    }
  });

  it('is built from the clinic config that runs: its custom form fields are in the inquiry body', async () => {
    const config = clinicConfigInUse();
    expect(config.forms.customFields.map((field) => field.name)).toContain('insurance');
    const document = (await api('/v1/openapi.json')).json<{
      info: { title: string };
      paths: Record<string, { post?: { requestBody: { content: Record<string, { schema: object }> } } }>;
    }>();
    expect(document.info.title).toBe(`${config.clinic.name} — website API`);
    const body =
      document.paths['/v1/inquiries']?.post?.requestBody.content['application/x-www-form-urlencoded'];
    for (const field of config.forms.customFields) {
      expect(body?.schema, field.name).toHaveProperty(['properties', field.name]);
    }
  });
});

describe('GET /v1/health', () => {
  it('answers 200 {"status":"ok"} with the security headers and without no-store', async () => {
    const response = await api('/v1/health');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).not.toBe('no-store');
  });
});
