// What both fuzz suites share (docs/reliability.md "Fuzzing"): the seed, the requests fast-check
// makes for a route (schema-aware values beside junk, every media type and encoding, malformed
// multipart, huge and deep JSON, `__proto__`, odd headers and queries), and the properties every
// answer must have. Every string the fuzzer invents carries MARKER, so an echo of input in an
// error answer, or an invented field name in the table, is found by looking for it.
import fc from 'fast-check';
import * as z from 'zod';
import { buildOpenApiDocument } from '../../../shared/adapters/http/openapi/document.ts';
import { PROBLEMS } from '../../../shared/adapters/http/problems.ts';
import type { RouteRecord } from '../../../shared/adapters/http/route-record.ts';
import type { ClinicConfig } from '../../../shared/core/config/schema.ts';
import { ERROR_CODES, type ErrorCode } from '../../../shared/core/errors.ts';

/** In every invented string and field name; never in anything the API says on its own. */
export const MARKER = 'fzq7x';

// ---- The seed and the size of a run ----

/** `FUZZ_SEED` replays a run; otherwise a fresh one each time (fast-check prints it on failure). */
export function fuzzSeed(): number {
  const fromEnv = process.env.FUZZ_SEED;
  if (fromEnv !== undefined && fromEnv !== '') return Number(fromEnv);
  return Math.floor(Math.random() * 2 ** 31);
}

/** Cases per property, scaled by `FUZZ_SCALE` (e.g. 10 for a long hunt; the default keeps `npm test` quick). */
export function fuzzRuns(base: number): number {
  const scale = Number(process.env.FUZZ_SCALE ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/**
 * fast-check's parameters for a property of the suite, its seed in every failure report. A case
 * that does not answer within `caseTimeoutMs` fails (a request that hangs is a failure too), and
 * so does a run cut short, so that a hang can never pass for a pass.
 */
export function fuzzParameters(seed: number, numRuns: number, caseTimeoutMs: number): fc.Parameters<unknown> {
  return {
    seed,
    numRuns,
    timeout: caseTimeoutMs,
    // A failure is shrunk for a while, not for ever: the machine is shared.
    interruptAfterTimeLimit: 90_000,
    markInterruptAsFailure: true,
    reporter: (details) => {
      if (details.failed || details.interrupted) {
        const cause =
          details.errorInstance instanceof Error
            ? details.errorInstance.message
            : String(details.errorInstance ?? 'interrupted');
        throw new Error(
          `${cause}\n\n${fc.defaultReportMessage(details)}\nReplay this run with FUZZ_SEED=${details.seed} (same numRuns).`,
        );
      }
    },
  };
}

// ---- Values ----

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\r\n',
  '\t',
  '\u202e',
  '\ufeff',
  '\ud800',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the Log4Shell probe, as sent
  '${jndi:ldap://x/a}',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '%',
  '%ZZ',
  '%FF',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  'true',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '[object Object]',
  '😀',
  'e\u0301',
] as const;

/** An invented string: unicode, control characters, the nasty classics; MARKER in each. */
export const junkString: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    {
      weight: 2,
      arbitrary: fc.string({
        unit: fc.constantFrom('\u0000', '\u0007', '\n', '\r', '\u2028', '\u00a0', 'a'),
        maxLength: 20,
      }),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 9_000 }).map((length) => 'x'.repeat(length)) },
  )
  .map((text) => `${text}${MARKER}`);

/** A field name nobody declared (or one of the names prototype pollution tries). */
export const inventedKey: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 16 }).map((name) => `${MARKER}${name}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'valueOf',
    ),
  },
);

/** Any JSON-ish value the fuzzer can put in a field. */
export const junkValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { weight: 5, arbitrary: junkString },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2, -0) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3, depthIdentifier: 'junk' }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(inventedKey, tie('value'), { maxKeys: 3, depthIdentifier: 'junk' }),
    },
  ),
})).value;

/** Values a route may well accept, by field name, so that the fuzz reaches past validation. */
export interface ValuePools {
  readonly [field: string]: readonly unknown[];
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

/** Where plausible instants fall: the open slots' day(s), and blocks no longer than that. */
export interface InstantWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

const QUARTER_HOUR_MS = 900_000;

function plausibleString(schema: JsonSchema, window: InstantWindow | undefined): fc.Arbitrary<string> {
  if (schema.format === 'date-time') {
    // Quarter hours of the window (a month-long block writes thousands of locks: its own tests' business).
    const from = window?.fromMs ?? Date.now();
    const to = window?.toMs ?? from + 2 * 86_400_000;
    return fc
      .integer({ min: 0, max: Math.max(0, Math.floor((to - from) / QUARTER_HOUR_MS)) })
      .map((quarters) =>
        new Date(
          Math.ceil(from / QUARTER_HOUR_MS) * QUARTER_HOUR_MS + quarters * QUARTER_HOUR_MS,
        ).toISOString(),
      );
  }
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') {
    return fc
      .integer({ min: -40, max: 120 })
      .map((days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10));
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern), { size: 'small' });
    } catch {
      // A pattern fast-check cannot generate from: plain strings below.
    }
  }
  return fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(schema.maxLength ?? 40, 60) });
}

/** A value shaped by the field's JSON schema (enum, format, pattern, range), or one of its pool. */
export function plausibleValue(
  schema: JsonSchema,
  pool: readonly unknown[] = [],
  window?: InstantWindow,
): fc.Arbitrary<unknown> {
  const own: fc.Arbitrary<unknown>[] = [];
  if (schema.enum && schema.enum.length > 0) own.push(fc.constantFrom(...schema.enum));
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    own.push(plausibleValue(branch, [], window));
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  for (const type of types) {
    if (type === 'string') own.push(plausibleString(schema, window));
    if (type === 'integer' || type === 'number') {
      own.push(fc.integer({ min: schema.minimum ?? -5, max: schema.maximum ?? 500 }));
    }
    if (type === 'boolean') own.push(fc.boolean(), fc.constantFrom('true', 'on', 'yes', 'false'));
    if (type === 'null') own.push(fc.constant(null));
    if (type === 'array' && schema.items)
      own.push(fc.array(plausibleValue(schema.items, [], window), { maxLength: 3 }));
  }
  const shaped = own.length > 0 ? fc.oneof(...own) : junkValue;
  // A field's own pool (the types, slots and ids that exist) is what gets a request through.
  return pool.length > 0
    ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: shaped })
    : shaped;
}

/** The JSON schema of one of a route's inputs (input side), or undefined when it has none. */
function inputSchema(schema: z.core.$ZodType | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/**
 * An object for a route's input, half the time plausible throughout (every declared field from
 * its schema or pool, the required ones present: the cases that get past validation and write),
 * half the time chaos (each field absent, plausible or junk); invented fields in both.
 */
export function fieldsFor(
  schema: JsonSchema | undefined,
  pools: ValuePools,
  options: { readonly plausible: boolean; readonly instants?: InstantWindow | undefined },
): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema?.properties ?? {});
  const required = new Set(schema?.required ?? []);
  const shaped = (mix: 'plausible' | 'chaos') =>
    fc.tuple(
      ...properties.map(([name, property]) => {
        const good = options.plausible ? plausibleValue(property, pools[name], options.instants) : junkValue;
        const value =
          mix === 'plausible'
            ? good
            : fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: junkValue });
        const absentOneIn = required.has(name) ? (mix === 'plausible' ? 50 : 8) : 2;
        return fc
          .option(value, { freq: absentOneIn, nil: undefined })
          .map((picked) => [name, picked] as const);
      }),
    );
  const declared = options.plausible ? fc.oneof(shaped('plausible'), shaped('chaos')) : shaped('chaos');
  const invented = fc.array(fc.tuple(inventedKey, junkValue), { maxLength: 3 });
  return fc.tuple(declared, invented).map(([fields, extra]) => {
    const object: Record<string, unknown> = {};
    for (const [name, value] of fields) if (value !== undefined) object[name] = value;
    // defineProperty: `__proto__` becomes an own field, as JSON.parse would make it.
    for (const [name, value] of extra) {
      Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return object;
  });
}

// ---- Bodies ----

export interface FuzzBody {
  /** What the case is, for the failure report. */
  readonly shape: string;
  readonly contentType: string | undefined;
  readonly bytes: Buffer;
}

const asFormText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value === null || value === undefined
      ? ''
      : (JSON.stringify(value) ?? '');

/** Percent-encoding as a browser does it, or by hand with bytes that are not UTF-8 now and then. */
const formEncode = (text: string, raw: boolean) =>
  raw
    ? text.replaceAll('&', '%26').replaceAll('=', '%3D')
    : encodeURIComponent(text.toWellFormed()).replaceAll('%20', '+');

/** A field name in Content-Disposition, escaped as browsers do (HTML's multipart/form-data encoding). */
const dispositionName = (name: string) =>
  name.replaceAll('"', '%22').replaceAll('\r', '%0D').replaceAll('\n', '%0A');

export function multipart(boundary: string, parts: readonly (readonly [string, string])[]): string {
  return `${parts.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${dispositionName(name)}"\r\n\r\n${value}\r\n`).join('')}--${boundary}--\r\n`;
}

/** The malformations of API.md "Abuse" and their relatives, each around a well-formed form. */
/** A part added as the last one: where busboy's `field` listener threw outside the parser's promise. */
const lastPart = (form: string, b: string, part: string) =>
  form.replace(`--${b}--`, `--${b}\r\n${part}\r\n--${b}--`);

export interface MultipartBreakage {
  readonly what: string;
  /** Not multipart/form-data as RFC 7578 has it (or a file): refused whatever the route. */
  readonly refused: boolean;
  readonly apply: (form: string, boundary: string) => string;
}

export const MULTIPART_BREAKAGES: readonly MultipartBreakage[] = [
  {
    what: 'a part without a name, first',
    refused: true,
    apply: (form, b) => `--${b}\r\nContent-Disposition: form-data\r\n\r\nx\r\n${form}`,
  },
  {
    what: 'a part without a name, last',
    refused: true,
    apply: (form, b) => lastPart(form, b, 'Content-Disposition: form-data\r\n\r\nx'),
  },
  {
    what: "only a part without a name (the issue's body)",
    refused: true,
    apply: (_form, b) => `--${b}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${b}--`,
  },
  {
    what: 'a part without Content-Disposition, first',
    refused: true,
    apply: (form, b) => `--${b}\r\nContent-Type: text/plain\r\n\r\nx\r\n${form}`,
  },
  {
    what: 'a part without Content-Disposition, last',
    refused: true,
    apply: (form, b) => lastPart(form, b, 'Content-Type: text/plain\r\n\r\nx'),
  },
  {
    what: 'a truncated closing boundary',
    refused: true,
    apply: (form) => form.slice(0, Math.max(0, form.length - 5)),
  },
  { what: 'cut in half', refused: true, apply: (form) => form.slice(0, Math.floor(form.length / 2)) },
  {
    what: 'another boundary than the header says',
    refused: true,
    apply: (form, b) => form.replaceAll(b, `${b}x`),
  },
  { what: 'LF for CRLF', refused: true, apply: (form) => form.replaceAll('\r\n', '\n') },
  {
    what: 'a file part',
    refused: true,
    apply: (form, b) =>
      `--${b}\r\nContent-Disposition: form-data; name="a"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\nfile\r\n${form}`,
  },
  {
    what: 'a part with 2,000 headers',
    refused: false,
    apply: (form, b) =>
      `--${b}\r\nContent-Disposition: form-data; name="a"\r\n${'X-Pad: y\r\n'.repeat(2_000)}\r\nv\r\n${form}`,
  },
  {
    what: 'an RFC 5987 name of bytes that are not UTF-8',
    refused: false,
    apply: (form, b) => `--${b}\r\nContent-Disposition: form-data; name*=UTF-8''%FF%FE\r\n\r\nx\r\n${form}`,
  },
  {
    what: 'a name with NUL in it',
    refused: false,
    apply: (form, b) => `--${b}\r\nContent-Disposition: form-data; name="a\u0000b"\r\n\r\nx\r\n${form}`,
  },
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary="unterminated',
  'multipart/mixed; boundary=xyz',
  'text/plain',
  'text/html',
  'application/xml',
  'application/octet-stream',
  'application/json;;;',
  '*/*',
  '',
  'json',
  `x-${MARKER}/${MARKER}`,
] as const;

/** A body for fields: every media type, well-formed or not, plus raw bytes and sizes past the limit. */
export function bodyFor(fields: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<FuzzBody> {
  const boundary = fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,40}$/).filter((b) => !b.endsWith(' '));
  const pairs = fields.map((object) =>
    Object.entries(object).map(([name, value]) => [name, asFormText(value)] as const),
  );
  const json = fields.map(
    (object): FuzzBody => ({
      shape: 'json',
      contentType: 'application/json',
      bytes: Buffer.from(JSON.stringify(object)),
    }),
  );
  const rawJson = fc
    .oneof(
      fc.constantFrom(
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '{"a":1,"a":2}',
        '{"n":1e999999}',
        '{"n":-1e-999999}',
        '{"n":123456789012345678901234567890}',
        '[]',
        '"text"',
        'null',
        '{',
        '{"a":"\\ud800"}',
        '{"a":"\\u0000"}',
        '\ufeff{}',
      ),
      fc.integer({ min: 10, max: 30_000 }).map((depth) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`),
      fc.integer({ min: 10, max: 5_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
      fc.json({ maxDepth: 4 }),
      junkString,
    )
    .map(
      (text): FuzzBody => ({ shape: 'raw json', contentType: 'application/json', bytes: Buffer.from(text) }),
    );
  const urlencoded = fc.tuple(pairs, fc.boolean()).map(
    ([entries, raw]): FuzzBody => ({
      shape: raw ? 'urlencoded, raw' : 'urlencoded',
      contentType: 'application/x-www-form-urlencoded',
      bytes: Buffer.from(entries.map(([n, v]) => `${formEncode(n, raw)}=${formEncode(v, raw)}`).join('&')),
    }),
  );
  const badUrlencoded = fc
    .constantFrom(
      'name=%FF%FE',
      'a=%C3',
      'a=%E2%82',
      '%%%',
      '&&==&&',
      '=x',
      'a=\u0000',
      'a=%ZZ%',
      `${'a=1&'.repeat(2_000)}`,
    )
    .map(
      (text): FuzzBody => ({
        shape: 'urlencoded, odd',
        contentType: 'application/x-www-form-urlencoded',
        bytes: Buffer.from(text),
      }),
    );
  const multipartGood = fc.tuple(pairs, boundary).map(
    ([entries, b]): FuzzBody => ({
      shape: 'multipart',
      contentType: `multipart/form-data; boundary=${b.includes(' ') ? `"${b}"` : b}`,
      bytes: Buffer.from(multipart(b, entries)),
    }),
  );
  const multipartBroken = fc
    .tuple(
      pairs,
      fc.constantFrom('XyZ', '----WebKitFormBoundary7MA4YWxkTrZu0gW'),
      fc.nat(MULTIPART_BREAKAGES.length - 1),
    )
    .map(([entries, b, which]): FuzzBody => {
      const breakage = MULTIPART_BREAKAGES[which] as MultipartBreakage;
      return {
        shape: `multipart, ${breakage.what}`,
        contentType: `multipart/form-data; boundary=${b}`,
        bytes: Buffer.from(breakage.apply(multipart(b, entries), b)),
      };
    });
  const bytes = fc
    .tuple(fc.uint8Array({ maxLength: 2_000 }), fc.constantFrom(...CONTENT_TYPES, undefined))
    .map(([data, contentType]): FuzzBody => ({ shape: 'bytes', contentType, bytes: Buffer.from(data) }));
  const oversized = fc
    .tuple(
      fc.integer({ min: 64 * 1024 + 1, max: 80 * 1024 }),
      fc.constantFrom(
        'application/json',
        'multipart/form-data; boundary=XyZ',
        'application/x-www-form-urlencoded',
      ),
    )
    .map(
      ([size, contentType]): FuzzBody => ({
        shape: 'over 64 KiB',
        contentType,
        bytes: Buffer.alloc(size, 0x61),
      }),
    );
  const wellFormedElsewhere = fc
    .tuple(json, fc.constantFrom(...CONTENT_TYPES))
    .map(([body, contentType]): FuzzBody => ({ ...body, shape: `json as ${contentType}`, contentType }));
  const empty = fc.constantFrom<FuzzBody>(
    { shape: 'empty', contentType: undefined, bytes: Buffer.alloc(0) },
    { shape: 'empty json', contentType: 'application/json', bytes: Buffer.alloc(0) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: json },
    { weight: 2, arbitrary: rawJson },
    { weight: 5, arbitrary: urlencoded },
    { weight: 1, arbitrary: badUrlencoded },
    { weight: 4, arbitrary: multipartGood },
    { weight: 3, arbitrary: multipartBroken },
    { weight: 1, arbitrary: bytes },
    { weight: 1, arbitrary: oversized },
    { weight: 1, arbitrary: wellFormedElsewhere },
    { weight: 1, arbitrary: empty },
  );
}

// ---- Requests ----

export interface FuzzRequest {
  readonly method: string;
  /** The path with its parameters filled in, percent-encoded. */
  readonly path: string;
  readonly pathParameters: Record<string, string>;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Header name → value, as sent. */
  readonly headers: Record<string, string>;
  readonly body: FuzzBody | undefined;
}

/** A short account of a case for a failure report (no huge bodies). */
export function describeRequest(request: FuzzRequest): string {
  const head = request.body ? request.body.bytes.subarray(0, 300).toString('latin1') : '';
  return `${request.method} ${request.path}?${request.query.slice(0, 300)} body=${request.body?.shape ?? 'none'} ${JSON.stringify(request.body?.contentType)} ${JSON.stringify(head)} headers=${JSON.stringify(Object.keys(request.headers))}`;
}

const ACCEPTS = [
  'application/json',
  'text/html',
  '*/*',
  'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'application/json;q=0.1, text/html',
  'text/html;q=abc',
  'image/png',
  `${MARKER}/${MARKER}`,
  ',,,;;;',
] as const;

/** Parameter values: plausible ids, junk, traversal, and very long ones. */
function pathValue(name: string, pools: ValuePools, schema: JsonSchema | undefined, plausible: boolean) {
  const property = schema?.properties?.[name] ?? {};
  const values: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [
    { weight: 2, arbitrary: junkString.filter((text) => text !== '') },
    { weight: 1, arbitrary: fc.constantFrom('..', '%2e%2e', 'a/b', '\u0000') },
    { weight: 1, arbitrary: fc.ulid() },
  ];
  if (plausible) {
    const value = plausibleValue(property, pools[name]).map((picked) => asFormText(picked) || 'x');
    values.push({ weight: 6, arbitrary: value });
  }
  return fc.oneof(...values);
}

export interface RequestOptions {
  /** Values the route may accept (ids of records that exist, real slot starts, tokens). */
  readonly pools: ValuePools;
  /** Plausible values beside junk; off where a valid request would change shared data. */
  readonly plausible: boolean;
  /** Where plausible instants fall. */
  readonly instants?: InstantWindow;
  /** Extra headers on every request (a staff token over HTTP). */
  readonly headers?: Record<string, string>;
  /** The origins and referers a request may claim. */
  readonly origins: readonly string[];
  /** Long headers and queries (kept under Node's 16 KiB header limit unless asked for). */
  readonly maxHeaderBytes: number;
}

/** Requests for one route: its method, its path with fuzzed parameters, query, headers and body. */
export function requestFor(
  route: RouteRecord,
  config: ClinicConfig,
  options: RequestOptions,
): fc.Arbitrary<FuzzRequest> {
  const schemas = route.request(config);
  const params = inputSchema(schemas.params);
  const query = inputSchema(schemas.query);
  const body = inputSchema(schemas.body);
  const names = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1] as string);
  const pathValues = fc.tuple(
    ...names.map((name) => pathValue(name, options.pools, params, options.plausible)),
  );
  const plausible = { plausible: options.plausible, instants: options.instants };
  const queryFields = fieldsFor(query, options.pools, plausible);
  const rawQuery = fc.oneof(
    {
      weight: 6,
      arbitrary: queryFields.map((fields) =>
        new URLSearchParams(
          Object.entries(fields).map(([n, v]): [string, string] => [n, asFormText(v)]),
        ).toString(),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '%',
        '%FF=%FE',
        'a=1&a=2&a=3',
        '&&&',
        '=',
        'token',
        `${MARKER}=${'q'.repeat(6_000)}`,
        '__proto__[x]=1',
        'a[]=1&a[]=2',
      ),
    },
  );
  const headerValue = fc.oneof(
    junkString.map((text) => text.replace(/[^\t\x20-\x7e]/g, '?')),
    fc.integer({ min: 1, max: options.maxHeaderBytes }).map((size) => `${MARKER}${'h'.repeat(size)}`),
  );
  const headers = fc.record(
    {
      accept: fc.constantFrom(...ACCEPTS),
      // Mostly fresh keys; now and then one reused with another body (422) or out of range (400).
      'idempotency-key': fc.oneof(
        { weight: 6, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.constantFrom('same-key-1', '') },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 300 }) },
      ),
      'x-booking-token': fc.oneof(
        { weight: 1, arbitrary: headerValue },
        {
          weight: 3,
          arbitrary: fc.constantFrom(...((options.pools.token as string[] | undefined) ?? ['t'])),
        },
      ),
      origin: fc.constantFrom(...options.origins, 'https://evil.example', 'null'),
      referer: fc.constantFrom(
        ...options.origins.map((origin) => `${origin}/contact`),
        'https://evil.example/x',
        'not a url',
      ),
      'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('unknown', '', '1.2.3.4, 5.6.7.8')),
      'user-agent': headerValue,
      [`x-${MARKER}`]: headerValue,
    },
    { requiredKeys: ['x-forwarded-for'] },
  );
  const bodies =
    route.method === 'GET' || route.method === 'DELETE'
      ? fc.option(bodyFor(fieldsFor(undefined, options.pools, { plausible: false })), { freq: 8 })
      : bodyFor(fieldsFor(body, options.pools, plausible));
  return fc
    .record({ values: pathValues, query: rawQuery, headers, body: bodies })
    .map(({ values, query: q, headers: h, body: b }) => {
      const pathParameters: Record<string, string> = {};
      let path = route.path;
      names.forEach((name, i) => {
        // Well-formed: a lone surrogate cannot travel in a URL at all.
        const value = (values[i] as string).toWellFormed();
        pathParameters[name] = value;
        path = path.replace(
          new RegExp(`\\{${name}\\+?\\}`),
          route.path.includes(`{${name}+}`)
            ? value.split('/').map(encodeURIComponent).join('/')
            : encodeURIComponent(value),
        );
      });
      const sent: Record<string, string> = { ...h, ...options.headers };
      if (b?.contentType !== undefined) sent['content-type'] = b.contentType;
      return { method: route.method, path, pathParameters, query: q, headers: sent, body: b ?? undefined };
    });
}

// ---- The properties of an answer ----

export interface FuzzAnswer {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The statuses the OpenAPI document lists for each operation (`GET /v1/health` → [200, 500]). */
export function documentedStatuses(
  routes: readonly RouteRecord[],
  config: ClinicConfig,
): Map<string, Set<number>> {
  const document = buildOpenApiDocument(routes, config, { version: 'fuzz' }) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  const statuses = new Map<string, Set<number>>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      statuses.set(`${method.toUpperCase()} ${path}`, new Set(Object.keys(operation.responses).map(Number)));
    }
  }
  return statuses;
}

export interface AnswerRules {
  readonly documented: Map<string, Set<number>>;
  /** Where a redirect may send a browser: the clinic's own sites and this API. */
  readonly redirectOrigins: readonly string[];
}

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/**
 * The properties every answer has, whatever was sent: never a 5xx; an error is a problem document
 * with a code of the API (and that code's status), or a page where the route answers pages, its
 * status documented for the operation; no error repeats what was sent; every answer carries
 * nosniff; a redirect stays on the clinic's sites. Returns what is wrong, or undefined.
 */
export function answerViolation(
  route: RouteRecord,
  answer: FuzzAnswer,
  rules: AnswerRules,
): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (answer.headers['x-content-type-options'] !== 'nosniff') {
    return `a ${answer.status} without X-Content-Type-Options: nosniff`;
  }
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers.location ?? '';
    let origin: string | undefined;
    try {
      origin = new URL(location).origin;
    } catch {
      return `redirected to an unreadable location ${JSON.stringify(location.slice(0, 100))}`;
    }
    if (!rules.redirectOrigins.includes(origin)) return `redirected off the clinic's sites, to ${origin}`;
  }
  if (answer.status < 400) return undefined;
  const documented = rules.documented.get(`${route.method} ${route.path}`);
  if (documented && !documented.has(answer.status)) {
    return `answered ${answer.status}, which the OpenAPI document does not list for ${route.method} ${route.path}`;
  }
  const type = answer.headers['content-type'] ?? '';
  if (answer.body.includes(MARKER) && !type.startsWith('text/html')) {
    return `the error answer repeats input: ${answer.body.slice(0, 300)}`;
  }
  // An error page shows the form again as the patient typed it (issue 11): input may come back,
  // but only as escaped field values, a textarea's text or the kept message, never as markup.
  if (type.startsWith('text/html')) {
    const outsideFields = answer.body
      .replace(/ value="[^"]*"/g, '')
      .replace(/<textarea[^>]*>[^<]*<\/textarea>/g, '')
      .replace(/<blockquote>[^<]*<\/blockquote>/g, '');
    if (outsideFields.includes(MARKER))
      return `the error page repeats input outside its fields: ${answer.body.slice(0, 300)}`;
    if (/<script/i.test(answer.body)) return 'the error page has a script in it';
  }
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value.includes(MARKER)) return `the error answer's ${name} header repeats input`;
  }
  if (type.startsWith('text/html')) {
    return route.html ? undefined : `a ${answer.status} page from a route that answers no pages`;
  }
  if (!type.startsWith('application/problem+json'))
    return `a ${answer.status} that is not a problem document (${type})`;
  let problem: { type?: unknown; status?: unknown; code?: unknown; title?: unknown };
  try {
    problem = JSON.parse(answer.body);
  } catch {
    return 'a problem document that is not JSON';
  }
  if (typeof problem.code !== 'string' || !CODES.has(problem.code))
    return `problem code ${JSON.stringify(problem.code)} is not in API.md`;
  const expected = PROBLEMS[problem.code as ErrorCode];
  if (problem.status !== answer.status || expected.status !== answer.status) {
    return `problem ${problem.code} with status ${String(problem.status)} answered as ${answer.status}`;
  }
  if (problem.type !== 'about:blank' || problem.title !== expected.title)
    return `problem ${problem.code} has another type or title`;
  return undefined;
}

// ---- What is stored ----

/**
 * The attributes each kind of item may have: what its builder writes (shared/core/inquiries/lead.ts
 * buildLeadItem, the staff changes in shared/adapters/dynamodb/lead-store.ts; shared/core/scheduling
 * booking.ts toBookingItem; blocks.ts blockItems), plus delivery state (`email_…`, `sms_…`). A new
 * attribute is declared here, on purpose: the fuzz's "never an undeclared field stored".
 */
export const DECLARED_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  inquiry: new Set([
    'pk',
    'sk',
    'kind',
    'id',
    'status',
    'receivedAt',
    'name',
    'email',
    'phone',
    'message',
    'topic',
    'preferredContact',
    'consent',
    'custom',
    'attribution',
    'captcha',
    'gsi1pk',
    'gsi1sk',
    'expiresAt',
    'history',
    'notes',
  ]),
  booking: new Set([
    'pk',
    'sk',
    'kind',
    'id',
    'status',
    'typeId',
    'providerId',
    'start',
    'end',
    'bufferBeforeMinutes',
    'bufferAfterMinutes',
    'lockBlockMinutes',
    'gsi1pk',
    'gsi1sk',
    'name',
    'email',
    'phone',
    'reason',
    'notes',
    'attribution',
    'tokenHash',
    'sequence',
    'createdAt',
    'updatedAt',
    'cancelledAt',
    'cancelReason',
    'attendance',
    'confirmedAt',
    'history',
    'smsConsent',
    'reminders',
    'expiresAt',
    'captcha',
  ]),
};

const DELIVERY_PREFIXES = ['email_', 'sms_'];

/** Every attribute name in an item, nested maps and lists included, with its path. */
function attributeNames(value: unknown, at: string, found: { path: string; name: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      attributeNames(entry, `${at}[${i}]`, found);
    });
  } else if (value instanceof Set || value instanceof Uint8Array) {
    // Sets of strings and binary values hold no names.
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, child] of Object.entries(value)) {
      found.push({ path: at, name });
      attributeNames(child, at ? `${at}.${name}` : name, found);
    }
  }
}

/**
 * What is wrong with a stored item: a name the fuzzer invented anywhere in it, an attribute its
 * kind does not declare, or a custom field or attribution key the clinic config does not name.
 */
export function storedItemViolation(
  item: Record<string, unknown>,
  config: ClinicConfig,
  attributionFields: readonly string[],
): string | undefined {
  const names: { path: string; name: string }[] = [];
  attributeNames(item, '', names);
  const invented = names.find(({ name }) => name.includes(MARKER) || name === '__proto__');
  if (invented)
    return `item ${String(item.pk)} stores the invented name ${JSON.stringify(invented.name)} at ${invented.path || '(top)'}`;
  const declared = DECLARED_ATTRIBUTES[String(item.kind)];
  if (declared) {
    for (const name of Object.keys(item)) {
      if (!declared.has(name) && !DELIVERY_PREFIXES.some((prefix) => name.startsWith(prefix))) {
        return `a ${String(item.kind)} item stores ${JSON.stringify(name)}, which its kind does not declare (test/integration/fuzz/support.ts)`;
      }
    }
  }
  const custom = new Set(config.forms.customFields.map((field) => field.name));
  for (const name of Object.keys((item.custom as object | undefined) ?? {})) {
    if (!custom.has(name))
      return `item ${String(item.pk)} stores the custom field ${JSON.stringify(name)}, which the config does not declare`;
  }
  for (const name of Object.keys((item.attribution as object | undefined) ?? {})) {
    if (!attributionFields.includes(name))
      return `item ${String(item.pk)} stores the attribution key ${JSON.stringify(name)}`;
  }
  return undefined;
}
