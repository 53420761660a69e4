// Request bodies: the size and media-type gate, then one parser per media type. Each parser is a
// plain function or a single promise the route awaits; none runs code in a callback of its own, so
// whatever a body holds, its failure reaches the problem answers and never escapes the request.
// (The middy parsers this replaced let a multipart part without a name throw inside busboy's
// `field` event, outside any promise: an uncaught exception. docs/reliability.md "Malformed bodies".)
import { DomainError, ValidationError } from '../../core/errors.ts';

export const MAX_BODY_BYTES = 64 * 1024;
/** Deeper JSON than any route takes; refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 16;
/** Form fields (urlencoded or multipart) in one body; more is not a form a person filled in. */
export const MAX_FORM_FIELDS = 500;

export type BodyMediaType = 'json' | 'urlencoded' | 'multipart';

/**
 * Whether a request's body is read: POST, PUT and PATCH. Any other method's body, which API
 * Gateway passes along, means nothing here and is left unread (so a stray one cannot fail it).
 */
export function readsBody(method: string): boolean {
  const upper = method.toUpperCase();
  return upper === 'POST' || upper === 'PUT' || upper === 'PATCH';
}

/** The media type of a request body, or undefined when it is one we do not take. */
export function bodyMediaType(contentType: string | undefined): BodyMediaType | undefined {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase();
  if (essence === 'application/json' || (essence?.startsWith('application/') && essence.endsWith('+json'))) {
    return 'json';
  }
  if (essence === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (essence === 'multipart/form-data') return 'multipart';
  return undefined;
}

/** The one answer to a body that cannot be read: it names no field and repeats nothing sent. */
export function unreadableBody(message: string): ValidationError {
  return new ValidationError([{ path: '(body)', message }], 'The body could not be parsed');
}

const NOT_JSON = 'The body could not be parsed; send well-formed JSON or form data';
const NOT_UTF8 = 'The body is not valid UTF-8 text';
const NOT_MULTIPART = 'The body is not well-formed multipart/form-data';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function utf8Text(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw unreadableBody(NOT_UTF8);
  }
}

/**
 * `__proto__` and a `constructor` carrying `prototype` are refused (what prototype pollution
 * needs), and so is nesting beyond MAX_JSON_DEPTH. Walked with a stack of its own, not recursion,
 * so no shape of body can overflow the call stack.
 */
function checkJsonShape(root: unknown): void {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) throw unreadableBody(`JSON may be nested at most ${MAX_JSON_DEPTH} deep`);
    for (const [key, child] of Object.entries(value)) {
      const constructorWithPrototype =
        key === 'constructor' &&
        typeof child === 'object' &&
        child !== null &&
        Object.hasOwn(child, 'prototype');
      if (key === '__proto__' || constructorWithPrototype) {
        throw unreadableBody('The body uses a reserved property name');
      }
      pending.push({ value: child, depth: depth + 1 });
    }
  }
}

function parseJson(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8Text(bytes));
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unreadableBody(NOT_JSON);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError([{ path: '(body)', message: 'The body must be a JSON object' }]);
  }
  checkJsonShape(value);
  return value as Record<string, unknown>;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/**
 * One name or value of `application/x-www-form-urlencoded` (WHATWG URL "urlencoded parser"):
 * `+` is a space, `%XX` a byte, a `%` not followed by two hex digits is itself; the bytes must then
 * be UTF-8, where the WHATWG parser would silently put U+FFFD in what gets stored.
 */
function formComponent(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2b) {
      bytes.push(0x20);
    } else if (
      code === 0x25 &&
      i + 2 < text.length &&
      hexDigit(text.charCodeAt(i + 1)) >= 0 &&
      hexDigit(text.charCodeAt(i + 2)) >= 0
    ) {
      bytes.push(hexDigit(text.charCodeAt(i + 1)) * 16 + hexDigit(text.charCodeAt(i + 2)));
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      // A whole code point (a surrogate pair stays together), as UTF-8.
      const point = text.codePointAt(i) as number;
      for (const byte of encoder.encode(String.fromCodePoint(point))) bytes.push(byte);
      if (point > 0xffff) i++;
    }
  }
  return utf8Text(Uint8Array.from(bytes));
}

/** The fields of a form; a field sent twice keeps its last value (a hidden "false" before a checkbox). */
function formFields(entries: Iterable<readonly [string, string]>): Record<string, string> {
  const fields = new Map<string, string>();
  let count = 0;
  for (const [name, value] of entries) {
    count++;
    if (count > MAX_FORM_FIELDS) throw unreadableBody(`A form may carry at most ${MAX_FORM_FIELDS} fields`);
    fields.delete(name);
    fields.set(name, value);
  }
  // fromEntries defines each name as an own property: a field called `__proto__` is just a field.
  return Object.fromEntries(fields);
}

function parseUrlencoded(bytes: Uint8Array): Record<string, string> {
  const text = utf8Text(bytes);
  const entries: [string, string][] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = equals === -1 ? pair : pair.slice(0, equals);
    const value = equals === -1 ? '' : pair.slice(equals + 1);
    entries.push([formComponent(name), formComponent(value)]);
  }
  return formFields(entries);
}

/**
 * multipart/form-data by the runtime's own parser (undici's, behind `Response.formData()`): one
 * promise, strict about structure — a part without a name or without Content-Disposition, a
 * missing boundary or a truncated body rejects it. Files are refused (415), not dropped.
 */
async function parseMultipart(bytes: Uint8Array, contentType: string): Promise<Record<string, string>> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw unreadableBody(NOT_MULTIPART);
  }
  const entries: [string, string][] = [];
  for (const [name, value] of form) {
    if (typeof value !== 'string')
      throw new DomainError('unsupported_media_type', 'File uploads are not accepted');
    entries.push([name, value]);
  }
  // undici decodes each part as UTF-8 with replacement characters; without files the whole body is
  // text, so it is checked once here rather than letting U+FFFD into what is stored.
  utf8Text(bytes);
  return formFields(entries);
}

/**
 * The body's fields: JSON as sent (an object), a form as name → last value. Over 64 KiB is 413, a
 * media type but JSON, urlencoded or multipart is 415, anything unreadable is 400 validation_failed.
 * An empty body is `{}`, so the route's field rules, not the parser, say what is missing.
 */
export async function parseBody(
  bytes: Uint8Array,
  contentType: string | undefined,
): Promise<Record<string, unknown>> {
  if (bytes.byteLength > MAX_BODY_BYTES) {
    throw new DomainError('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB`);
  }
  if (bytes.byteLength === 0) return {};
  switch (bodyMediaType(contentType)) {
    case 'json':
      return parseJson(bytes);
    case 'urlencoded':
      return parseUrlencoded(bytes);
    case 'multipart':
      return parseMultipart(bytes, contentType as string);
    default:
      throw new DomainError(
        'unsupported_media_type',
        'Send application/json, application/x-www-form-urlencoded or multipart/form-data',
      );
  }
}
