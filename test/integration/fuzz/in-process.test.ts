// Fuzzing every route's handler in this process, for volume: API Gateway v2 events built as the
// local gateway builds them (local/http-event.ts), staff routes with a verified member's claims as
// the JWT authorizer leaves them, against DynamoDB Local with a table of this file's own — so
// that plausible requests may write (bookings, leads, blocks) without touching what other test
// files rely on, and so that every item in it can be checked afterwards. docs/reliability.md "Fuzzing".
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  paginateScan,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildConsoleSync } from '../../../console/build.ts';
import { buildHttpEvent, jwtAuthorizerContext, lambdaContext } from '../../../local/http-event.ts';
import { REPOSITORY_ROOT } from '../../../local/stack.ts';
import { createTableInput } from '../../../shared/adapters/dynamodb/table.ts';
import { readsBody } from '../../../shared/adapters/http/body.ts';
import type { HttpResponse } from '../../../shared/adapters/http/responses.ts';
import type { RouteRecord } from '../../../shared/adapters/http/route-record.ts';
import { ROUTES } from '../../../shared/adapters/http/routes/index.ts';
import { ATTRIBUTION_FIELDS } from '../../../shared/core/config/field-names.ts';
import { staffOfStack } from '../staff/support.ts';
import { clinicConfigInUse, localStack, testDynamoDb } from '../support/index.ts';
import { claimsOf } from '../support/staff.ts';
import {
  type AnswerRules,
  answerViolation,
  describeRequest,
  documentedStatuses,
  type FuzzRequest,
  fuzzParameters,
  fuzzRuns,
  fuzzSeed,
  type InstantWindow,
  MARKER,
  MULTIPART_BREAKAGES,
  multipart,
  requestFor,
  storedItemViolation,
  type ValuePools,
} from './support.ts';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;
type Member = 'admin' | 'frontdesk' | 'nobody';

/** Cases per route; ~30 routes, so a few thousand in all (FUZZ_SCALE multiplies). */
const RUNS_PER_ROUTE = fuzzRuns(100);
const seed = fuzzSeed();
const config = clinicConfigInUse();
const tableName = `fuzz-${randomUUID().slice(0, 8)}`;
const handlers = new Map<string, Handler>();
const claims = new Map<Member, ReturnType<typeof jwtAuthorizerContext>>();
const strayErrors: unknown[] = [];
const recordStray = (error: unknown) => strayErrors.push(error);
let db: DynamoDBClient;
let pools: ValuePools = {};
let rules: AnswerRules;
let instants: InstantWindow | undefined;
/** Answers by route and status, printed with FUZZ_STATS=1: how far past validation the cases got. */
const statuses = new Map<string, Map<number, number>>();
function tally(route: RouteRecord, status: number): void {
  const counts = statuses.get(route.id) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  statuses.set(route.id, counts);
}

function eventOf(
  route: RouteRecord,
  request: FuzzRequest,
  member: Member,
  badBase64: boolean,
): APIGatewayProxyEventV2 {
  const event = buildHttpEvent(
    {
      method: route.method,
      url: request.query === '' ? request.path : `${request.path}?${request.query}`,
      rawHeaders: [['host', 'localhost'], ...Object.entries(request.headers)].flat(),
      peerAddress: '127.0.0.1',
      httpVersion: '1.1',
      body: request.body?.bytes,
      receivedAt: new Date(),
    },
    { routeKey: `${route.method} ${route.path}`, pathParameters: request.pathParameters },
  );
  if (route.auth !== 'public') {
    (event.requestContext as unknown as { authorizer: unknown }).authorizer = claims.get(member);
  }
  if (badBase64 && request.body) {
    // API Gateway never sends this, but a handler must not fall over if something else does.
    event.body = `!!${MARKER}*not base64*==`;
    event.isBase64Encoded = true;
  }
  return event;
}

async function answer(route: RouteRecord, event: APIGatewayProxyEventV2) {
  const handler = handlers.get(route.id) as Handler;
  const context = lambdaContext({
    functionName: `fuzz-${route.id}`,
    timeoutSeconds: route.timeoutSeconds ?? 10,
    memoryMb: route.memoryMb ?? 512,
  });
  const response = await handler(event, context);
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  const body = response.isBase64Encoded
    ? Buffer.from(response.body ?? '', 'base64').toString('latin1')
    : (response.body ?? '');
  return { status: response.statusCode, headers, body };
}

/** A well-formed request of a route, through its handler (for the records the fuzz can aim at). */
async function call(
  routeId: string,
  init: { path: string; query?: string; body?: unknown; pathParameters?: Record<string, string> },
) {
  const route = ROUTES.find((r) => r.id === routeId) as RouteRecord;
  const body = init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body));
  const request: FuzzRequest = {
    method: route.method,
    path: init.path,
    pathParameters: init.pathParameters ?? {},
    query: init.query ?? '',
    headers: {
      accept: 'application/json',
      'x-forwarded-for': `198.18.${Math.floor(Math.random() * 255)}.${1 + Math.floor(Math.random() * 250)}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? { shape: 'json', contentType: 'application/json', bytes: body } : undefined,
  };
  const answered = await answer(route, eventOf(route, request, 'admin', false));
  return { ...answered, json: () => JSON.parse(answered.body) as Record<string, unknown> };
}

const localDate = (daysAhead: number) =>
  new Date(Date.now() + daysAhead * 86_400_000).toLocaleDateString('en-CA', {
    timeZone: config.clinic.timeZone,
  });

beforeAll(async () => {
  db = testDynamoDb();
  await db.send(new CreateTableCommand(createTableInput(tableName)));
  // A cold start of every handler, reading this environment: the file's own table.
  vi.resetModules();
  const stack = localStack();
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
    SES_ENDPOINT: stack.sesUrl,
    SMS_ENDPOINT: stack.smsUrl,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    STAGE: 'local',
    STAFF_USER_POOL_ID: stack.staffPool.userPoolId,
    STAFF_CLIENT_ID: stack.staffPool.clientId,
    COGNITO_ENDPOINT: stack.staffPool.endpoint,
    API_BASE_URL: stack.apiUrl,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const runtime = await import('../../../shared/config/runtime.ts');
  runtime.useClinicConfig(config);
  const consoleFiles = await import('../../../shared/adapters/http/console-files.ts');
  const built = buildConsoleSync({ minify: false });
  consoleFiles.useConsoleFiles(built);
  for (const route of ROUTES) {
    const module = await import(pathToFileURL(join(REPOSITORY_ROOT, route.entry)).href);
    handlers.set(route.id, module.handler as Handler);
  }
  for (const member of ['admin', 'frontdesk', 'nobody'] as const) {
    claims.set(member, jwtAuthorizerContext(claimsOf(await staffOfStack().tokenOf(member))));
  }

  // Records the fuzz can aim at: a lead, a booking (with its token), a block.
  const lead = await call('CreateInquiry', {
    path: '/v1/inquiries',
    body: { name: 'Fuzz Target', email: 'fuzz-target@example.com', message: 'Aim here.', consent: true },
  });
  expect(lead.status).toBe(201);
  // The first day from 3 days ahead with open slots: the fuzz's plausible instants are that day's.
  const type = config.scheduling.appointmentTypes[0]?.id as string;
  let slots: string[] = [];
  let ahead = 3;
  for (; slots.length === 0 && ahead < config.scheduling.maxAdvanceDays; ahead++) {
    const open = await call('GetAvailability', {
      path: '/v1/availability',
      query: new URLSearchParams({ type, from: localDate(ahead), to: localDate(ahead) }).toString(),
    });
    expect(open.status).toBe(200);
    slots = (open.json().slots as { start: string }[]).map((slot) => slot.start);
  }
  expect(slots.length).toBeGreaterThan(1);
  const slotDay = localDate(ahead - 1);
  instants = {
    fromMs: Date.parse(slots[0] as string) - 3_600_000,
    toMs: Date.parse(slots.at(-1) as string) + 3_600_000,
  };
  const booking = await call('CreateBooking', {
    path: '/v1/bookings',
    body: {
      type,
      start: slots[0],
      name: 'Fuzz Target',
      email: 'fuzz-target@example.com',
      phone: '+12015550123',
      consent: true,
    },
  });
  expect(booking.status).toBe(201);
  const block = await call('StaffCreateBlock', {
    path: '/v1/staff/blocks',
    body: { start: slots.at(-2), end: slots.at(-1), reason: 'Fuzz target' },
  });
  expect(block.status).toBe(201);
  pools = {
    id: [lead.json().id, booking.json().id, block.json().id],
    token: [booking.json().manageToken],
    type: config.scheduling.appointmentTypes.map((t) => t.id),
    providerId: config.scheduling.providers.map((p) => p.id),
    provider: config.scheduling.providers.map((p) => p.id),
    start: slots.slice(1, 40),
    email: ['patient@example.com', 'Patient@Example.COM'],
    phone: ['+12015550123', '(201) 555-0123', '+442071838750'],
    consent: [true, 'on', 'yes'],
    proxy: ['', 'config.json', ...built.map((file) => file.path)],
    from: [slotDay, localDate(1)],
    to: [slotDay, localDate(30)],
    _next: [
      'https://www.riverside-spine.example/thanks',
      'https://evil.example/',
      '//evil.example',
      'javascript:alert(1)',
    ],
  };
  rules = {
    documented: documentedStatuses(ROUTES, config),
    redirectOrigins: [...config.cors.allowedOrigins, new URL(stack.apiUrl).origin, 'http://localhost'],
  };
  process.on('uncaughtException', recordStray);
  process.on('unhandledRejection', recordStray);
}, 120_000);

afterAll(async () => {
  if (process.env.FUZZ_STATS === '1') {
    for (const [id, counts] of statuses) {
      console.info(
        `${id}: ${[...counts]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ')}`,
      );
    }
  }
  process.off('uncaughtException', recordStray);
  process.off('unhandledRejection', recordStray);
  await db?.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
  db?.destroy();
});

describe(`every route's handler, fuzzed (seed ${seed}, ${RUNS_PER_ROUTE} cases a route)`, () => {
  ROUTES.forEach((route, index) => {
    it(`${route.method} ${route.path}`, async () => {
      const cases = fc.record({
        request: requestFor(route, config, {
          pools,
          plausible: true,
          ...(instants ? { instants } : {}),
          origins: config.cors.allowedOrigins,
          maxHeaderBytes: 8_000,
        }),
        member: fc.constantFrom<Member>('admin', 'admin', 'frontdesk', 'nobody'),
        badBase64: fc.nat(9).map((n) => n === 0),
      });
      await fc.assert(
        fc.asyncProperty(cases, async ({ request, member, badBase64 }) => {
          const answered = await answer(route, eventOf(route, request, member, badBase64));
          tally(route, answered.status);
          const wrong = answerViolation(route, answered, rules);
          if (wrong) throw new Error(`${wrong}\n  for ${describeRequest(request)}`);
        }),
        // Past the function's own timeout, when middy answers 500 for it.
        fuzzParameters(seed + index, RUNS_PER_ROUTE, (route.timeoutSeconds ?? 10) * 1000 + 5_000),
      );
    }, 200_000);
  });

  it('answers every malformed multipart body of API.md "Abuse" on every route that reads a body with a 400 or 415', async () => {
    const wrong: string[] = [];
    for (const route of ROUTES.filter((r) => readsBody(r.method))) {
      for (const breakage of MULTIPART_BREAKAGES) {
        const boundary = 'XyZ';
        const bytes = Buffer.from(breakage.apply(multipart(boundary, [['name', `Ada ${MARKER}`]]), boundary));
        const request: FuzzRequest = {
          method: route.method,
          path: route.path.replaceAll(/\{[^}]+\}/g, String(pools.id?.[1])),
          pathParameters: { id: String(pools.id?.[1]) },
          query: '',
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'x-forwarded-for': '198.18.0.7',
          },
          body: {
            shape: breakage.what,
            contentType: `multipart/form-data; boundary=${boundary}`,
            bytes,
          },
        };
        const answered = await answer(route, eventOf(route, request, 'admin', false));
        const violation = answerViolation(route, answered, rules);
        if (violation || (breakage.refused && ![400, 415].includes(answered.status))) {
          wrong.push(`${route.id}, ${breakage.what}: ${answered.status} ${violation ?? ''}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('threw nothing outside the requests, stored no field anybody invented, and still serves', async () => {
    expect(strayErrors).toEqual([]);
    const problems: string[] = [];
    let items = 0;
    for await (const page of paginateScan({ client: db }, { TableName: tableName, ConsistentRead: true })) {
      for (const raw of page.Items ?? []) {
        items++;
        const wrong = storedItemViolation(unmarshall(raw), config, ATTRIBUTION_FIELDS);
        if (wrong) problems.push(wrong);
      }
    }
    expect(problems).toEqual([]);
    // The records above at least, and whatever the fuzz wrote.
    expect(items).toBeGreaterThan(3);
    expect((await call('Health', { path: '/v1/health' })).status).toBe(200);
    const lead = await call('CreateInquiry', {
      path: '/v1/inquiries',
      body: {
        name: 'After The Fuzz',
        email: 'after-fuzz@example.com',
        message: 'Still here?',
        consent: 'on',
      },
    });
    expect(lead.status).toBe(201);
  });
});
