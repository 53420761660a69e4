// The local gateway itself, over real HTTP, with a fixture handler that echoes the event it got.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_GATEWAY_PAYLOAD_BYTES, type RunningGateway, startGateway } from '../../local/gateway.ts';
import { REPOSITORY_ROOT } from '../../local/stack.ts';
import { corsPolicy } from '../../shared/adapters/http/cors.ts';

const ALLOWED = 'https://www.clinic.example';
let gateway: RunningGateway;
const failures: string[] = [];

interface Echo {
  event: APIGatewayProxyEventV2;
  context: { awsRequestId: string; functionName: string; remainingTimeInMillis: number };
}

beforeAll(async () => {
  gateway = await startGateway({
    routes: [
      {
        id: 'Echo',
        method: 'POST',
        path: '/echo/{id}',
        entry: 'test/integration/fixtures/echo-handler.ts',
        table: 'none',
        auth: 'public',
      },
      {
        id: 'EchoGet',
        method: 'GET',
        path: '/echo',
        entry: 'test/integration/fixtures/echo-handler.ts',
        table: 'none',
        auth: 'public',
      },
      {
        id: 'SlowInit',
        method: 'GET',
        path: '/slow-init',
        entry: 'test/integration/fixtures/slow-init-handler.ts',
        table: 'none',
        auth: 'public',
        timeoutSeconds: 1,
      },
      {
        id: 'Missing',
        method: 'GET',
        path: '/missing',
        entry: 'test/integration/fixtures/no-such-file.ts',
        table: 'none',
        auth: 'public',
      },
    ],
    cors: corsPolicy([ALLOWED]),
    rootDir: REPOSITORY_ROOT,
    port: 0,
    log: () => {},
    logError: (line) => failures.push(line),
  });
});

afterAll(() => gateway.close());

async function echo(path: string, init: RequestInit = {}): Promise<Echo> {
  const response = await fetch(`${gateway.url}${path}`, init);
  expect(response.status).toBe(200);
  return (await response.json()) as Echo;
}

describe('local gateway: a cold start', () => {
  it('does not count the module load against the timeout, as Lambda counts init apart (issue 10 stress run)', async () => {
    // The module takes 1.5 s to load and the route's timeout is 1 s: two requests during the load.
    const answers = await Promise.all([fetch(`${gateway.url}/slow-init`), fetch(`${gateway.url}/slow-init`)]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const { remainingTimeInMillis } = (await answer.json()) as { remainingTimeInMillis: number };
      expect(remainingTimeInMillis).toBeGreaterThan(0);
      expect(remainingTimeInMillis).toBeLessThanOrEqual(1_000);
    }
  });
});

describe('local gateway: requests become payload v2.0 events', () => {
  it('routes by method and path template, with decoded path parameters and the query', async () => {
    const { event, context } = await echo('/echo/a%20b?x=1&x=2&y=%C3%A9', { method: 'POST' });
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /echo/{id}');
    expect(event.rawPath).toBe('/echo/a%20b');
    expect(event.rawQueryString).toBe('x=1&x=2&y=%C3%A9');
    expect(event.queryStringParameters).toEqual({ x: '1,2', y: 'é' });
    expect(event.pathParameters).toEqual({ id: 'a b' });
    expect(event.requestContext.stage).toBe('$default');
    expect(event.requestContext.http.method).toBe('POST');
    expect(context.functionName).toBe('clinic-local-Echo');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.remainingTimeInMillis).toBeGreaterThan(0);
  });

  it('sends JSON as text and form posts base64-encoded, as API Gateway does', async () => {
    const json = await echo('/echo/1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Zoë"}',
    });
    expect(json.event.isBase64Encoded).toBe(false);
    expect(json.event.body).toBe('{"name":"Zoë"}');

    const form = await echo('/echo/1', {
      method: 'POST',
      body: new URLSearchParams({ name: 'Zoë', consent: 'on' }),
    });
    expect(form.event.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(form.event.isBase64Encoded).toBe(true);
    expect(Buffer.from(form.event.body as string, 'base64').toString()).toBe('name=Zo%C3%AB&consent=on');

    const data = new FormData();
    data.append('name', 'Zoë');
    const multipart = await echo('/echo/1', { method: 'POST', body: data });
    expect(multipart.event.isBase64Encoded).toBe(true);
    expect(Buffer.from(multipart.event.body as string, 'base64').toString()).toContain('Zoë');
  });

  it('reports a loopback caller at the first X-Forwarded-For entry, and at its socket otherwise', async () => {
    const named = await echo('/echo', { headers: { 'x-forwarded-for': '203.0.113.5, 10.0.0.1' } });
    expect(named.event.requestContext.http.sourceIp).toBe('203.0.113.5');
    const plain = await echo('/echo');
    expect(plain.event.requestContext.http.sourceIp).toBe('127.0.0.1');
  });

  it('lower-cases headers and hands cookies over separately', async () => {
    const { event } = await echo('/echo', { headers: { 'X-Booking-Token': 'tok', Cookie: 'a=1; b=2' } });
    expect(event.headers['x-booking-token']).toBe('tok');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
  });
});

describe('local gateway: results become HTTP answers', () => {
  it('writes cookies as Set-Cookie and decodes base64 bodies', async () => {
    const cookies = await fetch(`${gateway.url}/echo?mode=cookies`);
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    const binary = await fetch(`${gateway.url}/echo?mode=binary`);
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('infers a 200 JSON answer from a plain object result', async () => {
    const response = await fetch(`${gateway.url}/echo?mode=plain`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it("answers API Gateway's bare 500 when the function throws, and logs no error message", async () => {
    const response = await fetch(`${gateway.url}/echo?mode=throw`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    expect(failures.at(-1)).toContain('EchoGet failed');
    expect(failures.join('\n')).not.toContain('asked to fail');
  });

  it('answers 500 when a route module cannot be loaded, and keeps serving the other routes', async () => {
    expect((await fetch(`${gateway.url}/missing`)).status).toBe(500);
    expect(failures.at(-1)).toContain('cannot load test/integration/fixtures/no-such-file.ts');
    expect((await fetch(`${gateway.url}/echo`)).status).toBe(200);
  });

  it('answers an unknown path, and a known path with another method, with a 404 problem document', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['DELETE', '/echo'],
      ['GET', '/echo/1'],
    ] as const) {
      const response = await fetch(`${gateway.url}${path}`, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(await response.json()).toMatchObject({ status: 404, code: 'not_found' });
    }
  });

  it('refuses a body over 10 MB with 413 before any function runs', async () => {
    const before = failures.length;
    const response = await fetch(`${gateway.url}/echo/1`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(MAX_GATEWAY_PAYLOAD_BYTES + 1),
    });
    expect(response.status).toBe(413);
    expect(failures.length).toBe(before);
  });
});

describe('local gateway: CORS from the config', () => {
  it('adds allow-origin, expose-headers and vary for an allowed origin, replacing what the function set', async () => {
    const response = await fetch(`${gateway.url}/echo?mode=binary`, { headers: { origin: ALLOWED } });
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-expose-headers')).toBe('retry-after');
    expect(response.headers.get('vary')).toBe('origin');
  });

  it('gives no CORS headers to other origins, even when the function set some', async () => {
    const response = await fetch(`${gateway.url}/echo?mode=binary`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
