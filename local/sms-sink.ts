// The local SMS sink: a stand-in for AWS End User Messaging SMS (no emulator exists), so texts sent
// locally take the production path — the real PinpointSMSVoiceV2Client and its SendTextMessage —
// and land here instead of on a phone. It speaks the service's wire protocol (AWS JSON 1.0):
//   POST /  X-Amz-Target: PinpointSMSVoiceV2.SendTextMessage   → 200 {"MessageId"}
//     a number marked opted out → 400 ConflictException, Reason DESTINATION_PHONE_NUMBER_OPTED_OUT
//     a request the service would refuse → 400 ValidationException (Reason, Fields)
//     any other operation → 400 UnknownOperationException
// and, for people and tests:
//   GET    /messages   every text received, oldest first (JSON); `?to=+1…` only those to that number
//   DELETE /messages   forgets them (and the refusals)
//   POST   /opt-outs   {"phone"} (JSON or a form): the number opted out (as if it had replied STOP)
//   GET    /opt-outs   the opted-out numbers;  DELETE /opt-outs  opts them all back in
//   GET    /refusals   every text refused because its number opted out (nothing was sent)
//   GET    /           a page listing the texts, newest first
// It runs in the stack's own process and keeps everything in memory; nothing leaves the machine.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { html, joinHtml, type SafeHtml, trustedHtml } from '../shared/core/messages/html.ts';
import { type SmsSegments, smsSegments } from '../shared/core/messages/sms-segments.ts';
import { PortInUseError } from './processes.ts';

export const DEFAULT_SMS_PORT = 8006;
export const SMS_PORT_NAME = 'SMS_PORT, the SMS sink';

/** A text as the sink received it (`GET /messages`). */
export interface SinkText extends SmsSegments {
  readonly messageId: string;
  /** DestinationPhoneNumber */
  readonly to: string;
  readonly body: string;
  /** ISO time it was received. */
  readonly at: string;
  readonly originationIdentity: string | null;
  readonly messageType: string | null;
  readonly configurationSetName: string | null;
}

/** A text refused because its destination opted out (`GET /refusals`). */
export interface SinkRefusal {
  readonly to: string;
  readonly at: string;
  readonly reason: typeof OPTED_OUT;
}

export interface SmsSinkOptions {
  /** 0: a port the OS hands out. */
  readonly port: number;
  readonly host?: string;
}

export interface RunningSmsSink {
  /** Give this to the functions as SMS_ENDPOINT; its page is at `/`. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const TARGET_PREFIX = 'PinpointSMSVoiceV2.';
const JSON_1_0 = 'application/x-amz-json-1.0';
const OPTED_OUT = 'DESTINATION_PHONE_NUMBER_OPTED_OUT';
const MAX_BODY_BYTES = 256 * 1024;
/** Kept newest; more than any local session or test run sends. */
const KEPT = 5_000;

// The SendTextMessage input constraints of the service model (and E.164, which the service
// enforces on a destination).
const PHONE_PATTERN = /^\+?[1-9][0-9]{1,18}$/;
const E164 = /^\+[1-9][0-9]{1,14}$/;
const IDENTITY_PATTERN = /^[A-Za-z0-9_:/+-]+$/;
const CONFIGURATION_SET_PATTERN = /^[A-Za-z0-9_:/-]+$/;
const MESSAGE_TYPES = ['TRANSACTIONAL', 'PROMOTIONAL'];

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** An AWS JSON 1.0 error as the service sends it (what the SDK's deserializer reads). */
function awsError(type: string, fields: Record<string, unknown>, status = 400): HttpAnswer {
  return new HttpAnswer(status, JSON.stringify({ __type: type, ...fields }), { 'content-type': JSON_1_0 });
}

function json(status: number, value: unknown): HttpAnswer {
  return new HttpAnswer(status, JSON.stringify(value), { 'content-type': 'application/json' });
}

interface FieldProblem {
  readonly Name: string;
  readonly Message: string;
}

function validationError(reason: string, problems: readonly FieldProblem[]): HttpAnswer {
  const count = problems.length;
  return awsError('ValidationException', {
    Message: `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.map((p) => `'${p.Name}' ${p.Message}`).join('; ')}`,
    Reason: reason,
    Fields: problems,
  });
}

function stringField(
  request: Record<string, unknown>,
  name: string,
  problems: FieldProblem[],
  rule: { required?: boolean; max: number; pattern?: RegExp },
): string | null {
  const value = request[name];
  if (value === undefined || value === null) {
    if (rule.required) problems.push({ Name: name, Message: 'must not be null' });
    return null;
  }
  if (typeof value !== 'string') {
    problems.push({ Name: name, Message: 'must be a string' });
    return null;
  }
  if (value.length < 1 || value.length > rule.max) {
    problems.push({ Name: name, Message: `must have length between 1 and ${rule.max}` });
  } else if (rule.pattern && !rule.pattern.test(value)) {
    problems.push({ Name: name, Message: `must satisfy regular expression pattern: ${rule.pattern.source}` });
  }
  return value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpAnswer(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#f6f7f9}' +
  'h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}a{color:#0b57d0}' +
  'p.note{color:#444;margin:.25rem 0 1rem}code{font-size:.9em}' +
  'ol{list-style:none;padding:0;margin:0}' +
  'li.text{background:#fff;border:1px solid #d5d8dc;border-radius:10px;padding:.75rem 1rem;margin:0 0 .75rem}' +
  '.meta{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.875rem;color:#444}' +
  '.to{font-weight:600;color:#1a1a1a;font-variant-numeric:tabular-nums}' +
  '.body{white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0 .25rem;font-size:1rem}' +
  '.segments{font-size:.8rem;color:#555}.segments.many{color:#a4262c;font-weight:600}' +
  'form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0 1rem}' +
  'label{display:flex;flex-direction:column;font-size:.875rem;gap:.2rem}' +
  'input{font:inherit;padding:.5rem;border:1px solid #8e918f;border-radius:8px;min-width:12rem}' +
  'button{font:inherit;padding:.5rem 1rem;border-radius:8px;border:1px solid #0b57d0;background:#0b57d0;color:#fff}' +
  'ul.plain{padding-left:1.25rem}li.refused{margin:.25rem 0}';

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function segmentsNote(text: SinkText): SafeHtml {
  const many = text.segments > 1;
  const label = `${text.units} ${text.encoding === 'GSM-7' ? 'characters' : 'UCS-2 units'}, ${text.encoding}, ${text.segments} segment${text.segments === 1 ? '' : 's'}`;
  return html`<span class="segments${many ? ' many' : ''}">${label}</span>`;
}

/** `2026-12-01 14:00:05 UTC`: the sink keeps no time zone of the clinic's. */
function shownTime(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</time>`;
}

function textItem(text: SinkText): SafeHtml {
  const details = [
    html`<span class="to">To ${text.to}</span>`,
    shownTime(text.at),
    html`<span>From ${text.originationIdentity ?? '(default)'}</span>`,
    html`<span>${text.messageType ?? 'no message type'}</span>`,
  ];
  return html`<li class="text"><div class="meta">${details}</div><p class="body">${text.body}</p>${segmentsNote(text)}</li>`;
}

function page(
  texts: readonly SinkText[],
  refusals: readonly SinkRefusal[],
  optedOut: ReadonlyMap<string, string>,
): string {
  const newest = [...texts].reverse();
  const list =
    newest.length === 0
      ? html`<p>No texts yet. Texts the functions send locally appear here, newest first.</p>`
      : html`<ol>${joinHtml(newest.map(textItem), html`\n`)}</ol>`;
  const refused =
    refusals.length === 0
      ? undefined
      : html`<h2>Refused (number opted out)</h2><ul class="plain">${joinHtml(
          [...refusals].reverse().map((r) => html`<li class="refused">${r.to} at ${shownTime(r.at)}</li>`),
          html`\n`,
        )}</ul>`;
  const optOuts =
    optedOut.size === 0
      ? html`<p>No number has opted out.</p>`
      : html`<ul class="plain">${joinHtml(
          [...optedOut.keys()].map((phone) => html`<li>${phone}</li>`),
          html`\n`,
        )}</ul>`;
  return String(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Text messages (local SMS sink)</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<main>
<h1>Text messages</h1>
<p class="note">${texts.length} received by the local SMS sink, which stands in for AWS End User Messaging SMS; nothing leaves this machine. <a href="/">Refresh</a> · JSON: <a href="/messages"><code>/messages</code></a></p>
${list}
${refused ?? ''}
<h2>Opted-out numbers</h2>
${optOuts}
<form method="post" action="/opt-outs">
<label>Phone number (E.164)<input name="phone" type="tel" required placeholder="+12015550123" autocomplete="off"></label>
<button type="submit">Mark opted out</button>
</form>
</main>
</body>
</html>
`);
}

export async function startSmsSink(options: SmsSinkOptions): Promise<RunningSmsSink> {
  const host = options.host ?? '127.0.0.1';
  let texts: SinkText[] = [];
  let refusals: SinkRefusal[] = [];
  const optedOut = new Map<string, string>();

  const keep = <T>(list: T[], entry: T): T[] => [...list, entry].slice(-KEPT);

  function sendTextMessage(input: Record<string, unknown>): HttpAnswer {
    const problems: FieldProblem[] = [];
    const to = stringField(input, 'DestinationPhoneNumber', problems, {
      required: true,
      max: 20,
      pattern: PHONE_PATTERN,
    });
    const originationIdentity = stringField(input, 'OriginationIdentity', problems, {
      max: 256,
      pattern: IDENTITY_PATTERN,
    });
    const body = stringField(input, 'MessageBody', problems, { max: 1600 });
    const messageType = stringField(input, 'MessageType', problems, { max: 20 });
    const configurationSetName = stringField(input, 'ConfigurationSetName', problems, {
      max: 256,
      pattern: CONFIGURATION_SET_PATTERN,
    });
    if (messageType !== null && !MESSAGE_TYPES.includes(messageType)) {
      problems.push({ Name: 'MessageType', Message: `must be one of ${MESSAGE_TYPES.join(', ')}` });
    }
    if (problems.length > 0) return validationError('FIELD_VALIDATION_FAILED', problems);
    if (!to || !E164.test(to)) {
      return validationError('INVALID_PARAMETER', [
        { Name: 'DestinationPhoneNumber', Message: 'is not a valid E.164 phone number' },
      ]);
    }
    if (!body) {
      return validationError('MISSING_PARAMETER', [
        { Name: 'MessageBody', Message: 'is required to send a text' },
      ]);
    }
    const at = new Date().toISOString();
    if (optedOut.has(to)) {
      refusals = keep(refusals, { to, at, reason: OPTED_OUT });
      return awsError('ConflictException', {
        Message: 'The destination phone number has opted out of receiving messages.',
        Reason: OPTED_OUT,
        ResourceType: 'opt-out-list',
        ResourceId: 'Default',
      });
    }
    const messageId = randomUUID();
    texts = keep(texts, {
      messageId,
      to,
      body,
      at,
      originationIdentity,
      messageType,
      configurationSetName,
      ...smsSegments(body),
    });
    return new HttpAnswer(200, JSON.stringify({ MessageId: messageId }), { 'content-type': JSON_1_0 });
  }

  async function awsCall(request: IncomingMessage): Promise<HttpAnswer> {
    const target = String(request.headers['x-amz-target'] ?? '');
    const raw = await readBody(request);
    if (target !== `${TARGET_PREFIX}SendTextMessage`) {
      return awsError('com.amazon.coral.service#UnknownOperationException', {});
    }
    let input: unknown;
    try {
      input = raw === '' ? {} : JSON.parse(raw);
    } catch {
      return awsError('SerializationException', { Message: 'The request body is not valid JSON' });
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return awsError('SerializationException', { Message: 'The request body must be a JSON object' });
    }
    return sendTextMessage(input as Record<string, unknown>);
  }

  async function optOut(request: IncomingMessage): Promise<HttpAnswer> {
    const raw = await readBody(request);
    const form = String(request.headers['content-type'] ?? '').startsWith(
      'application/x-www-form-urlencoded',
    );
    let phone: unknown;
    try {
      phone = form ? new URLSearchParams(raw).get('phone') : (JSON.parse(raw) as { phone?: unknown })?.phone;
    } catch {
      return json(400, { message: 'Send {"phone": "+12015550123"}' });
    }
    const number = typeof phone === 'string' ? phone.trim() : '';
    if (!E164.test(number)) return json(400, { message: 'phone must be an E.164 number, e.g. +12015550123' });
    if (!optedOut.has(number)) optedOut.set(number, new Date().toISOString());
    return form ? new HttpAnswer(303, '', { location: '/' }) : new HttpAnswer(204, '');
  }

  async function handle(request: IncomingMessage): Promise<HttpAnswer> {
    const url = new URL(request.url ?? '/', 'http://sink');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    const route = `${method} ${path}`;
    if (method === 'POST' && path === '/') return awsCall(request);
    request.resume();
    switch (route) {
      case 'GET /':
        return new HttpAnswer(200, page(texts, refusals, optedOut), {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': CSP,
          'x-content-type-options': 'nosniff',
        });
      case 'GET /messages': {
        // `?to=+1…`: a `+` left unencoded in a query reads as a space.
        const to = url.searchParams.get('to')?.replace(/^ /, '+');
        return json(200, to === undefined ? texts : texts.filter((text) => text.to === to));
      }
      case 'DELETE /messages':
        texts = [];
        refusals = [];
        return new HttpAnswer(204, '');
      case 'GET /refusals':
        return json(200, refusals);
      case 'GET /opt-outs':
        return json(
          200,
          [...optedOut].map(([phone, at]) => ({ phone, at })),
        );
      case 'POST /opt-outs':
        return optOut(request);
      case 'DELETE /opt-outs':
        optedOut.clear();
        return new HttpAnswer(204, '');
      default:
        return json(404, { message: `No ${route} here; see GET / for the texts` });
    }
  }

  const server: Server = createServer((request, response: ServerResponse) => {
    handle(request)
      .catch((error: unknown) => {
        if (error instanceof HttpAnswer) return error;
        return json(500, { message: 'The SMS sink failed on this request' });
      })
      .then((answer) => {
        response.writeHead(answer.status, {
          ...answer.headers,
          'x-amzn-requestid': randomUUID(),
          'content-length': String(Buffer.byteLength(answer.body)),
        });
        response.end(answer.body);
      });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port, SMS_PORT_NAME) : error),
    );
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
