// GET /v1/providers through the local gateway: the clinicians from the config in use, cacheable,
// with CORS for the clinic's own origins like the other public reads.
import { describe, expect, it } from 'vitest';
import { providerList } from '../../../shared/core/scheduling/provider-list.ts';
import { api, clinicConfigInUse } from '../support/index.ts';

const config = clinicConfigInUse();
const allowed = config.cors.allowedOrigins[0] as string;

describe('GET /v1/providers', () => {
  it('lists each provider with the types they offer, cacheable for five minutes', async () => {
    const response = await api('/v1/providers');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const body = response.json<{ providers: { id: string; name: string; appointmentTypes: string[] }[] }>();
    expect(body).toStrictEqual(providerList(config));
    expect(body.providers.map((p) => p.id)).toEqual(config.scheduling.providers.map((p) => p.id));
    for (const provider of body.providers) expect(provider.appointmentTypes.length).toBeGreaterThan(0);
  });

  it('answers an allowed origin with CORS headers and a foreign one without', async () => {
    const ok = await api('/v1/providers', { origin: allowed });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
    const foreign = await api('/v1/providers', { origin: 'https://elsewhere.example' });
    expect(foreign.status).toBe(200);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is listed in the OpenAPI document with its answer', async () => {
    const document = (await api('/v1/openapi.json')).json<{
      paths: Record<string, { get?: { operationId: string; responses: Record<string, unknown> } }>;
    }>();
    expect(document.paths['/v1/providers']?.get?.operationId).toBe('listProviders');
    expect(Object.keys(document.paths['/v1/providers']?.get?.responses ?? {})).toContain('200');
  });
});
