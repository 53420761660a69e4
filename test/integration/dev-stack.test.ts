import { describe, expect, it } from 'vitest';
import { api } from './support/index.ts';

describe('the local stack', () => {
  it('answers GET /v1/health through the gateway', async () => {
    const response = await api('/v1/health');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});
