// The OpenAPI document as GET /v1/openapi.json serves it, built from the route records for the
// clinics that deploy (config/dev.json and config/prod.json): valid OpenAPI 3.1, clean under
// Spectral's `spectral:oas` ruleset, and saying what the routes really take and answer.
import { compileErrors, validate } from '@readme/openapi-parser';
import spectralCore from '@stoplight/spectral-core';
import * as parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../shared/adapters/http/openapi/document.ts';
import { API_TAGS } from '../../../shared/adapters/http/route-record.ts';
import { ROUTES } from '../../../shared/adapters/http/routes/index.ts';

import { loadClinicConfigFile } from '../../../shared/config/load.ts';

/** The API's operations: every route but the console's files, which the document leaves out. */
const DOCUMENTED = ROUTES.filter((route) => !route.docs.hidden);

const { Document, Spectral } = spectralCore;

type Operation = {
  operationId: string;
  tags: string[];
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};
type OpenApi = {
  openapi: string;
  info: { title: string; contact?: { name?: string; url?: string } };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

const STAGES = ['dev', 'prod'] as const;
const built = Object.fromEntries(
  STAGES.map((stage) => {
    const config = loadClinicConfigFile(`config/${stage}.json`);
    const document = buildOpenApiDocument(ROUTES, config, {
      version: '1.0.0',
      serverUrl: 'https://api.example',
    }) as unknown as OpenApi;
    return [stage, { config, document }];
  }),
) as Record<(typeof STAGES)[number], { config: ReturnType<typeof loadClinicConfigFile>; document: OpenApi }>;

const operation = (document: OpenApi, method: string, path: string) =>
  document.paths[path]?.[method.toLowerCase()] as Operation;

/** Every instant anywhere in the document (a `start` or `end`, or said to be RFC 3339), with its path. */
function instantsOf(schema: unknown, at = '$'): { at: string; node: Record<string, unknown> }[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const found = Object.entries(node).flatMap(([key, value]) => instantsOf(value, `${at}.${key}`));
  const name = at.split('.').at(-1) ?? '';
  const described = String(node.description ?? '');
  const instant = /\.properties\.(start|end)$/.test(at) || /RFC 3339/.test(described);
  if (node.type === 'string' && instant && name !== 'description') found.push({ at, node });
  return found;
}

describe.each(STAGES)('the OpenAPI document for config/%s.json', (stage) => {
  const { config, document } = built[stage];

  it('is a valid OpenAPI 3.1 document', async () => {
    // structuredClone: the validator dereferences in place.
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it("passes Spectral's spectral:oas ruleset with no error and no warning", async () => {
    const spectral = new Spectral();
    spectral.setRuleset(oas as never);
    const results = await spectral.run(new Document(JSON.stringify(document), parsers.Json));
    const findings = results
      .filter((result) => result.severity <= 1)
      .map((result) => `${result.code} at ${result.path.join('.')}: ${result.message}`);
    expect(findings).toEqual([]);
  });

  it('lists the clinic’s own form fields in the inquiry body', () => {
    const body = operation(document, 'POST', '/v1/inquiries').requestBody;
    for (const field of config.forms.customFields) {
      expect(body?.content['application/json']?.schema.properties, field.name).toHaveProperty(field.name);
    }
  });

  it('names the clinic, its contact and the global tags, with descriptions, that every operation uses', () => {
    expect(document.info.title).toBe(`${config.clinic.name} — website API`);
    expect(document.info.contact?.name).toBe(config.clinic.name);
    expect(document.tags).toEqual(
      Object.entries(API_TAGS).map(([name, description]) => ({ name, description })),
    );
    const names = document.tags.map((tag) => tag.name);
    for (const route of DOCUMENTED) {
      for (const tag of operation(document, route.method, route.path).tags) expect(names).toContain(tag);
    }
  });

  it('marks every instant as format date-time', () => {
    const instants = instantsOf(document);
    expect(instants.length).toBeGreaterThan(5);
    for (const { at, node } of instants) expect(node.format, at).toBe('date-time');
  });

  it('types the alternatives of a 409 slot_unavailable as an array of slots', () => {
    const problem = document.components.schemas.Problem as { properties: Record<string, unknown> };
    const alternatives = problem.properties.alternatives;
    expect(alternatives).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/Slot' } });
    expect(document.components.schemas.Slot).toMatchObject({
      type: 'object',
      required: ['start', 'end', 'providers'],
    });
  });

  it('declares the HTML answers: form posts’ pages and problem pages, and the manage page', () => {
    const html = (method: string, path: string, status: string) =>
      Object.keys(operation(document, method, path).responses[status]?.content ?? {});
    expect(html('POST', '/v1/inquiries', '200')).toContain('text/html');
    expect(html('POST', '/v1/inquiries', '400')).toEqual(['application/problem+json', 'text/html']);
    expect(html('POST', '/v1/bookings', '409')).toContain('text/html');
    expect(html('POST', '/v1/bookings/{id}/cancel', '200')).toEqual(['application/json', 'text/html']);
    expect(html('GET', '/v1/bookings/{id}', '200')).toEqual(['application/json', 'text/html']);
    expect(html('GET', '/v1/bookings/{id}', '404')).toEqual(['application/problem+json', 'text/html']);
    expect(html('GET', '/v1/bookings/{id}', '500')).toEqual(['application/problem+json']);
    expect(html('GET', '/v1/availability', '400')).toEqual(['application/problem+json']);
  });

  it('documents confirming attendance: the POST with its 409 codes and the page, confirmedAt, and smsConsent in both booking bodies', () => {
    const post = operation(document, 'POST', '/v1/bookings/{id}/confirm');
    expect(Object.keys(post.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual([
      'token',
    ]);
    expect(JSON.stringify(post.responses['409'])).toMatch(/booking_cancelled.*too_late_to_change/);
    expect(
      Object.keys(operation(document, 'GET', '/v1/bookings/{id}/confirm').responses['200']?.content ?? {}),
    ).toEqual(['application/json', 'text/html']);
    expect(
      JSON.stringify(operation(document, 'POST', '/v1/bookings/{id}/reschedule').responses['409']),
    ).toContain('booking_cancelled');
    const view = operation(document, 'GET', '/v1/bookings/{id}').responses['200']?.content?.[
      'application/json'
    ] as {
      schema: { properties: Record<string, unknown>; required?: string[] };
    };
    expect(view.schema.properties.confirmedAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(view.schema.required).not.toContain('confirmedAt');
    for (const path of ['/v1/bookings', '/v1/staff/bookings']) {
      const body = operation(document, 'POST', path).requestBody?.content['application/json']?.schema;
      expect(Object.keys(body?.properties ?? {}), path).toContain('smsConsent');
    }
    expect(document.components.schemas.Problem).toMatchObject({
      properties: { code: { enum: expect.arrayContaining(['booking_cancelled']) } },
    });
  });

  it('describes the booking id path parameter by its schema, a ULID', () => {
    const id = operation(document, 'GET', '/v1/bookings/{id}').parameters?.find((p) => p.in === 'path');
    expect(id).toMatchObject({ name: 'id', required: true, schema: { type: 'string' } });
    expect(String(id?.schema.pattern)).toContain('26');
  });
});

describe('the route records', () => {
  const { document } = built.dev;

  it('are documented each, and nothing that is not routed', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(DOCUMENTED.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('use unique ids, operation ids and entries', () => {
    for (const key of ['id', 'entry'] as const) {
      expect(new Set(ROUTES.map((route) => route[key])).size).toBe(ROUTES.length);
    }
    expect(new Set(ROUTES.map((route) => route.docs.operationId)).size).toBe(ROUTES.length);
  });

  it('need a staff token exactly under /v1/staff/, and declare the bearer scheme there', () => {
    for (const route of DOCUMENTED) {
      const staff = route.path.startsWith('/v1/staff/');
      expect(route.auth === 'public', route.id).toBe(!staff);
      const entry = operation(document, route.method, route.path) as { security?: unknown };
      expect(entry.security, route.id).toEqual(staff ? [{ staffAccessToken: [] }] : undefined);
    }
  });

  it('offer Idempotency-Key on every POST and problem answers with the API codes', () => {
    for (const route of DOCUMENTED) {
      const entry = operation(document, route.method, route.path);
      expect(entry, `${route.method} ${route.path}`).toBeDefined();
      if (route.method === 'POST') {
        expect(entry.parameters?.map((p) => p.name)).toContain('Idempotency-Key');
      }
      expect(Object.keys(entry.responses)).toContain('500');
    }
  });
});
