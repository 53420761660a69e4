// The local Turnstile siteverify stand-in: the functions verify CAPTCHA tokens against it exactly
// as against Cloudflare (shared/adapters/turnstile/siteverify.ts, SITEVERIFY_URL), and it answers
// as Cloudflare answers its published test secrets:
//   1x0000000000000000000000000000000AA  passes any token, with the `hostname` of the clinic's first
//                                        allowed origin and the `action` of its config
//   2x0000000000000000000000000000000AA  fails:  invalid-input-response
//   3x0000000000000000000000000000000AA  fails:  timeout-or-duplicate (the token was already spent)
//   anything else                        invalid-input-secret (there is no real secret here)
// A verification repeated with the same `idempotency_key` gets the first one's answer, as Cloudflare
// promises. The routes:
//   POST /turnstile/v0/siteverify   JSON or a form: secret, response, remoteip, idempotency_key
//   GET  /verifications             every verification asked for, oldest first (no token, no secret)
//   GET  /outage   POST /outage {"mode"}   switch an outage on and off, for tests:
//     "none"            normal answers
//     "unreachable"     every connection is dropped without an answer (Cloudflare cannot be reached)
//     "internal-error"  success: false, error-codes ["internal-error"] (Cloudflare's own failure)
//     "internal-error-once"  that, for the next verification only (its retry is answered normally)
//     "http-503"        503 Service Unavailable
//   DELETE /verifications   forgets them (and every idempotency key)
// It runs in the stack's own process and keeps everything in memory; nothing leaves the machine.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortInUseError } from './processes.ts';

export const DEFAULT_TURNSTILE_PORT = 8007;
export const TURNSTILE_PORT_NAME = 'TURNSTILE_PORT, the Turnstile stand-in';
export const SITEVERIFY_PATH = '/turnstile/v0/siteverify';

/** Cloudflare's published test secret keys (developers.cloudflare.com/turnstile/troubleshooting/testing). */
export const TEST_SECRETS = {
  alwaysPasses: '1x0000000000000000000000000000000AA',
  alwaysFails: '2x0000000000000000000000000000000AA',
  alreadySpent: '3x0000000000000000000000000000000AA',
} as const;

/** Cloudflare's published test site keys (the browser's side): this one's check always passes. */
export const TEST_SITE_KEYS = { alwaysPasses: '1x00000000000000000000AA' } as const;

/** The token Cloudflare's test site keys put in the form (any token passes the always-pass secret). */
export const DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

export const OUTAGE_MODES = [
  'none',
  'unreachable',
  'internal-error',
  'internal-error-once',
  'http-503',
] as const;
export type OutageMode = (typeof OUTAGE_MODES)[number];

/** One verification as the stand-in saw it (`GET /verifications`). */
export interface Verification {
  readonly at: string;
  /** Which test secret was used (`alwaysPasses`, …), or `unknown`; never the secret itself. */
  readonly secret: keyof typeof TEST_SECRETS | 'unknown' | 'missing';
  readonly idempotencyKey: string | null;
  readonly remoteip: string | null;
  /** The outage mode at the time, `none` for a normal answer. */
  readonly outage: OutageMode;
  /** Whether it was answered from an earlier verification with the same idempotency key. */
  readonly replayed: boolean;
  readonly success: boolean | null;
  readonly errorCodes: readonly string[];
}

export interface TurnstileStandInOptions {
  /** 0: a port the OS hands out. */
  readonly port: number;
  readonly host?: string;
  /** What a passing answer names: the host of the clinic's first allowed origin. */
  readonly hostname: string;
  /** The clinic's captcha.action, answered on success (Cloudflare answers "" without one). */
  readonly action?: string | undefined;
}

export interface RunningTurnstileStandIn {
  readonly url: string;
  /** Give this to the functions as SITEVERIFY_URL. */
  readonly siteverifyUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

const json = (status: number, body: unknown): Answer => ({ status, body });

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw json(413, { message: 'Body too large' });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The fields of a siteverify request, sent as JSON or as a form, as Cloudflare accepts both. */
function fieldsOf(raw: string, contentType: string): Record<string, string> | undefined {
  if (contentType.startsWith('application/json')) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      return Object.fromEntries(
        Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function secretKind(secret: string | undefined): Verification['secret'] {
  if (!secret) return 'missing';
  const found = Object.entries(TEST_SECRETS).find(([, value]) => value === secret);
  return (found?.[0] as keyof typeof TEST_SECRETS | undefined) ?? 'unknown';
}

export async function startTurnstileStandIn(
  options: TurnstileStandInOptions,
): Promise<RunningTurnstileStandIn> {
  const host = options.host ?? '127.0.0.1';
  let outage: OutageMode = 'none';
  let verifications: Verification[] = [];
  const byIdempotencyKey = new Map<string, Record<string, unknown>>();

  const failure = (...codes: string[]) => ({ success: false, 'error-codes': codes, messages: [] });

  function verdict(fields: Record<string, string>): Record<string, unknown> {
    const kind = secretKind(fields.secret);
    if (kind === 'missing') return failure('missing-input-secret');
    if (kind === 'unknown') return failure('invalid-input-secret');
    if (!fields.response) return failure('missing-input-response');
    if (kind === 'alwaysFails') return failure('invalid-input-response');
    if (kind === 'alreadySpent') return failure('timeout-or-duplicate');
    return {
      success: true,
      challenge_ts: new Date().toISOString(),
      hostname: options.hostname,
      'error-codes': [],
      action: options.action ?? '',
      cdata: '',
      metadata: { ephemeral_id: `x:${randomUUID()}` },
    };
  }

  async function siteverify(request: IncomingMessage): Promise<Answer | 'drop'> {
    const raw = await readBody(request);
    const fields = fieldsOf(raw, String(request.headers['content-type'] ?? ''));
    const record = (answer: Record<string, unknown> | null, replayed = false) => {
      verifications = [
        ...verifications,
        {
          at: new Date().toISOString(),
          secret: secretKind(fields?.secret),
          idempotencyKey: fields?.idempotency_key ?? null,
          remoteip: fields?.remoteip ?? null,
          outage,
          replayed,
          success: answer ? answer.success === true : null,
          errorCodes: answer ? (answer['error-codes'] as string[]) : [],
        },
      ].slice(-5_000);
    };
    if (outage === 'unreachable') {
      record(null);
      return 'drop';
    }
    if (outage === 'http-503') {
      record(null);
      return json(503, { message: 'Service Unavailable (the stand-in is simulating an outage)' });
    }
    if (outage === 'internal-error' || outage === 'internal-error-once') {
      const answer = failure('internal-error');
      record(answer);
      if (outage === 'internal-error-once') outage = 'none';
      return json(200, answer);
    }
    if (!fields) {
      const answer = failure('bad-request');
      record(answer);
      return json(400, answer);
    }
    const key = fields.idempotency_key;
    const earlier = key ? byIdempotencyKey.get(key) : undefined;
    if (earlier) {
      record(earlier, true);
      return json(200, earlier);
    }
    const answer = verdict(fields);
    if (key) byIdempotencyKey.set(key, answer);
    record(answer);
    return json(200, answer);
  }

  async function setOutage(request: IncomingMessage): Promise<Answer> {
    const raw = await readBody(request);
    const mode = fieldsOf(raw, String(request.headers['content-type'] ?? 'application/json'))?.mode;
    if (!OUTAGE_MODES.includes(mode as OutageMode)) {
      return json(400, { message: `Send {"mode": one of ${OUTAGE_MODES.join(', ')}}` });
    }
    outage = mode as OutageMode;
    return json(200, { mode: outage });
  }

  async function handle(request: IncomingMessage): Promise<Answer | 'drop'> {
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    const route = `${request.method ?? 'GET'} ${path}`;
    if (route === `POST ${SITEVERIFY_PATH}`) return siteverify(request);
    if (route === 'POST /outage') return setOutage(request);
    request.resume();
    switch (route) {
      case 'GET /outage':
        return json(200, { mode: outage });
      case 'GET /verifications':
        return json(200, verifications);
      case 'DELETE /verifications':
        verifications = [];
        byIdempotencyKey.clear();
        return json(200, { forgotten: true });
      case 'GET /':
        return json(200, {
          about: 'Local stand-in of Cloudflare Turnstile siteverify (local/turnstile.ts)',
          siteverify: SITEVERIFY_PATH,
          hostname: options.hostname,
          action: options.action ?? '',
          outage,
        });
      default:
        return json(404, { message: `No ${route} here` });
    }
  }

  const server: Server = createServer((request, response) => {
    handle(request)
      .catch((error: unknown) =>
        typeof error === 'object' && error !== null && 'status' in error
          ? (error as Answer)
          : json(500, { message: 'The Turnstile stand-in failed on this request' }),
      )
      .then((answer) => {
        if (answer === 'drop') {
          request.socket.destroy();
          return;
        }
        const body = JSON.stringify(answer.body);
        response.writeHead(answer.status, {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
        });
        response.end(body);
      });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port, TURNSTILE_PORT_NAME) : error),
    );
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  return {
    url,
    siteverifyUrl: `${url}${SITEVERIFY_PATH}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
