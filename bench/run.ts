// `npm run bench`: the performance budgets, measured in one run on this machine (README
// "Performance budgets"). It synthesizes the prod app and builds the naive handler beside it, then:
//   1. every function bundle: size, module init (median of fresh Node 24 processes), vs naive;
//   2. the cold request of the public routes: a fresh process's init + first invocation against
//      DynamoDB Local, vs the naive handler's;
//   3. per route: the DynamoDB, SES and SMS calls one request makes (the attempt listener of
//      the functions' own clients counts them) vs the design minimum, and warm p50/p99 through the local gateway vs a bare call;
//   4. the slot engine case.
// It exits 1 when a budget is broken. BENCH_RUNS (default 15) sets the fresh processes per figure.
// First: the functions' loggers read their level when loaded.
import './quiet.ts';
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient as AdminClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb.ts';
import { startGateway } from '../local/gateway.ts';
import { DynamoDBClient } from '../shared/adapters/dynamodb/wire-client.ts';
import { corsPolicy } from '../shared/adapters/http/cors.ts';
import type { RouteDefinition } from '../shared/adapters/http/route-record.ts';
import { ROUTES } from '../shared/adapters/http/routes/index.ts';
import { loadClinicConfigFile } from '../shared/config/load.ts';
import { useClinicConfig } from '../shared/config/runtime.ts';
import { BUDGETS } from './budgets.ts';
import {
  type Bundle,
  buildNaive,
  coldSample,
  functionEnv,
  measureInit,
  NODE,
  pinnedNodeVersion,
  scratchDir,
  synthBundles,
} from './bundles.ts';
import { FLOOR_PATH } from './floor-function.ts';
import {
  CallCounter,
  callName,
  eventFor,
  measureRoutes,
  type RecordedCall,
  type RouteFigures,
  send,
} from './routes.ts';
import { type Scenario, type ScenarioContext, SlotPool, scenarios } from './scenarios.ts';
import { measureSlotCase } from './slot-case.ts';
import { median } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARM_REQUESTS = Number(process.env.BENCH_WARM ?? 200);
const REPO = new URL('..', import.meta.url).pathname;
const TABLE = 'bench-table';

const broken: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) broken.push(what);
  return ok ? 'ok' : 'OVER';
};

function table(title: string, rows: readonly Record<string, string | number>[]): void {
  const [first] = rows;
  if (!first) return;
  const columns = Object.keys(first);
  const width = (column: string) => Math.max(column.length, ...rows.map((row) => String(row[column]).length));
  const line = (cell: (column: string) => string) =>
    columns
      .map((column, i) =>
        i === 0 ? cell(column).padEnd(width(column)) : cell(column).padStart(width(column)),
      )
      .join('  ');
  console.info(`\n${title}`);
  console.info(line((column) => column));
  for (const row of rows) console.info(line((column) => String(row[column])));
}

const ms = (value: number) => value.toFixed(1);
const ratio = (value: number) => value.toFixed(2);
const kb = (bytes: number) => (bytes / 1024).toFixed(0);

const nodeVersion = pinnedNodeVersion();
console.info(
  `npm run bench — ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${nodeVersion} (node_modules/.bin/node), ${RUNS} fresh processes per figure`,
);

const scratch = scratchDir();
const dynamo = await startDynamoDbLocal({ port: 0 });
const gatewayStop: (() => Promise<void>)[] = [];
try {
  // ---- the environment of the functions: DynamoDB Local, dummy credentials, the prod config ----
  const config = loadClinicConfigFile(join(REPO, 'config', 'prod.json'));
  const env = functionEnv(TABLE, dynamo.endpoint);
  Object.assign(process.env, env);
  await ensureTable(new AdminClient({ region: 'us-east-1', endpoint: dynamo.endpoint }), TABLE);
  // The floor's calls go through the client the functions use, configured as theirs.
  const floorClient = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, maxAttempts: 3 });

  // ---- 1. bundles ----
  const synthStarted = performance.now();
  const bundles = synthBundles(join(scratch, 'cdk.out'));
  const naive = await buildNaive(scratch);
  console.info(
    `synthesized ${bundles.length} function bundles in ${ms((performance.now() - synthStarted) / 1000)} s`,
  );
  const init = await measureInit(NODE, bundles, naive, env, RUNS);

  // ---- 2–3. routes: the local gateway, from source, with the functions' clients counted ----
  useClinicConfig(config);
  const counter = new CallCounter();
  counter.watch('DynamoDB', (await import('../shared/adapters/dynamodb/client.ts')).dynamoDb);
  counter.watch('SES', (await import('../shared/adapters/ses/client.ts')).ses);
  counter.watch('SMS', (await import('../shared/adapters/sms/client.ts')).sms);
  // The routes, and their floor: a function that sends the timed route's calls again and answers its bytes.
  const floorRoute: RouteDefinition = {
    id: 'BenchFloor',
    method: 'GET',
    path: FLOOR_PATH,
    entry: 'bench/floor-function.ts',
    table: 'none',
    auth: 'public',
  };
  const gateway = await startGateway({
    routes: [...ROUTES, floorRoute],
    cors: corsPolicy(config.cors.allowedOrigins),
    rootDir: REPO,
    port: 0,
    log: () => {},
    logError: (line) => console.error(line),
  });
  gatewayStop.push(() => gateway.close());
  const now = new Date();
  const pool = new SlotPool(config, config.scheduling.appointmentTypes[0]?.id ?? 'new-patient', now);
  const context: ScenarioContext = {};
  const all = scenarios(config, pool, now);
  const made = await send(
    gateway.url,
    all.find((s) => s.route === 'CreateBooking')?.request(99_999, context) as never,
  );
  if (made.status !== 201)
    throw new Error(`The bench could not book: ${made.status} ${JSON.stringify(made.json)}`);
  context.booking = made.json as { id: string; manageToken: string };

  const routeFigures = await measureRoutes({
    apiUrl: gateway.url,
    scenarios: all,
    counter,
    floorClient,
    context,
    times: WARM_REQUESTS,
  });

  // Cold requests: each bundle of a timed route in a fresh process, alternating with the naive
  // handler's first PutItem.
  const naiveEvent = eventFor(
    [{ id: 'Naive', method: 'POST', path: '/v1/inquiries', entry: '', table: 'readWrite', auth: 'public' }],
    {
      method: 'POST',
      url: '/v1/inquiries',
      json: { name: 'Pat Bench', email: 'naive@example.com', message: 'Lower back pain since Monday.' },
      clientIp: '10.99.0.1',
    },
  );
  const coldRoutes = [...new Map(all.map((scenario) => [scenario.route, scenario])).values()];
  const cold = new Map<string, { ms: number; naiveMs: number }>();
  for (const scenario of coldRoutes) {
    const bundle = bundles.find((candidate) => candidate.name === scenario.route);
    if (!bundle) continue;
    const mine: number[] = [];
    const theirs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const naiveSample = await coldSample(NODE, naive, env, { ...naiveEvent }, scratch);
      if (naiveSample.status !== 201) {
        throw new Error(`The naive handler's cold request answered ${naiveSample.status}, not 201`);
      }
      theirs.push(naiveSample.coldMs);
      const sample = await coldSample(
        NODE,
        bundle,
        env,
        eventFor(ROUTES, scenario.request(50_000 + run, context)),
        scratch,
      );
      // A bundle that answers an error has not done the route's work: its time would flatter it.
      if (sample.status === undefined || sample.status >= 400) {
        throw new Error(`${scenario.label}: the bundle's cold request answered ${sample.status}`);
      }
      mine.push(sample.coldMs);
    }
    cold.set(scenario.route, { ms: median(mine), naiveMs: median(theirs) });
  }

  // ---- 4. slots ----
  const slots = measureSlotCase();

  // ---- the table ----
  table(
    `Bundles (prod synth) — naive handler: ${kb(naive.bytes)} KB, init ${ms(init.naiveMs)} ms${cold.size ? `, cold request ${ms(median([...cold.values()].map((c) => c.naiveMs)))} ms` : ''}`,
    bundles.map((bundle: Bundle) => {
      const initMs = init.perBundle.get(bundle.name) ?? Number.NaN;
      const initRatio = initMs / init.naiveMs;
      const coldFigure = cold.get(bundle.name);
      const coldRatio = coldFigure ? coldFigure.ms / coldFigure.naiveMs : undefined;
      const budget =
        bundle.kind === 'http' ? BUDGETS.http : bundle.kind === 'background' ? BUDGETS.background : undefined;
      const verdicts: string[] = [];
      if (budget) {
        verdicts.push(
          check(
            bundle.bytes / 1024 <= budget.maxKb,
            `${bundle.name}: bundle ${kb(bundle.bytes)} KB > ${budget.maxKb} KB`,
          ),
        );
        verdicts.push(
          check(
            initRatio <= budget.initVsNaive,
            `${bundle.name}: init ${ratio(initRatio)} × naive > ${budget.initVsNaive}`,
          ),
        );
        if (coldRatio !== undefined && bundle.kind === 'http') {
          verdicts.push(
            check(
              coldRatio <= BUDGETS.http.coldRequestVsNaive,
              `${bundle.name}: cold request ${ratio(coldRatio)} × naive > ${BUDGETS.http.coldRequestVsNaive}`,
            ),
          );
        }
      }
      return {
        function: bundle.name,
        kind: bundle.kind,
        KB: kb(bundle.bytes),
        'init ms': ms(initMs),
        '× naive': ratio(initRatio),
        'cold req ms': coldFigure ? ms(coldFigure.ms) : '',
        'naive cold ms': coldFigure ? ms(coldFigure.naiveMs) : '',
        '× naive ': coldRatio === undefined ? '' : ratio(coldRatio),
        budget: budget
          ? `≤${budget.maxKb} KB, ≤${budget.initVsNaive}×${bundle.kind === 'http' ? `, cold ≤${BUDGETS.http.coldRequestVsNaive}×` : ''}`
          : '',
        verdict: verdicts.includes('OVER') ? 'OVER' : verdicts.length ? 'ok' : '',
      };
    }),
  );

  table(
    `Routes — through the local gateway against DynamoDB Local, ${WARM_REQUESTS} warm requests each`,
    routeFigures.map((figure: RouteFigures) => {
      const { scenario } = figure;
      const trips = figure.calls.length;
      const warmRatio = figure.p50Ms / figure.floorP50Ms;
      const verdicts = [
        check(
          trips === scenario.minimum,
          `${scenario.label}: ${trips} round trips, minimum ${scenario.minimum}`,
        ),
        check(
          warmRatio <= BUDGETS.warmVsFloor,
          `${scenario.label}: warm p50 ${ratio(warmRatio)} × floor > ${BUDGETS.warmVsFloor}`,
        ),
      ];
      return {
        route: scenario.label,
        'round trips': trips,
        minimum: scenario.minimum,
        calls: summarize(figure.calls.map(callName)),
        'p50 ms': ms(figure.p50Ms),
        'p99 ms': ms(figure.p99Ms),
        floor: floorLabel(figure.calls),
        'floor p50': ms(figure.floorP50Ms),
        '× floor': ratio(warmRatio),
        'bare calls p50': figure.bareP50Ms === undefined ? '' : ms(figure.bareP50Ms),
        '× bare': figure.bareP50Ms === undefined ? '' : ratio(figure.p50Ms / figure.bareP50Ms),
        verdict: verdicts.includes('OVER') ? 'OVER' : 'ok',
      };
    }),
  );

  table('Slot engine', [
    {
      case: slots.description,
      'one type p50 ms': ms(slots.p50Ms),
      'all 5 types p50 ms': ms(slots.allTypesP50Ms),
      'all 5 p99 ms': ms(slots.allTypesP99Ms),
      slots: slots.slots,
      budget: `< ${BUDGETS.slotsMs} ms`,
      verdict: check(
        slots.p50Ms < BUDGETS.slotsMs,
        `slot engine ${ms(slots.p50Ms)} ms ≥ ${BUDGETS.slotsMs} ms`,
      ),
    },
  ]);
} finally {
  for (const stop of gatewayStop) await stop().catch(() => {});
  await dynamo.stop();
  rmSync(scratch, { recursive: true, force: true });
}

/** What the floor function did for this route: its calls, then its answer. */
function floorLabel(calls: readonly RecordedCall[]): string {
  return calls.length === 0 ? 'its answer' : `its ${summarize(calls.map((call) => call.operation))} + answer`;
}

function summarize(calls: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call, (counts.get(call) ?? 0) + 1);
  return [...counts].map(([call, count]) => (count > 1 ? `${count}×${call}` : call)).join(' ') || '—';
}

if (broken.length > 0) {
  console.info(`\n${broken.length} budget(s) broken:\n  ${broken.join('\n  ')}`);
  process.exit(1);
}
console.info('\nEvery budget holds.');
process.exit(0);

export type { Scenario };
