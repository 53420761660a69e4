// GET /staff/…: the built console served with its content types, caching and CSP, and its config.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../../console/build.ts';
import {
  type ConsoleAssets,
  consoleAssets,
  consoleCsp,
} from '../../../shared/adapters/http/console-assets.ts';

const config = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Example',
  clientId: 'client123',
  endpoint: 'https://cognito-idp.eu-west-1.amazonaws.com',
};

let assets: ConsoleAssets;
let files: Awaited<ReturnType<typeof buildConsole>>;

beforeAll(async () => {
  files = await buildConsole();
  assets = consoleAssets(files, config);
});

const get = (path: string, ifNoneMatch?: string) => assets.answer({ method: 'GET', path, ifNoneMatch });

describe('GET /staff/', () => {
  it('answers index.html, not cached without asking, naming the hashed script and styles', () => {
    const answer = get('/staff/');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['Cache-Control']).toBe('no-cache');
    expect(answer.body).toMatch(/<script type="module" src="\/staff\/app\.[0-9a-f]{10}\.js"><\/script>/);
    expect(answer.body).toMatch(/<link rel="stylesheet" href="\/staff\/styles\.[0-9a-f]{10}\.css">/);
  });

  it('has no inline script or style for the CSP to allow', () => {
    const html = get('/staff/').body;
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('sends the strict CSP, whose only outside origin is the Cognito endpoint', () => {
    expect(get('/staff/').headers['Content-Security-Policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(consoleCsp('http://127.0.0.1:9229/')).toContain("connect-src 'self' http://127.0.0.1:9229;");
  });

  it('serves the hashed files with their types, cached for a year', () => {
    const script = files.find((f) => f.path.endsWith('.js'));
    const styles = files.find((f) => f.path.endsWith('.css'));
    const js = get(`/staff/${script?.path}`);
    expect(js.statusCode).toBe(200);
    expect(js.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['X-Content-Type-Options']).toBe('nosniff');
    const css = get(`/staff/${styles?.path}`);
    expect(css.headers['Content-Type']).toBe('text/css; charset=utf-8');
  });

  it('never writes tokens to web storage and never parses markup from strings', () => {
    const script = files.find((f) => f.path.endsWith('.js'))?.body ?? '';
    expect(script).not.toMatch(
      /localStorage|sessionStorage|innerHTML|outerHTML|insertAdjacentHTML|document\.write/,
    );
  });

  it('answers GET /staff/config.json from the deployment’s user pool', () => {
    const answer = get('/staff/config.json');
    expect(answer.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['Cache-Control']).toBe('no-cache');
    expect(JSON.parse(answer.body)).toEqual(config);
  });

  it('answers 304 to a revalidation of an unchanged file', () => {
    const first = get('/staff/');
    const again = get('/staff/', first.headers.ETag);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers /staff as /staff/ (no redirect to loop) and 404 for a file it does not have', () => {
    // The same page as /staff/, its files linked absolutely: no redirect that could loop.
    expect(get('/staff').statusCode).toBe(200);
    expect(get('/staff').body).toBe(get('/staff/').body);
    expect(get('/staff/').body).toMatch(/src="\/staff\/app\.[0-9a-f]{10}\.js"/);
    expect(get('/staff/app.js').statusCode).toBe(404);
    expect(get('/staff/../package.json').statusCode).toBe(404);
  });

  it('refuses a config without a user pool', () => {
    expect(() => consoleAssets(files, { ...config, clientId: '' })).toThrow(/clientId/);
  });
});
