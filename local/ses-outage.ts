// A switchable SES outage for the integration tests: a pass-through proxy in front of the SES
// emulator that, while switched on, answers every SES call 503 ServiceUnavailable as SES does in
// an outage. The emulator keeps running (and keeps its stored emails), so a test can show that a
// mail outage delays emails and loses none without disturbing what other tests have received.
//   POST /__local/outage/start   every SES call fails from now on
//   POST /__local/outage/end     calls go through again once every start has been ended
//   GET  /__local/outage         {"outage": true|false, "refused": N}
//   GET  /__local/outage?mentioning=TEXT   …and "refusedMentioning": how many refused calls
//        carried TEXT (say, a recipient's address), so a test knows its own email was tried
//   GET  /__local/raw?mentioning=TEXT   {"messages": [base64…]}: the raw MIME of each SendRawEmail
//        passed through whose text carries TEXT, byte for byte as the emulator got it (the
//        emulator itself keeps only what it parsed: no headers, no line endings)
// Starts are counted, so tests running at the same time can each hold an outage without one
// ending another's early.
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SesOutageSwitch {
  /** Give this to the functions as SES_ENDPOINT. */
  readonly url: string;
  close(): Promise<void>;
}

const CONTROL_PREFIX = '/__local/outage';
/** Refused calls kept for `mentioning` (the newest); enough for any test's outage. */
const KEPT_REFUSALS = 500;
const RAW_PREFIX = '/__local/raw';
/** Raw messages kept for `/__local/raw` (the newest). */
const KEPT_RAW = 1000;

/** A refused call's text: its query parameters, with SendRawEmail's base64 message decoded. */
function refusedText(body: string): string {
  const params = new URLSearchParams(body);
  const raw = params.get('RawMessage.Data');
  return [body, ...params.values(), raw ? Buffer.from(raw, 'base64').toString('utf8') : ''].join('\n');
}

function unavailable(response: ServerResponse): void {
  const body =
    '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Receiver</Type>' +
    '<Code>ServiceUnavailable</Code><Message>Service unavailable (local outage switch)</Message></Error>' +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  response.writeHead(503, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

export async function startSesOutageSwitch(targetUrl: string): Promise<SesOutageSwitch> {
  const target = new URL(targetUrl);
  let holders = 0;
  let refused = 0;
  const refusedTexts: string[] = [];
  const rawMessages: { readonly raw: string; readonly text: string }[] = [];

  const raws = (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    const mentioning = new URL(request.url ?? '', 'http://switch').searchParams
      .get('mentioning')
      ?.toLowerCase();
    const messages = rawMessages.filter((m) => !mentioning || m.text.includes(mentioning)).map((m) => m.raw);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ messages }));
  };

  const control = (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    const url = new URL(request.url ?? '', 'http://switch');
    const path = url.pathname;
    if (request.method === 'POST' && path === `${CONTROL_PREFIX}/start`) holders += 1;
    else if (request.method === 'POST' && path === `${CONTROL_PREFIX}/end`)
      holders = Math.max(0, holders - 1);
    else if (!(request.method === 'GET' && path === CONTROL_PREFIX)) {
      response.writeHead(404).end();
      return;
    }
    const mentioning = url.searchParams.get('mentioning')?.toLowerCase();
    const refusedMentioning = mentioning
      ? refusedTexts.filter((text) => text.includes(mentioning)).length
      : undefined;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ outage: holders > 0, refused, refusedMentioning }));
  };

  const forward = (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) unavailable(response);
      else response.destroy();
    });
    upstream.end(body);
  };

  const server = createServer((request, response) => {
    if ((request.url ?? '').startsWith(CONTROL_PREFIX)) return control(request, response);
    if ((request.url ?? '').startsWith(RAW_PREFIX)) return raws(request, response);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (holders > 0) {
        refused += 1;
        refusedTexts.push(refusedText(body.toString('utf8')).toLowerCase());
        if (refusedTexts.length > KEPT_REFUSALS) refusedTexts.shift();
        unavailable(response);
        return;
      }
      const raw = new URLSearchParams(body.toString('utf8')).get('RawMessage.Data');
      if (raw) {
        rawMessages.push({ raw, text: Buffer.from(raw, 'base64').toString('utf8').toLowerCase() });
        if (rawMessages.length > KEPT_RAW) rawMessages.shift();
      }
      forward(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
