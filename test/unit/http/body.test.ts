// Request bodies (shared/adapters/http/body.ts): every malformed body is a 400/413/415 problem from
// a promise the route awaits, never an exception thrown beside it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  MAX_BODY_BYTES,
  MAX_FORM_FIELDS,
  MAX_JSON_DEPTH,
  parseBody,
} from '../../../shared/adapters/http/body.ts';
import { problemPageFor } from '../../../shared/adapters/http/problem-pages.ts';
import { json } from '../../../shared/adapters/http/responses.ts';
import { httpRoute } from '../../../shared/adapters/http/route.ts';
import { defineRoute } from '../../../shared/adapters/http/route-record.ts';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import { useClinicConfig } from '../../../shared/config/runtime.ts';
import { DomainError } from '../../../shared/core/errors.ts';
import { apiEvent, lambdaContext } from '../../support/events.ts';

useClinicConfig(loadClinicConfigFile('config/dev.json'));
process.env.TABLE_NAME ??= 'body-test-no-table';

const MULTIPART = 'multipart/form-data; boundary=XyZ';
const bytes = (text: string) => Buffer.from(text, 'utf8');

async function codeOf(body: Uint8Array, contentType: string | undefined): Promise<string> {
  try {
    await parseBody(body, contentType);
    return 'parsed';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

// The cases of the issue and API.md "Abuse", and their neighbours.
const MALFORMED_MULTIPART: Record<string, string> = {
  'a part without a name': '--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--',
  'a part without Content-Disposition': '--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--',
  'a truncated boundary': '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--Xy',
  'no closing boundary': '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nx',
  'another boundary than the header says':
    '--Other\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--Other--',
  'no multipart structure at all': 'name=Ada',
  'a part whose headers never end': '--XyZ\r\nContent-Disposition: form-data; name="a"',
};

describe('parseBody', () => {
  it.each(Object.entries(MALFORMED_MULTIPART))('answers %s with validation_failed', async (_, body) => {
    expect(await codeOf(bytes(body), MULTIPART)).toBe('validation_failed');
  });

  it('answers multipart without a boundary parameter with validation_failed', async () => {
    const body = '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--XyZ--';
    expect(await codeOf(bytes(body), 'multipart/form-data')).toBe('validation_failed');
  });

  it('reads well-formed multipart, quoted boundaries too, keeping the last of a repeated field', async () => {
    const body =
      '--a b\r\nContent-Disposition: form-data; name="name"\r\n\r\nZoë\r\n' +
      '--a b\r\nContent-Disposition: form-data; name="consent"\r\n\r\nfalse\r\n' +
      '--a b\r\nContent-Disposition: form-data; name="consent"\r\n\r\non\r\n--a b--\r\n';
    expect(await parseBody(bytes(body), 'multipart/form-data; boundary="a b"')).toEqual({
      name: 'Zoë',
      consent: 'on',
    });
  });

  it('refuses a file part with 415, even an empty file input', async () => {
    const body =
      '--XyZ\r\nContent-Disposition: form-data; name="upload"; filename=""\r\n' +
      'Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ--\r\n';
    expect(await codeOf(bytes(body), MULTIPART)).toBe('unsupported_media_type');
  });

  it('refuses text that is not UTF-8 in every media type instead of storing U+FFFD', async () => {
    const latin1 = Buffer.from('name=Zo\xeb', 'latin1');
    expect(await codeOf(latin1, 'application/x-www-form-urlencoded')).toBe('validation_failed');
    expect(await codeOf(bytes('name=Zo%EB'), 'application/x-www-form-urlencoded')).toBe('validation_failed');
    expect(await codeOf(Buffer.from('{"name":"Zo\xeb"}', 'latin1'), 'application/json')).toBe(
      'validation_failed',
    );
    const part = Buffer.concat([
      bytes('--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nZo'),
      Buffer.from([0xeb]),
      bytes('\r\n--XyZ--\r\n'),
    ]);
    expect(await codeOf(part, MULTIPART)).toBe('validation_failed');
  });

  it('decodes urlencoded forms as the WHATWG parser does', async () => {
    expect(
      await parseBody(
        bytes('name=Ada+L%C3%B6w&x=%ZZ&y=100%&empty&z=%e2%82%ac&emoji=%F0%9F%98%80'),
        undefined,
      ).catch((error) => error.code),
    ).toBe('unsupported_media_type');
    expect(
      await parseBody(
        bytes('name=Ada+L%C3%B6w&x=%ZZ&y=100%&empty&z=%e2%82%ac&emoji=%F0%9F%98%80&raw=😀'),
        'application/x-www-form-urlencoded',
      ),
    ).toEqual({ name: 'Ada Löw', x: '%ZZ', y: '100%', empty: '', z: '€', emoji: '😀', raw: '😀' });
  });

  it('keeps a field named __proto__ a plain field of a form, and refuses it in JSON', async () => {
    const form = await parseBody(bytes('__proto__=x&name=Ada'), 'application/x-www-form-urlencoded');
    expect(Object.getPrototypeOf(form)).toBe(Object.prototype);
    expect(Object.hasOwn(form, '__proto__')).toBe(true);
    expect(await codeOf(bytes('{"a":{"__proto__":{"admin":true}}}'), 'application/json')).toBe(
      'validation_failed',
    );
    expect(await codeOf(bytes('{"constructor":{"prototype":{}}}'), 'application/json')).toBe(
      'validation_failed',
    );
    expect(await parseBody(bytes('{"constructor":"a string"}'), 'application/json')).toEqual({
      constructor: 'a string',
    });
  });

  it('refuses JSON nested deeper than MAX_JSON_DEPTH without recursing into it', async () => {
    const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect(await parseBody(bytes(nested(MAX_JSON_DEPTH)), 'application/json')).toBeTypeOf('object');
    expect(await codeOf(bytes(nested(MAX_JSON_DEPTH + 1)), 'application/json')).toBe('validation_failed');
    // As deep as 64 KiB allows: still a 400, not a stack overflow.
    const deepest = `{"a":${'['.repeat(32_000)}${']'.repeat(32_000)}}`;
    expect(await codeOf(bytes(deepest), 'application/json')).toBe('validation_failed');
  });

  it('refuses a form of more than MAX_FORM_FIELDS fields', async () => {
    const form = (count: number) => Array.from({ length: count }, (_, i) => `f${i}=1`).join('&');
    expect(await codeOf(bytes(form(MAX_FORM_FIELDS)), 'application/x-www-form-urlencoded')).toBe('parsed');
    expect(await codeOf(bytes(form(MAX_FORM_FIELDS + 1)), 'application/x-www-form-urlencoded')).toBe(
      'validation_failed',
    );
  });

  it('answers JSON that is not an object, and non-JSON, with validation_failed', async () => {
    for (const body of ['[1]', '"x"', '1e999', 'null', '{"a":', '{"a":1}x', "{'a':1}"]) {
      expect(await codeOf(bytes(body), 'application/json'), body).toBe('validation_failed');
    }
    // A byte order mark is skipped (RFC 8259 allows it); huge numbers are numbers for the schema to judge.
    expect(await parseBody(bytes('\ufeff{"n":1e999}'), 'application/json')).toEqual({ n: Infinity });
  });

  it('takes +json media types and any case, and refuses the rest with 415', async () => {
    expect(await parseBody(bytes('{"a":1}'), 'Application/Problem+JSON; charset=utf-8')).toEqual({ a: 1 });
    for (const type of ['text/plain', 'application/xml', 'multipart/mixed; boundary=x', 'json', undefined]) {
      expect(await codeOf(bytes('{"a":1}'), type)).toBe('unsupported_media_type');
    }
  });

  it('answers a body over 64 KiB with 413 before reading it', async () => {
    expect(await codeOf(Buffer.alloc(MAX_BODY_BYTES + 1, 0xff), 'application/json')).toBe(
      'payload_too_large',
    );
  });
});

describe('a route answering malformed bodies', () => {
  const echo = httpRoute(
    defineRoute({
      id: 'Echo',
      method: 'POST',
      path: '/v1/echo',
      entry: 'functions/health.ts',
      table: 'none',
      auth: 'public',
      request: () => ({ body: z.object({ a: z.string().optional() }) }),
      html: { to: 'form-posts', errorPage: problemPageFor },
      responses: {},
      docs: { operationId: 'echo', summary: 'Echo', description: 'Echo', tags: ['Platform'], problems: [] },
    }),
    async ({ body }) => json(200, body),
  );
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  beforeEach(() => {
    uncaught.length = 0;
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  });

  it.each(Object.entries(MALFORMED_MULTIPART))(
    'answers %s with a 400 problem, and nothing is thrown beside the request',
    async (_, body) => {
      const event = apiEvent({
        method: 'POST',
        path: '/v1/echo',
        body,
        base64: true,
        headers: { 'content-type': MULTIPART, accept: 'application/json' },
      });
      const response = await echo(event, lambdaContext());
      // Whatever a parser might have scheduled runs before this turn of the loop ends.
      await new Promise((resolve) => setImmediate(resolve));
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(response.body as string)).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: '(body)' }],
      });
      expect(response.body).not.toContain('XyZ');
      expect(uncaught).toEqual([]);
    },
  );

  it('answers a plain form post with a malformed body with the HTML error page', async () => {
    const event = apiEvent({
      method: 'POST',
      path: '/v1/echo',
      body: MALFORMED_MULTIPART['a part without a name'],
      base64: true,
      headers: { 'content-type': MULTIPART },
    });
    const response = await echo(event, lambdaContext());
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('The body could not be parsed');
  });

  it('reads no body on a GET, whatever it carries', async () => {
    const get = httpRoute(
      defineRoute({
        id: 'EchoGet',
        method: 'GET',
        path: '/v1/echo',
        entry: 'functions/health.ts',
        table: 'none',
        auth: 'public',
        request: () => ({}),
        responses: {},
        docs: {
          operationId: 'echoGet',
          summary: 'Echo',
          description: 'Echo',
          tags: ['Platform'],
          problems: [],
        },
      }),
      async ({ body }) => json(200, body),
    );
    const event = apiEvent({ path: '/v1/echo', body: '{', headers: { 'content-type': 'application/json' } });
    const response = await get(event, lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body as string)).toEqual({});
  });
});
