import httpContentNegotiation from '@middy/http-content-negotiation';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { HTML_CSP, HTML_CSP_WITH_FORMS } from '../../../shared/adapters/http/csp.ts';
import { problemPageFor } from '../../../shared/adapters/http/problem-pages.ts';
import { html, json } from '../../../shared/adapters/http/responses.ts';
import { httpRoute } from '../../../shared/adapters/http/route.ts';
import {
  defineRoute,
  type HtmlAnswers,
  type RouteSchemas,
} from '../../../shared/adapters/http/route-record.ts';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import { useClinicConfig } from '../../../shared/config/runtime.ts';
import { DomainError, NotFoundError, RateLimitedError } from '../../../shared/core/errors.ts';
import { apiEvent, lambdaContext } from '../../support/events.ts';

// The composer reads the clinic config when a route is built, so before the routes below.
useClinicConfig(loadClinicConfigFile('config/dev.json'));
// A POST route honours Idempotency-Key, whose table is only reached when a request sends one;
// none of these does.
process.env.TABLE_NAME ??= 'route-test-no-table';

/** A route record for these tests: POST /v1/echo with the given schemas, HTML for form posts. */
function route<S extends RouteSchemas>(
  schemas: S,
  html: HtmlAnswers | undefined = { to: 'form-posts', errorPage: problemPageFor },
  extra: { notFound?: string } = {},
) {
  return defineRoute({
    id: 'Echo',
    method: 'POST',
    path: '/v1/echo/{id}',
    entry: 'functions/health.ts',
    table: 'none',
    auth: 'public',
    request: () => schemas,
    ...(html ? { html } : {}),
    ...extra,
    responses: {},
    docs: { operationId: 'echo', summary: 'Echo', description: 'Echo', tags: ['Platform'], problems: [] },
  });
}

const echo = httpRoute(
  route({ body: z.object({ name: z.string().trim().min(1), count: z.coerce.number().int().optional() }) }),
  async ({ body, wantsHtml, mediaType }) => json(201, { body, wantsHtml, mediaType }),
);
const rawEcho = httpRoute(route({}), async ({ body }) => json(200, body));

function post(body: string, headers: Record<string, string>, base64 = false) {
  return apiEvent({ method: 'POST', path: '/v1/echo', body, headers, base64 });
}

async function call(handler: typeof echo, event: ReturnType<typeof apiEvent>) {
  const response = await handler(event, lambdaContext());
  const type = response.headers['content-type'] ?? '';
  return {
    ...response,
    json: type.includes('json') && response.body ? JSON.parse(response.body as string) : undefined,
  };
}

function multipart(fields: Record<string, string>, file?: { name: string; filename: string }) {
  const boundary = 'XyZ123boundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  if (file) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: text/plain\r\n\r\nfile body\r\n`,
    );
  }
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('httpRoute body handling', () => {
  it('parses and validates a JSON body, trimming text', async () => {
    const response = await call(
      echo,
      post('{"name":"  Ada  ","count":"3"}', { 'content-type': 'application/json' }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json).toEqual({ body: { name: 'Ada', count: 3 }, wantsHtml: false, mediaType: 'json' });
  });

  it('answers malformed JSON with 400 validation_failed, never 500', async () => {
    const response = await call(echo, post('{"name":', { 'content-type': 'application/json' }));
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json).toMatchObject({ type: 'about:blank', status: 400, code: 'validation_failed' });
  });

  it('refuses a JSON body that is not an object', async () => {
    const response = await call(echo, post('["a"]', { 'content-type': 'application/json' }));
    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toEqual([{ path: '(body)', message: 'The body must be a JSON object' }]);
  });

  it('lists each invalid field, and says which are missing', async () => {
    const response = await call(echo, post('{"count":"x"}', { 'content-type': 'application/json' }));
    expect(response.statusCode).toBe(400);
    expect(response.json.detail).toBe('2 fields are invalid');
    expect(response.json.errors).toContainEqual({ path: 'name', message: 'This field is required' });
    expect(response.json.errors.map((e: { path: string }) => e.path)).toContain('count');
  });

  it('treats an empty body as no fields, so the field rules answer', async () => {
    const response = await call(echo, post('', {}));
    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toEqual([{ path: 'name', message: 'This field is required' }]);
  });

  it('answers 413 payload_too_large above 64 KiB and accepts exactly 64 KiB', async () => {
    const padding = (size: number) => JSON.stringify({ name: 'a', pad: 'x'.repeat(size - 21) });
    expect(Buffer.byteLength(padding(64 * 1024))).toBe(64 * 1024);
    const ok = await call(echo, post(padding(64 * 1024), { 'content-type': 'application/json' }));
    expect(ok.statusCode).toBe(201);
    const tooBig = await call(echo, post(padding(64 * 1024 + 1), { 'content-type': 'application/json' }));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json.code).toBe('payload_too_large');
  });

  it('measures base64 bodies after decoding', async () => {
    const body = `name=${'a'.repeat(64 * 1024)}`;
    const response = await call(
      echo,
      post(body, { 'content-type': 'application/x-www-form-urlencoded' }, true),
    );
    expect(response.statusCode).toBe(413);
  });

  it.each([
    ['text/plain', 'name=Ada'],
    ['application/xml', '<name>Ada</name>'],
  ])('answers 415 unsupported_media_type for %s', async (contentType, body) => {
    const response = await call(echo, post(body, { 'content-type': contentType }));
    expect(response.statusCode).toBe(415);
    expect(response.json.code).toBe('unsupported_media_type');
  });

  it('answers 415 when a body comes without a content type', async () => {
    const response = await call(echo, post('{"name":"Ada"}', {}));
    expect(response.statusCode).toBe(415);
  });

  it('reads a base64 urlencoded form, keeping the last value of a repeated field', async () => {
    const response = await call(
      rawEcho,
      post(
        'name=Ada+L%C3%B6w&consent=false&consent=on',
        { 'content-type': 'application/x-www-form-urlencoded' },
        true,
      ),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ name: 'Ada Löw', consent: 'on' });
  });

  it('reads multipart form data without files', async () => {
    const form = multipart({ name: 'Ada', count: '2' });
    const response = await call(
      echo,
      post(form.body, { 'content-type': form.contentType, accept: 'application/json' }, true),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json.body).toEqual({ name: 'Ada', count: 2 });
  });

  it('tells the handler the body type and whether a plain form post wants HTML', async () => {
    // Header names as a browser may send them: the route reads them after normalisation.
    const form = await call(echo, post('name=Ada', { 'Content-Type': 'application/x-www-form-urlencoded' }));
    expect(form.json).toEqual({ body: { name: 'Ada' }, wantsHtml: true, mediaType: 'urlencoded' });
    const multi = multipart({ name: 'Ada' });
    const asksJson = await call(
      echo,
      post(multi.body, { 'Content-Type': multi.contentType, Accept: 'application/json' }, true),
    );
    expect(asksJson.json).toEqual({ body: { name: 'Ada' }, wantsHtml: false, mediaType: 'multipart' });
  });

  it('refuses multipart with a file part (415)', async () => {
    const form = multipart({ name: 'Ada' }, { name: 'upload', filename: 'scan.txt' });
    const response = await call(
      echo,
      post(form.body, { 'content-type': form.contentType, accept: 'application/json' }, true),
    );
    expect(response.statusCode).toBe(415);
    expect(response.json.detail).toBe('File uploads are not accepted');
  });
});

describe('httpRoute answers for plain HTML forms', () => {
  it('sends an accessible HTML page listing the problems, escaped, with a link back to an allowed referer', async () => {
    const weird = httpRoute(
      route({ body: z.object({ name: z.string().min(1, 'Enter <your> name') }) }),
      async () => json(200, {}),
    );
    const response = await call(
      weird,
      post('name=', {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
        referer: 'https://www.riverside-spine.example/contact',
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('Enter &lt;your&gt; name');
    expect(response.body).toContain('href="https://www.riverside-spine.example/contact"');
  });

  it('does not link back to a referer outside the allowed origins', async () => {
    const response = await call(
      echo,
      post('name=', {
        'content-type': 'application/x-www-form-urlencoded',
        referer: 'https://evil.example/x',
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain('evil.example');
  });

  it('answers a form post that asks for JSON with a problem document', async () => {
    const response = await call(
      echo,
      post('name=', { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }),
    );
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json.code).toBe('validation_failed');
  });
});

describe('httpRoute errors and headers', () => {
  it('hides unexpected errors behind a generic 500 and keeps their message out of the log', async () => {
    const writes: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    const failing = httpRoute(route({}), async () => {
      throw new Error('secret patient detail jane@example.com');
    });
    try {
      const response = await call(failing, apiEvent());
      expect(response.statusCode).toBe(500);
      expect(response.json).toMatchObject({ code: 'internal_error', status: 500 });
      expect(response.body).not.toContain('secret');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const log = writes.join('');
    expect(log).toContain('Unhandled error');
    expect(log).not.toContain('jane@example.com');
    expect(log).not.toContain('secret patient detail');
  });

  it('maps domain errors to their status, code and headers', async () => {
    const limited = httpRoute(route({}), async () => {
      throw new RateLimitedError(61.2);
    });
    const response = await call(limited, apiEvent());
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('62');
    expect(response.json).toMatchObject({ code: 'rate_limited', title: 'Too many requests', status: 429 });
  });

  it('carries problem extensions such as alternatives', async () => {
    const taken = httpRoute(route({}), async () => {
      throw new DomainError('slot_unavailable', 'That time is no longer available', { alternatives: [] });
    });
    const response = await call(taken, apiEvent());
    expect(response.statusCode).toBe(409);
    expect(response.json).toEqual({
      type: 'about:blank',
      title: 'Slot unavailable',
      status: 409,
      code: 'slot_unavailable',
      detail: 'That time is no longer available',
      alternatives: [],
    });
  });

  it('puts the security headers on success and on errors, no-store unless the route caches', async () => {
    const ok = await call(rawEcho, apiEvent());
    const failed = await call(echo, post('{', { 'content-type': 'application/json' }));
    for (const response of [ok, failed]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
    }
    const cached = httpRoute(route({}), async () =>
      json(200, {}, { 'cache-control': 'public, max-age=300' }),
    );
    expect((await call(cached, apiEvent())).headers['cache-control']).toBe('public, max-age=300');
  });

  it('gives HTML pages the strict CSP (no form posts) unless the route sets its own', async () => {
    const page = httpRoute(route({}), async () => html(200, '<p>hi</p>'));
    const strict = (await call(page, apiEvent())).headers;
    expect(strict['content-security-policy']).toBe(HTML_CSP);
    expect(strict['content-security-policy']).toContain("form-action 'none'");
    expect(strict['x-frame-options']).toBe('DENY');

    const withForms = httpRoute(route({}), async () =>
      html(200, '<form></form>', { 'content-security-policy': HTML_CSP_WITH_FORMS }),
    );
    const loosened = (await call(withForms, apiEvent())).headers;
    expect(loosened['content-security-policy']).toBe(HTML_CSP_WITH_FORMS);
    expect(loosened['content-security-policy']).toContain("form-action 'self'");
    expect(loosened['content-security-policy']).toContain("default-src 'none'");
    expect(loosened['referrer-policy']).toBe('no-referrer');
    expect(loosened['cache-control']).toBe('no-store');
  });
});

describe('httpRoute content negotiation', () => {
  const form = (accept?: string) =>
    post('name=Ada', {
      'content-type': 'application/x-www-form-urlencoded',
      ...(accept === undefined ? {} : { accept }),
    });

  it.each([
    [undefined, true],
    ['*/*', true],
    ['text/html', true],
    ['application/json', false],
    ['text/html, application/json', false],
    ['text/html;q=0.5, application/json', false],
    ['application/json;q=0.1, text/html', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
  ])('answers a form post with Accept %j with HTML: %s', async (accept, wantsHtml) => {
    const response = await call(echo, form(accept));
    expect(response.json.wantsHtml).toBe(wantsHtml);
  });

  it('answers a JSON body with JSON whatever Accept prefers', async () => {
    const response = await call(
      echo,
      post('{"name":"Ada"}', { 'content-type': 'application/json', accept: 'text/html' }),
    );
    expect(response.json.wantsHtml).toBe(false);
  });

  const page = httpRoute(
    route({}, { to: 'browsers', problems: ['not_found'], errorPage: problemPageFor }),
    async ({ wantsHtml }) => json(200, { wantsHtml }),
  );
  const get = (accept?: string) =>
    apiEvent({ path: '/v1/echo/x', headers: accept === undefined ? {} : { accept } });

  it.each([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['text/html, application/json', false],
    ['text/html;q=0.5, application/json', false],
    ['application/json;q=0.1, text/html', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
  ])(
    'gives a browser route with Accept %j its page: %s, and says the answer varies',
    async (accept, wantsHtml) => {
      const response = await call(page, get(accept));
      expect(response.json.wantsHtml).toBe(wantsHtml);
      expect(response.headers.vary).toBe('Accept');
    },
  );

  it('keeps JSON on a tie in q, where the library alone would follow the listing order', () => {
    // Why negotiation.ts asks twice: negotiator ranks equal q by the order the client listed them.
    const context: { preferredMediaType?: string } = {};
    httpContentNegotiation({
      parseCharsets: false,
      parseEncodings: false,
      parseLanguages: false,
      availableMediaTypes: ['application/json', 'text/html'],
      failOnMismatch: false,
    }).before?.({ event: { headers: { accept: 'text/html, application/json' } }, context } as never);
    expect(context.preferredMediaType).toBe('text/html');
    // …while the route (the it.each above) answers that Accept with JSON.
  });
});

describe('httpRoute path parameters', () => {
  const NOT_FOUND = 'There is no such echo';
  const ids = z.object({ id: z.string().regex(/^[0-9]{3}$/) });
  const lookup = httpRoute(
    route(
      { params: ids },
      { to: 'browsers', problems: ['not_found'], errorPage: problemPageFor },
      { notFound: NOT_FOUND },
    ),
    async ({ params }) => {
      if (params.id !== '123') throw new NotFoundError(NOT_FOUND);
      return json(200, { id: params.id });
    },
    {
      problemPage: (problem) =>
        problem.code === 'not_found' ? html(404, '<h1>No such echo</h1>') : undefined,
    },
  );
  const get = (id: string, accept?: string) =>
    apiEvent({
      path: `/v1/echo/${id}`,
      pathParameters: { id },
      headers: accept === undefined ? {} : { accept },
    });

  it('hands the handler the validated parameters', async () => {
    const response = await call(lookup, get('123'));
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ id: '123' });
  });

  it('answers a malformed parameter exactly as an unknown one, as JSON and as the page', async () => {
    const unknown = await call(lookup, get('999'));
    const malformed = await call(lookup, get('not-an-id'));
    expect(unknown.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(404);
    expect(malformed.json).toEqual(unknown.json);
    expect(malformed.json).toMatchObject({ code: 'not_found', detail: NOT_FOUND });
    expect(malformed.headers).toEqual(unknown.headers);

    const unknownPage = await call(lookup, get('999', 'text/html'));
    const malformedPage = await call(lookup, get('not-an-id', 'text/html'));
    expect(malformedPage.statusCode).toBe(404);
    expect(malformedPage.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(malformedPage.body).toBe('<h1>No such echo</h1>');
    expect(malformedPage.body).toBe(unknownPage.body);
    expect(malformedPage.headers).toEqual(unknownPage.headers);
  });
});
