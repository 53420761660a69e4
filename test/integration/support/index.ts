// Helpers for integration tests: talk HTTP to the local gateway, read what the SES emulator
// (and, in ./sms.ts, the SMS sink) received, switch an SES outage on and off, and reach the test table directly.
import { randomInt, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject, vi } from 'vitest';
import { withDemoSite } from '../../../local/site.ts';
import { DynamoDBClient as StoreDynamoDBClient } from '../../../shared/adapters/dynamodb/wire-client.ts';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import type { ClinicConfig } from '../../../shared/core/config/schema.ts';
import type { LocalStackInfo } from './context.ts';

export type { LocalStackInfo } from './context.ts';
export * from './sms.ts';

/** URLs and names of the running local stack. */
export function localStack(): LocalStackInfo {
  return inject('localStack');
}

/**
 * The clinic config the functions run with: the same file, validated the same way, with the demo
 * site's URLs and origins put in as the local stack does (local/site.ts withDemoSite).
 */
export function clinicConfigInUse(): ClinicConfig {
  return withDemoSite(loadClinicConfigFile(localStack().configPath), localStack().siteUrl);
}

/**
 * A client address of its own for each caller: the gateway reports it as `sourceIp`, so per-IP
 * rate limits of one test never count another test's requests. (Only a header value: nothing is
 * sent to this address. 198.18.0.0/15 is the range reserved for benchmarking.)
 */
export function randomClientIp(): string {
  return `198.${randomInt(18, 20)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** A unique address at example.com, so emails of one test are told apart from everyone else's. */
export function uniqueEmail(label = 'patient'): string {
  return `${label}+${randomUUID().slice(0, 12)}@example.com`;
}

export interface ApiRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** Sent as `application/json`. */
  readonly json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`, like a plain HTML form. */
  readonly form?: Record<string, string>;
  /** Sent as `multipart/form-data`. */
  readonly multipart?: Record<string, string>;
  /** Any other body, with the content type given in `headers`. */
  readonly body?: string | Uint8Array;
  /**
   * The client address the handler sees (via `X-Forwarded-For`, which the local gateway honours
   * for loopback callers). Default: a fresh random address for every request.
   */
  readonly clientIp?: string;
  /** Browser-like `Origin` header, for CORS. */
  readonly origin?: string;
  /** @default 'manual' — redirects (303 after a form post) are returned, not followed. */
  readonly redirect?: RequestInit['redirect'];
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = Record<string, unknown>>(): T;
}

/** One HTTP request to the local API. `path` starts with `/` (e.g. `/v1/health?x=1`). */
export async function api(path: string, request: ApiRequest = {}): Promise<ApiResponse> {
  const headers = new Headers(request.headers);
  headers.set('x-forwarded-for', request.clientIp ?? randomClientIp());
  if (request.origin) headers.set('origin', request.origin);
  let body: RequestInit['body'];
  if (request.json !== undefined) {
    body = JSON.stringify(request.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (request.form) {
    body = new URLSearchParams(request.form);
  } else if (request.multipart) {
    const form = new FormData();
    for (const [name, value] of Object.entries(request.multipart)) form.append(name, value);
    body = form;
  } else if (request.body !== undefined) {
    body = request.body;
  }
  const response = await fetch(`${localStack().apiUrl}${path}`, {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: request.redirect ?? 'manual',
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

/** An email as the SES emulator stores it (`GET /store`). */
export interface SesEmail {
  readonly messageId: string;
  /** As written in the message, e.g. `Riverside Spine <appointments@…>`. */
  readonly from: string;
  readonly replyTo: string[];
  /** Each entry as written in the message's header (`Name <address>` or `address`). */
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly attachments: ReadonlyArray<{
    readonly filename?: string;
    readonly contentType: string;
    /** Base64. */
    readonly content: string;
    readonly [other: string]: unknown;
  }>;
  /** Epoch seconds. */
  readonly at: number;
}

/** Every email the emulator has received so far (from all tests: filter by recipient). */
export async function sesEmails(sesUrl = localStack().sesUrl): Promise<SesEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  if (!response.ok) throw new Error(`SES emulator /store answered ${response.status}`);
  return ((await response.json()) as { emails: SesEmail[] }).emails;
}

/** Whether an email went to `address` (To, Cc or Bcc; case-insensitive). */
export function isAddressedTo(email: SesEmail, address: string): boolean {
  const wanted = address.toLowerCase();
  return [...email.destination.to, ...email.destination.cc, ...email.destination.bcc].some((entry) =>
    entry.toLowerCase().includes(wanted),
  );
}

export interface WaitOptions {
  /** How many matching emails to wait for. @default 1 */
  readonly count?: number;
  /** @default 20000 — the stream worker polls every 250 ms and backs off up to 5 s on failures. */
  readonly timeoutMs?: number;
  /** The SES emulator to read. @default the shared stack's */
  readonly sesUrl?: string;
}

/** Waits until at least `count` emails match; returns all the matching ones, oldest first. */
export async function waitForEmails(
  matches: (email: SesEmail) => boolean,
  options: WaitOptions = {},
): Promise<SesEmail[]> {
  const count = options.count ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let found: SesEmail[] = [];
  while (Date.now() < deadline) {
    found = (await sesEmails(options.sesUrl)).filter(matches);
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `Expected ${count} matching email(s) within ${options.timeoutMs ?? 20_000} ms; found ${found.length}`,
  );
}

/** Emails to `address`, waiting until there are at least `count` of them. */
export function waitForEmailsTo(address: string, options: WaitOptions = {}): Promise<SesEmail[]> {
  return waitForEmails((email) => isAddressedTo(email, address), options);
}

/** A stack whose mail can be read: the shared one, or one a test file starts for itself. */
export interface MailSite {
  readonly apiUrl: string;
  readonly sesUrl: string;
}

/**
 * Posts a lead that exists only to be handled after everything written before it (the default
 * marker of emailsOnceHandled); returns the address its acknowledgement goes to.
 */
export async function postMarkerLead(site: MailSite = localStack()): Promise<string> {
  const email = uniqueEmail('marker');
  const response = await fetch(`${site.apiUrl}/v1/inquiries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': randomClientIp() },
    body: JSON.stringify({
      name: 'Marker Lead',
      email,
      message: 'Written after the change under test, so its email proves the stream got past it.',
      consent: 'on',
    }),
  });
  if (response.status !== 201) {
    throw new Error(`the marker lead answered ${response.status}: ${await response.text()}`);
  }
  return email;
}

export interface HandledOptions {
  /** @default the shared stack */
  readonly site?: MailSite;
  /**
   * Writes the marker and returns the address its email goes to. @default postMarkerLead, for
   * changes the stream carries; a test of a direct send passes a send of its own.
   */
  readonly marker?: () => Promise<string>;
}

/**
 * The emails that match, read once everything written before this call has been handled: for
 * asserting that an email was *not* sent (or not sent twice), which a fixed wait only pretends
 * to check when the stream worker is slow. A marker is written behind the change under test and
 * its own email awaited. The worker hands a shard's records to the notifier strictly in order and
 * the notifier sends a batch's emails record by record; DynamoDB Local streams a table through one
 * open shard at a time, and the worker reads a child shard only after its parent. So once the
 * marker's email is out, every earlier change has sent all it ever will.
 */
export async function emailsOnceHandled(
  matches: (email: SesEmail) => boolean,
  options: HandledOptions = {},
): Promise<SesEmail[]> {
  const site = options.site ?? localStack();
  const markerAddress = await (options.marker ?? (() => postMarkerLead(site)))();
  await waitForEmails((email) => isAddressedTo(email, markerAddress), { sesUrl: site.sesUrl });
  return (await sesEmails(site.sesUrl)).filter(matches);
}

/** emailsOnceHandled for the emails to one address. */
export function emailsToOnceHandled(address: string, options: HandledOptions = {}): Promise<SesEmail[]> {
  return emailsOnceHandled((email) => isAddressedTo(email, address), options);
}

async function outageControl(action: 'start' | 'end' | ''): Promise<{ outage: boolean; refused: number }> {
  const url = `${localStack().sesOutageUrl}/__local/outage${action ? `/${action}` : ''}`;
  const response = await fetch(url, { method: action ? 'POST' : 'GET' });
  if (!response.ok) throw new Error(`SES outage switch answered ${response.status}`);
  return (await response.json()) as { outage: boolean; refused: number };
}

/**
 * Runs `during` while every SES call fails with 503, then ends the outage (also when `during`
 * throws). Other test files share the stack: their emails are delayed meanwhile (never lost), so
 * keep outages to a few seconds.
 */
export async function withSesOutage<T>(during: () => Promise<T>): Promise<T> {
  await outageControl('start');
  try {
    return await during();
  } finally {
    await outageControl('end');
  }
}

/** Whether an outage is on and how many SES calls it has refused so far. */
export function sesOutageState(): Promise<{ outage: boolean; refused: number }> {
  return outageControl('');
}

/**
 * Inside withSesOutage: waits until the switch has refused an SES call that mentions `text` (say,
 * the recipient's unique address), i.e. the notifier tried to send that email and failed.
 */
export async function waitForSesRefusal(text: string, timeoutMs = 15_000): Promise<void> {
  const url = `${localStack().sesOutageUrl}/__local/outage?mentioning=${encodeURIComponent(text)}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`SES outage switch answered ${response.status}`);
    if (((await response.json()) as { refusedMentioning: number }).refusedMentioning > 0) return;
    if (Date.now() > deadline)
      throw new Error(`SES refused no call mentioning ${text} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A DynamoDB client for the local engine (create once per file; `destroy()` it in afterAll). */
export function testDynamoDb(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: localStack().dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** The functions' own DynamoDB client (wire-client.ts) on the local engine, for the stores under test. */
export function testStoreDynamoDb(): StoreDynamoDBClient {
  return new StoreDynamoDBClient({
    endpoint: localStack().dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/**
 * The environment a function's container has against the local stack (its table, DynamoDB Local
 * and local credentials), stubbed for a test that imports a function's modules itself; import
 * them after this, as a container loads them, and undo it with `vi.unstubAllEnvs()`.
 */
export function stubFunctionEnv(): void {
  const { tableName, dynamoEndpoint } = localStack();
  vi.stubEnv('TABLE_NAME', tableName);
  vi.stubEnv('DYNAMODB_ENDPOINT', dynamoEndpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
}

/** The name of the table the functions use. */
export function testTableName(): string {
  return localStack().tableName;
}
