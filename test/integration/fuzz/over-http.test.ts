// Fuzzing through the shared local stack's gateway, over real HTTP: what only a socket shows —
// header and query sizes, methods and paths no route has, preflights, API Gateway's own answers —
// and, at the end, that the process that took all of it still serves. Junk values only: a
// plausible request here would book real slots that other test files count on (the in-process
// suite, with a table of its own, makes those). docs/reliability.md "Fuzzing".
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../shared/adapters/http/routes/index.ts';
import { staffOfStack } from '../staff/support.ts';
import { api, clinicConfigInUse, localStack, uniqueEmail } from '../support/index.ts';
import {
  type AnswerRules,
  answerViolation,
  describeRequest,
  documentedStatuses,
  type FuzzAnswer,
  type FuzzRequest,
  fuzzParameters,
  fuzzRuns,
  fuzzSeed,
  junkString,
  MARKER,
  requestFor,
} from './support.ts';

const RUNS_PER_ROUTE = fuzzRuns(12);
const STRAY_RUNS = fuzzRuns(150);
const seed = fuzzSeed();
const config = clinicConfigInUse();
let rules: AnswerRules;
let staffToken: string;

beforeAll(async () => {
  rules = {
    documented: documentedStatuses(ROUTES, config),
    redirectOrigins: [...config.cors.allowedOrigins, new URL(localStack().apiUrl).origin],
  };
  staffToken = await staffOfStack().tokenOf('admin');
});

async function send(method: string, target: string, headers: Record<string, string>, body?: Buffer) {
  const response = await fetch(`${localStack().apiUrl}${target}`, {
    method,
    headers,
    redirect: 'manual',
    ...(body && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
  });
  const answer: FuzzAnswer = {
    status: response.status,
    headers: Object.fromEntries([...response.headers].map(([name, value]) => [name.toLowerCase(), value])),
    body: await response.text(),
  };
  return answer;
}

const target = (request: FuzzRequest) =>
  request.query === '' ? request.path : `${request.path}?${request.query}`;

describe(`every route through the local gateway, fuzzed over HTTP (seed ${seed})`, () => {
  ROUTES.forEach((route, index) => {
    it(`${route.method} ${route.path}`, async () => {
      const requests = requestFor(route, config, {
        pools: {},
        plausible: false,
        origins: config.cors.allowedOrigins,
        // Under Node's 16 KiB for all headers together (the case past it is below).
        maxHeaderBytes: 2_000,
        ...(route.auth === 'public' ? {} : { headers: { authorization: `Bearer ${staffToken}` } }),
      });
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const answer = await send(route.method, target(request), request.headers, request.body?.bytes);
          // Node itself refuses a request line and headers over 16 KiB, before the gateway runs (as
          // API Gateway refuses what is over its own quotas): that answer is Node's, and empty.
          if (answer.status === 431) {
            expect(answer.body).toBe('');
            return;
          }
          const wrong = answerViolation(route, answer, rules);
          if (wrong) throw new Error(`${wrong}\n  for ${describeRequest(request)}`);
        }),
        fuzzParameters(seed + index, RUNS_PER_ROUTE, 20_000),
      );
    });
  });

  it('answers methods and paths no route has with the 404 problem, and every OPTIONS as a preflight', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'v1',
        'staff',
        'bookings',
        'inquiries',
        '..',
        '%2e%2e',
        '',
        'openapi.json',
        '%00',
        '%FF',
      ),
      junkString.map((text) => encodeURIComponent(text.toWellFormed()).slice(0, 200)),
    );
    const stray = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
      path: fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`),
      origin: fc.constantFrom(...config.cors.allowedOrigins, 'https://evil.example'),
    });
    await fc.assert(
      fc.asyncProperty(stray, async ({ method, path, origin }) => {
        const answer = await send(method, path, { origin, 'access-control-request-method': 'POST' });
        const where = `for ${method} ${path.slice(0, 200)}`;
        expect(answer.status, where).toBeLessThan(500);
        expect(answer.headers['x-content-type-options'], where).toBe('nosniff');
        expect(answer.headers['cache-control'], where).toBeDefined();
        expect(answer.body, where).not.toContain(MARKER);
        if (method === 'OPTIONS') {
          expect(answer.status, where).toBe(204);
          const allowed = config.cors.allowedOrigins.includes(origin);
          expect(answer.headers['access-control-allow-origin'], where).toBe(allowed ? origin : undefined);
        }
      }),
      fuzzParameters(seed, STRAY_RUNS, 20_000),
    );
  });

  it("answers headers past Node's 16 KiB limit with 431, and serves the next request", async () => {
    const response = await fetch(`${localStack().apiUrl}/v1/health`, {
      headers: { [`x-${MARKER}`]: 'h'.repeat(17 * 1024) },
    }).catch((error: unknown) => error);
    // Node answers 431 and closes the connection; either way nothing is served and nothing breaks.
    if (response instanceof Response) expect(response.status).toBe(431);
    expect((await api('/v1/health')).status).toBe(200);
  });

  it('still serves afterwards: the same gateway answers a health check and takes a lead', async () => {
    expect((await api('/v1/health')).status).toBe(200);
    const lead = await api('/v1/inquiries', {
      json: { name: 'After The Fuzz', email: uniqueEmail('fuzz'), message: 'Still serving?', consent: true },
    });
    expect(lead.status).toBe(201);
  });
});
