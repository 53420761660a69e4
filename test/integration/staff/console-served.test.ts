// The staff console is served by the stack itself at /staff/ (API.md "The staff console"): its
// page with a strict CSP, its hashed files cached for good, and config.json naming the pool.
import { describe, expect, it } from 'vitest';
import { api, localStack } from '../support/index.ts';

describe('GET /staff/', () => {
  it('answers the console page with a CSP that allows no inline script and no origin but Cognito’s', async () => {
    const page = await api('/staff/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`connect-src 'self' ${new URL(localStack().staffPool.endpoint).origin}`);
    expect(page.text).toMatch(/<script type="module" src="\/staff\/app\.[0-9a-f]{10}\.js"><\/script>/);
    // The same page without the slash: no redirect that API Gateway's route matching could loop.
    expect((await api('/staff')).text).toBe(page.text);
  });

  it('serves the hashed script for good, and 304 for an ETag it already has', async () => {
    const page = await api('/staff/');
    const script = /src="(\/staff\/app\.[0-9a-f]{10}\.js)"/.exec(page.text)?.[1] as string;
    const first = await api(script);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await api(script, { headers: { 'if-none-match': first.headers.get('etag') as string } });
    expect(again.status).toBe(304);
    expect((await api('/staff/nothing-here.js')).status).toBe(404);
  });

  it('tells the console which user pool and client to sign in with', async () => {
    const { staffPool } = localStack();
    const config = await api('/staff/config.json');
    expect(config.json()).toEqual({
      region: staffPool.region,
      userPoolId: staffPool.userPoolId,
      clientId: staffPool.clientId,
      endpoint: staffPool.endpoint,
    });
  });
});
