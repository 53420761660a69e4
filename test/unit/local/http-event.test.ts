import { describe, expect, it } from 'vitest';
import {
  answerFromResult,
  buildHttpEvent,
  collectHeaders,
  gatewayMessage,
  type IncomingRequest,
  isTextBody,
  jwtAuthorizerContext,
  lambdaContext,
  parseQueryString,
  requestTime,
  resolveSourceIp,
} from '../../../local/http-event.ts';

const receivedAt = new Date('2026-11-24T17:19:37.123Z');

function request(overrides: Partial<IncomingRequest> = {}): IncomingRequest {
  return {
    method: 'GET',
    url: '/v1/health',
    rawHeaders: ['Host', '127.0.0.1:3000', 'User-Agent', 'test-agent/1.0'],
    peerAddress: '127.0.0.1',
    httpVersion: '1.1',
    body: undefined,
    receivedAt,
    ...overrides,
  };
}

const route = { routeKey: 'GET /v1/health', pathParameters: {} };

describe('resolveSourceIp', () => {
  it('takes the first X-Forwarded-For entry from a loopback peer, so a test can act as many clients', () => {
    expect(resolveSourceIp('127.0.0.1', '203.0.113.7, 10.0.0.1')).toBe('203.0.113.7');
    expect(resolveSourceIp('::1', '2001:db8::5')).toBe('2001:db8::5');
    expect(resolveSourceIp('::ffff:127.0.0.1', ' 198.51.100.2 ')).toBe('198.51.100.2');
  });

  it('ignores X-Forwarded-For from any other peer: a client cannot choose its own address', () => {
    expect(resolveSourceIp('192.0.2.10', '203.0.113.7')).toBe('192.0.2.10');
    expect(resolveSourceIp('::ffff:192.0.2.10', '203.0.113.7')).toBe('192.0.2.10');
  });

  it('uses the loopback peer itself when no X-Forwarded-For is sent', () => {
    expect(resolveSourceIp('127.0.0.1', undefined)).toBe('127.0.0.1');
    expect(resolveSourceIp('::ffff:127.0.0.1', '')).toBe('127.0.0.1');
  });
});

describe('collectHeaders', () => {
  it('lower-cases names and joins repeated headers with commas, as payload v2.0 does', () => {
    expect(
      collectHeaders([
        'Accept',
        'text/html',
        'X-Thing',
        'a',
        'x-thing',
        'b',
        'Content-Type',
        'application/json',
      ]),
    ).toEqual({
      accept: 'text/html',
      'x-thing': 'a,b',
      'content-type': 'application/json',
    });
  });
});

describe('parseQueryString', () => {
  it('decodes values and joins a repeated name with commas', () => {
    expect(parseQueryString('type=new-patient&from=2026-12-01&p=a&p=b%20c&q=x%2By')).toEqual({
      type: 'new-patient',
      from: '2026-12-01',
      p: 'a,b c',
      q: 'x+y',
    });
  });

  it('is absent for an empty query', () => {
    expect(parseQueryString('')).toBeUndefined();
  });
});

describe('isTextBody', () => {
  it('treats JSON and text as text, and forms and anything else as binary (base64)', () => {
    expect(isTextBody('application/json; charset=utf-8')).toBe(true);
    expect(isTextBody('application/problem+json')).toBe(true);
    expect(isTextBody('text/plain')).toBe(true);
    expect(isTextBody('application/x-www-form-urlencoded')).toBe(false);
    expect(isTextBody('multipart/form-data; boundary=x')).toBe(false);
    expect(isTextBody('application/octet-stream')).toBe(false);
    expect(isTextBody(undefined)).toBe(false);
  });
});

describe('requestTime', () => {
  it('formats like requestContext.time', () => {
    expect(requestTime(new Date('2026-03-05T07:08:09Z'))).toBe('05/Mar/2026:07:08:09 +0000');
  });
});

describe('buildHttpEvent', () => {
  it('builds the payload v2.0 event API Gateway sends', () => {
    const event = buildHttpEvent(
      request({ url: '/v1/bookings/b%2F1?token=t1&x=1&x=2' }),
      { routeKey: 'GET /v1/bookings/{id}', pathParameters: { id: 'b/1' } },
      'req-1',
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/bookings/{id}',
      rawPath: '/v1/bookings/b%2F1',
      rawQueryString: 'token=t1&x=1&x=2',
      queryStringParameters: { token: 't1', x: '1,2' },
      pathParameters: { id: 'b/1' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1:3000',
        http: {
          method: 'GET',
          path: '/v1/bookings/b%2F1',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'test-agent/1.0',
        },
        requestId: 'req-1',
        routeKey: 'GET /v1/bookings/{id}',
        stage: '$default',
        time: '24/Nov/2026:17:19:37 +0000',
        timeEpoch: receivedAt.getTime(),
      },
    });
    expect(event.headers.host).toBe('127.0.0.1:3000');
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event.body).toBeUndefined();
    expect(event.cookies).toBeUndefined();
  });

  it('takes the client from X-Forwarded-For for a loopback peer and shows it as the only forwarded hop', () => {
    const event = buildHttpEvent(
      request({ rawHeaders: ['Host', 'h', 'X-Forwarded-For', '203.0.113.9, 10.1.1.1'] }),
      route,
    );
    expect(event.requestContext.http.sourceIp).toBe('203.0.113.9');
    expect(event.headers['x-forwarded-for']).toBe('203.0.113.9');
  });

  it('appends the peer to X-Forwarded-For for any other peer, as API Gateway does', () => {
    const event = buildHttpEvent(
      request({
        peerAddress: '::ffff:192.0.2.44',
        rawHeaders: ['Host', 'h', 'X-Forwarded-For', '203.0.113.9'],
      }),
      route,
    );
    expect(event.requestContext.http.sourceIp).toBe('192.0.2.44');
    expect(event.headers['x-forwarded-for']).toBe('203.0.113.9, 192.0.2.44');
  });

  it('moves cookies out of the headers into `cookies`', () => {
    const event = buildHttpEvent(
      request({ rawHeaders: ['Host', 'h', 'Cookie', 'a=1; b=2', 'Cookie', 'c=3'] }),
      route,
    );
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event.headers.cookie).toBeUndefined();
  });

  it('passes a JSON body as text', () => {
    const body = Buffer.from('{"name":"Zoë"}');
    const event = buildHttpEvent(
      request({ method: 'POST', rawHeaders: ['Content-Type', 'application/json'], body }),
      route,
    );
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe('{"name":"Zoë"}');
    expect(event.headers['content-length']).toBe(String(body.length));
  });

  it('base64-encodes form bodies, as API Gateway does', () => {
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz']) {
      const body = Buffer.from('name=Zo%C3%AB&consent=on');
      const event = buildHttpEvent(
        request({ method: 'POST', rawHeaders: ['Content-Type', contentType], body }),
        route,
      );
      expect(event.isBase64Encoded).toBe(true);
      expect(Buffer.from(event.body as string, 'base64').equals(body)).toBe(true);
    }
  });
});

describe('lambdaContext', () => {
  it('looks like the Node.js runtime context and counts down from the function timeout', () => {
    const started = Date.now();
    const context = lambdaContext(
      { functionName: 'clinic-local-Health', timeoutSeconds: 10, memoryMb: 512 },
      started,
    );
    expect(context.functionName).toBe('clinic-local-Health');
    expect(context.functionVersion).toBe('$LATEST');
    expect(context.invokedFunctionArn).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:clinic-local-Health',
    );
    expect(context.memoryLimitInMB).toBe('512');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.logGroupName).toBe('/aws/lambda/clinic-local-Health');
    const remaining = context.getRemainingTimeInMillis();
    expect(remaining).toBeGreaterThan(9_000);
    expect(remaining).toBeLessThanOrEqual(10_000);
    expect(
      lambdaContext(
        { functionName: 'f', timeoutSeconds: 1, memoryMb: 128 },
        started - 5_000,
      ).getRemainingTimeInMillis(),
    ).toBe(0);
  });
});

describe('answerFromResult', () => {
  it('writes a structured result back as given, with cookies as Set-Cookie and a base64 body decoded', () => {
    const answer = answerFromResult({
      statusCode: 201,
      headers: { 'Content-Type': 'image/png', 'X-Count': 3 },
      cookies: ['a=1; HttpOnly', 'b=2'],
      body: Buffer.from([1, 2, 3]).toString('base64'),
      isBase64Encoded: true,
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers).toEqual({
      'content-type': 'image/png',
      'x-count': '3',
      'set-cookie': ['a=1; HttpOnly', 'b=2'],
    });
    expect([...answer.body]).toEqual([1, 2, 3]);
  });

  it('infers a 200 JSON answer from a result without statusCode, as API Gateway does', () => {
    const answer = answerFromResult({ hello: 'world' } as never);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.body.toString()).toBe('{"hello":"world"}');
    expect(answerFromResult('plain').body.toString()).toBe('plain');
  });
});

describe("the gateway's own answers", () => {
  it("are API Gateway's message bodies with the security headers every answer carries", () => {
    const answer = gatewayMessage(401, 'Unauthorized');
    expect(answer.statusCode).toBe(401);
    expect(JSON.parse(answer.body.toString())).toEqual({ message: 'Unauthorized' });
    expect(answer.headers).toMatchObject({
      'content-type': 'application/json',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
  });

  it("put a verified token's claims where the JWT authorizer does, each a string", () => {
    expect(
      jwtAuthorizerContext({ sub: 'u1', 'cognito:groups': ['admin', 'frontdesk'], exp: 5, scope: 'a b' }),
    ).toEqual({
      jwt: {
        claims: { sub: 'u1', 'cognito:groups': '[admin frontdesk]', exp: '5', scope: 'a b' },
        scopes: ['a', 'b'],
      },
    });
  });
});
