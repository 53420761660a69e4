// `npm run smoke`: checks a deployed stage (or any base URL, such as the local stack's) from the
// outside, as a website and a patient would meet it: health, the OpenAPI document, the clinic's
// appointment types and availability, CORS for the clinic's own origin and for a foreign one, the
// security headers, and with --write an inquiry and a booking (to SES's mailbox simulator, so no
// real person gets mail) that is then read back and cancelled. One line per check; any ✗ fails.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CountryCode, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { loadClinicConfigFile } from '../../shared/config/load.ts';
import type { ClinicConfig } from '../../shared/core/config/schema.ts';
import { addDays, earlierDate, localDateOf } from '../../shared/core/scheduling/time.ts';
import { stageTarget, UsageError } from './targets.ts';

export const SMOKE_USAGE = `Usage: npm run smoke -- (--url BASE_URL | --stage NAME) [--write] [--config PATH]

Checks a running API from the outside: health, the OpenAPI document, appointment types and
availability, CORS (the clinic's origin allowed, a foreign one not), security headers.
  --url BASE_URL   the API's base URL (the local stack: http://127.0.0.1:3000)
  --stage NAME     a deployed stage: its ApiUrl output, with your AWS credentials
  --write          also post an inquiry and a booking addressed to success@simulator.amazonses.com
                   (staff get the usual notifications), read the booking back and cancel it
  --config PATH    the clinic config the API runs with (default: config/NAME.json for --stage,
                   else CLINIC_CONFIG or config/dev.json)`;

/** SES's mailbox simulator: accepted and dropped by SES, never delivered to a person. */
export const SMOKE_EMAIL = 'success@simulator.amazonses.com';
/** An origin no clinic lists (`.invalid` is reserved and never resolves). */
export const FOREIGN_ORIGIN = 'https://smoke-test.example.invalid';
const TIMEOUT_MS = 15_000;

export interface SmokeArguments {
  readonly url?: string;
  readonly stage?: string;
  readonly write: boolean;
  readonly configPath?: string;
}

export function parseSmokeArguments(argv: readonly string[]): SmokeArguments {
  let values: { url?: string; stage?: string; write?: boolean; config?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        stage: { type: 'string' },
        write: { type: 'boolean' },
        config: { type: 'string' },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${SMOKE_USAGE}`);
  }
  if ((values.url === undefined) === (values.stage === undefined)) {
    throw new UsageError(`Give either --url or --stage\n\n${SMOKE_USAGE}`);
  }
  if (values.url !== undefined && !/^https?:\/\/[^/]+/.test(values.url)) {
    throw new UsageError(`--url must be an http(s) URL, such as http://127.0.0.1:3000\n\n${SMOKE_USAGE}`);
  }
  return {
    ...(values.url === undefined ? {} : { url: values.url.replace(/\/+$/, '') }),
    ...(values.stage === undefined ? {} : { stage: values.stage }),
    write: values.write ?? false,
    ...(values.config === undefined ? {} : { configPath: values.config }),
  };
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json<T = Record<string, unknown>>(): T | undefined;
}

type Fetch = typeof fetch;

function client(baseUrl: string, fetcher: Fetch) {
  return async (
    path: string,
    init: { method?: string; headers?: Record<string, string>; json?: unknown } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetcher(`${baseUrl}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: <T>() => {
        try {
          return JSON.parse(text) as T;
        } catch {
          return undefined;
        }
      },
    };
  };
}

type Call = ReturnType<typeof client>;

/** What a failed answer said, short: its status and problem code, never a body that may be large. */
function said(answer: Answer): string {
  const code = answer.json<{ code?: string }>()?.code;
  return `answered ${answer.status}${code ? ` ${code}` : ''}`;
}

const pass = (name: string, detail: string): Check => ({ name, ok: true, detail });
const fail = (name: string, detail: string): Check => ({ name, ok: false, detail });

/** The security headers every answer carries (API.md; shared/adapters/http/middleware.ts securityHeaders). */
const SECURITY_HEADERS: Readonly<Record<string, (value: string) => boolean>> = {
  'x-content-type-options': (value) => value === 'nosniff',
  'cache-control': (value) => value.includes('no-store'),
  'referrer-policy': (value) => value === 'no-referrer',
  'strict-transport-security': (value) => /max-age=\d+/.test(value),
  'content-security-policy': (value) => value.includes("default-src 'none'"),
};

function securityHeadersOf(answer: Answer): string[] {
  return Object.entries(SECURITY_HEADERS)
    .filter(([name, valid]) => !valid(answer.headers.get(name) ?? ''))
    .map(([name]) => `${name}: ${answer.headers.get(name) ?? 'missing'}`);
}

interface Slot {
  readonly start: string;
  readonly providers: readonly string[];
}

/**
 * The first slot of a type from the day after the change cut-off (so the booking can be cancelled
 * online), a month at a time through the booking window.
 */
async function firstBookableSlot(
  call: Call,
  config: ClinicConfig,
  type: string,
  now: Date,
): Promise<Slot | undefined> {
  const { timeZone } = config.clinic;
  const { minChangeNoticeMinutes, maxAdvanceDays } = config.scheduling;
  const today = localDateOf(now, timeZone);
  let from = localDateOf(new Date(now.getTime() + (minChangeNoticeMinutes + 24 * 60) * 60_000), timeZone);
  const last = addDays(today, maxAdvanceDays);
  while (from <= last) {
    const to = earlierDate(addDays(from, 30), last);
    const answer = await call(`/v1/availability?${new URLSearchParams({ type, from, to })}`);
    const slots = answer.status === 200 ? (answer.json<{ slots?: Slot[] }>()?.slots ?? []) : [];
    if (slots[0]) return slots[0];
    from = addDays(to, 1);
  }
  return undefined;
}

function phoneFor(config: ClinicConfig): string {
  return (
    config.clinic.phone ??
    getExampleNumber(config.clinic.country as CountryCode, examples)?.number ??
    '+12015550143'
  );
}

export interface SmokeOptions {
  readonly baseUrl: string;
  readonly config: ClinicConfig;
  readonly write: boolean;
  /** What the writes call themselves, so staff recognise them. @default 'smoke test' */
  readonly label?: string;
  readonly now?: Date;
  readonly fetch?: Fetch;
}

/** Every check, in order; a check that cannot run says why, as a failure. */
export async function runSmoke(options: SmokeOptions): Promise<Check[]> {
  const call = client(options.baseUrl, options.fetch ?? fetch);
  const { config } = options;
  const now = options.now ?? new Date();
  const checks: Check[] = [];
  const check = async (name: string, run: () => Promise<Check>) => {
    const started = Date.now();
    let result: Check;
    try {
      result = await run();
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      result = fail(name, `could not ask (${reason})`);
    }
    checks.push({ ...result, detail: `${result.detail} (${Date.now() - started} ms)` });
    return result;
  };

  await check('health', async () => {
    const answer = await call('/v1/health');
    const body = answer.json<{ status?: string }>();
    return answer.status === 200 && body?.status === 'ok'
      ? pass('health', 'GET /v1/health answered 200 {"status":"ok"}')
      : fail('health', `GET /v1/health ${said(answer)}`);
  });

  await check('OpenAPI document', async () => {
    const answer = await call('/v1/openapi.json');
    const document = answer.json<{ openapi?: string; paths?: Record<string, unknown> }>();
    const paths = Object.keys(document?.paths ?? {});
    const expected = ['/v1/inquiries', '/v1/bookings', '/v1/availability'];
    const missing = expected.filter((path) => !paths.includes(path));
    if (answer.status !== 200 || !document?.openapi?.startsWith('3.')) {
      return fail('OpenAPI document', `GET /v1/openapi.json ${said(answer)}, not an OpenAPI 3 document`);
    }
    return missing.length === 0
      ? pass('OpenAPI document', `OpenAPI ${document.openapi}, ${paths.length} paths`)
      : fail('OpenAPI document', `lacks ${missing.join(', ')}`);
  });

  const expectedTypes = config.scheduling.appointmentTypes.map((type) => type.id);
  await check('appointment types', async () => {
    const answer = await call('/v1/appointment-types');
    const types = answer.json<{ types?: { id: string }[] }>()?.types;
    if (answer.status !== 200 || !Array.isArray(types)) {
      return fail('appointment types', `GET /v1/appointment-types ${said(answer)}`);
    }
    const served = types.map((type) => type.id);
    const same = served.length === expectedTypes.length && expectedTypes.every((id) => served.includes(id));
    return same
      ? pass('appointment types', served.join(', '))
      : fail(
          'appointment types',
          `the API offers ${served.join(', ') || 'none'}; the config has ${expectedTypes.join(', ')} (is this config deployed?)`,
        );
  });

  const type = expectedTypes[0] as string;
  let availability: Answer | undefined;
  await check('availability', async () => {
    const from = localDateOf(now, config.clinic.timeZone);
    const to = addDays(from, 13);
    availability = await call(`/v1/availability?${new URLSearchParams({ type, from, to })}`);
    const body = availability.json<{
      slots?: unknown[];
      timeZone?: string;
      nextAvailable?: { start: string } | null;
    }>();
    if (availability.status !== 200 || !Array.isArray(body?.slots)) {
      return fail('availability', `GET /v1/availability ${said(availability)}`);
    }
    if (body.timeZone !== config.clinic.timeZone) {
      return fail(
        'availability',
        `answers in ${body.timeZone}; the config's zone is ${config.clinic.timeZone}`,
      );
    }
    const next =
      body.slots.length === 0 ? `; next open: ${body.nextAvailable?.start ?? 'none in the window'}` : '';
    return pass('availability', `${body.slots.length} open ${type} slots from ${from} to ${to}${next}`);
  });

  const allowed = config.cors.allowedOrigins[0] as string;
  const preflight = (origin: string) =>
    call('/v1/inquiries', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,idempotency-key',
      },
    });
  await check('CORS, the clinic’s origin', async () => {
    const answer = await preflight(allowed);
    const simple = await call('/v1/appointment-types', { headers: { origin: allowed } });
    const preflightOrigin = answer.headers.get('access-control-allow-origin');
    const simpleOrigin = simple.headers.get('access-control-allow-origin');
    const methods = (answer.headers.get('access-control-allow-methods') ?? '').toUpperCase();
    if (answer.status >= 300 || preflightOrigin !== allowed || !methods.includes('POST')) {
      return fail(
        'CORS, the clinic’s origin',
        `preflight from ${allowed} answered ${answer.status}, allow-origin ${preflightOrigin ?? 'missing'}, allow-methods ${methods || 'missing'}`,
      );
    }
    return simpleOrigin === allowed
      ? pass('CORS, the clinic’s origin', `${allowed} may POST (preflight ${answer.status}) and read answers`)
      : fail(
          'CORS, the clinic’s origin',
          `a GET from ${allowed} got allow-origin ${simpleOrigin ?? 'missing'}`,
        );
  });

  await check('CORS, a foreign origin', async () => {
    const answer = await preflight(FOREIGN_ORIGIN);
    const simple = await call('/v1/appointment-types', { headers: { origin: FOREIGN_ORIGIN } });
    const granted = [answer, simple]
      .map((a) => a.headers.get('access-control-allow-origin'))
      .filter((value) => value === FOREIGN_ORIGIN || value === '*');
    return granted.length === 0
      ? pass('CORS, a foreign origin', `${FOREIGN_ORIGIN} gets no access-control-allow-origin`)
      : fail('CORS, a foreign origin', `${FOREIGN_ORIGIN} was allowed (${granted.join(', ')})`);
  });

  await check('security headers', async () => {
    const json = availability ?? (await call('/v1/appointment-types'));
    const problem = await call(`/v1/bookings/${'0'.repeat(26)}`, { headers: { 'x-booking-token': 'smoke' } });
    const wrong = [
      ...securityHeadersOf(json).map((h) => `on JSON: ${h}`),
      ...securityHeadersOf(problem).map((h) => `on a 404: ${h}`),
    ];
    if (
      problem.status !== 404 ||
      !(problem.headers.get('content-type') ?? '').startsWith('application/problem+json')
    ) {
      wrong.push(
        `an unknown booking ${said(problem)} as ${problem.headers.get('content-type') ?? 'no content type'}`,
      );
    }
    return wrong.length === 0
      ? pass('security headers', `${Object.keys(SECURITY_HEADERS).join(', ')} on answers and problems`)
      : fail('security headers', wrong.join('; '));
  });

  if (!options.write) return checks;

  const label = options.label ?? 'smoke test';
  const stamp = now.toISOString();
  await check('inquiry', async () => {
    const answer = await call('/v1/inquiries', {
      headers: { 'idempotency-key': randomUUID() },
      json: {
        name: 'Smoke Test',
        email: SMOKE_EMAIL,
        message: `A ${label} of the website's contact form at ${stamp}: nothing to answer, mark it handled.`,
        consent: true,
      },
    });
    const id = answer.json<{ id?: string }>()?.id;
    return answer.status === 201 && id
      ? pass('inquiry', `POST /v1/inquiries answered 201, lead ${id}`)
      : fail('inquiry', `POST /v1/inquiries ${said(answer)}`);
  });

  let booking: { id: string; token: string } | undefined;
  await check('booking', async () => {
    const slot = await firstBookableSlot(call, config, type, now);
    if (!slot) return fail('booking', `no open ${type} slot after the change cut-off in the booking window`);
    const answer = await call('/v1/bookings', {
      headers: { 'idempotency-key': randomUUID() },
      json: {
        type,
        start: slot.start,
        providerId: slot.providers[0],
        name: 'Smoke Test',
        email: SMOKE_EMAIL,
        phone: phoneFor(config),
        notes: `A ${label} at ${stamp}; it cancels itself at once.`,
        consent: true,
      },
    });
    const body = answer.json<{ id?: string; manageToken?: string; status?: string }>();
    if (answer.status !== 201 || !body?.id || !body.manageToken) {
      return fail('booking', `POST /v1/bookings for ${slot.start} ${said(answer)}`);
    }
    booking = { id: body.id, token: body.manageToken };
    return pass('booking', `booked ${type} at ${slot.start}: ${body.id} (${body.status})`);
  });

  await check('booking read back', async () => {
    if (!booking) return fail('booking read back', 'not run: there is no booking');
    const answer = await call(`/v1/bookings/${booking.id}`, {
      headers: { 'x-booking-token': booking.token },
    });
    const status = answer.json<{ status?: string }>()?.status;
    return answer.status === 200 && status === 'confirmed'
      ? pass('booking read back', `GET /v1/bookings/${booking.id} answered 200, confirmed`)
      : fail('booking read back', `GET /v1/bookings/${booking.id} ${said(answer)}`);
  });

  await check('booking cancelled', async () => {
    if (!booking) return fail('booking cancelled', 'not run: there is no booking');
    const answer = await call(`/v1/bookings/${booking.id}/cancel`, {
      headers: { 'idempotency-key': randomUUID() },
      json: { token: booking.token, reason: label },
    });
    const status = answer.json<{ status?: string }>()?.status;
    return answer.status === 200 && status === 'cancelled'
      ? pass(
          'booking cancelled',
          `POST /v1/bookings/${booking.id}/cancel answered 200: the time is open again`,
        )
      : fail(
          'booking cancelled',
          `POST /v1/bookings/${booking.id}/cancel ${said(answer)}: cancel it in the staff console`,
        );
  });
  return checks;
}

export function renderChecks(checks: readonly Check[], baseUrl: string): string {
  const failed = checks.filter((check) => !check.ok).length;
  return [
    `Smoke test of ${baseUrl}`,
    ...checks.map((check) => `${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`),
    failed === 0 ? `All ${checks.length} checks passed.` : `${failed} of ${checks.length} checks failed.`,
  ].join('\n');
}

/** The base URL and clinic config a smoke test runs with. */
export async function smokeTarget(
  args: SmokeArguments,
  env = process.env,
): Promise<{ baseUrl: string; config: ClinicConfig }> {
  if (args.stage !== undefined) {
    const target = await stageTarget(args.stage, args.configPath ? { configPath: args.configPath } : {});
    return { baseUrl: target.apiUrl, config: target.config };
  }
  const configPath = resolve(args.configPath ?? (env.CLINIC_CONFIG || 'config/dev.json'));
  return { baseUrl: args.url as string, config: loadClinicConfigFile(configPath) };
}
