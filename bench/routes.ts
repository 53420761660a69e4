// The routes as a request meets them: through the local gateway (in this process, from source)
// against DynamoDB Local. Every DynamoDB, SES and SMS call a request makes is counted by the
// attempt listener of the functions' own clients (shared/adapters/aws/json-client.ts); warm latency is timed next to one bare DynamoDB call
// of the same kind (or, for routes that call nothing, the gateway running a function that answers
// at once), in the same run.
import { randomUUID } from 'node:crypto';
import type { QueryCommandInput, TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { buildHttpEvent } from '../local/http-event.ts';
import { busyBookingsQuery, busyPartitionQuery } from '../shared/adapters/dynamodb/busy.ts';
import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '../shared/adapters/dynamodb/wire-client.ts';
import { matchPath, type RouteDefinition } from '../shared/adapters/http/route-record.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { FLOOR_PATH } from './floor-function.ts';
import type { BenchRequest, FloorKind, Scenario, ScenarioContext } from './scenarios.ts';
import { median, quantile } from './stats.ts';

/** The functions' AWS clients (DynamoDB, SES, SMS): each tells a listener of every attempt it sends. */
interface CountableClient {
  onAttempt(listener: (operation: string, input: unknown) => void): void;
}

/** One call a request made: its service, its operation and what it sent. */
export interface RecordedCall {
  readonly service: string;
  readonly operation: string;
  readonly input: unknown;
}

export class CallCounter {
  private calls: RecordedCall[] = [];
  watch(service: string, client: CountableClient): void {
    client.onAttempt((operation, input) => this.calls.push({ service, operation, input }));
  }
  reset(): void {
    this.calls = [];
  }
  /** The calls since the last reset or take. */
  taken(): RecordedCall[] {
    const calls = this.calls;
    this.calls = [];
    return calls;
  }
}

/** A call as the table prints it. */
export const callName = (call: RecordedCall) => `${call.service}.${call.operation}`;

export interface HttpAnswer {
  readonly status: number;
  readonly json: unknown;
}

/** One request as a client makes it, its answer read but not parsed (what the timings measure). */
export async function receive(
  apiUrl: string,
  request: BenchRequest,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${apiUrl}${request.url}`, {
    method: request.method,
    headers: {
      accept: 'application/json',
      'x-forwarded-for': request.clientIp,
      // No Idempotency-Key: a plain form post (a key adds its claim and its record, two writes).
      ...(request.json ? { 'content-type': 'application/json' } : {}),
    },
    ...(request.json ? { body: JSON.stringify(request.json) } : {}),
  });
  return { status: response.status, text: await response.text() };
}

export async function send(apiUrl: string, request: BenchRequest): Promise<HttpAnswer> {
  const { status, text } = await receive(apiUrl, request);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status, json };
}

/** The API Gateway event this request becomes, as the local gateway builds it (for a bundle run alone). */
export function eventFor(routes: readonly RouteDefinition[], request: BenchRequest): APIGatewayProxyEventV2 {
  const path = request.url.split('?')[0] ?? '';
  for (const route of routes) {
    const params = route.method === request.method ? matchPath(route.path, path) : undefined;
    if (!params) continue;
    const body = request.json ? Buffer.from(JSON.stringify(request.json)) : undefined;
    const rawHeaders = [
      'host',
      'api.example',
      'accept',
      'application/json',
      'x-forwarded-for',
      request.clientIp,
    ];
    if (body) rawHeaders.push('content-type', 'application/json');
    return buildHttpEvent(
      {
        method: request.method,
        url: request.url,
        rawHeaders,
        peerAddress: '127.0.0.1',
        httpVersion: '1.1',
        body,
        receivedAt: new Date(),
      },
      { routeKey: `${route.method} ${route.path}`, pathParameters: params },
    );
  }
  throw new Error(`No route for ${request.method} ${path}`);
}

export interface RouteFigures {
  readonly scenario: Scenario;
  readonly calls: RecordedCall[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly floorP50Ms: number;
}

/**
 * The route's own call sent again, bare: a read as it was; a transaction with every item's key
 * (and secondary-index key) moved to a partition of its own each time, and a new request token,
 * so each replay writes what the route wrote, on the same conditions, to items nobody holds.
 */
export function replayOf(call: RecordedCall): () => RecordedCall['input'] {
  if (call.operation === 'Query') return () => call.input;
  if (call.operation !== 'TransactWriteItems') {
    throw new Error(`A replayed floor is a Query or a TransactWriteItems, not ${call.operation}`);
  }
  const { TransactItems, ClientRequestToken: _token, ...rest } = call.input as TransactWriteItemsCommandInput;
  const moved = (fresh: string, value: AttributeValue): AttributeValue =>
    value.S === undefined ? value : { S: `FLOOR#${fresh}#${value.S}` };
  const keyed = (fresh: string, key: Record<string, AttributeValue> | undefined) =>
    Object.fromEntries(
      Object.entries(key ?? {}).map(([name, value]) => [
        name,
        /pk$/.test(name) ? moved(fresh, value) : value,
      ]),
    ) as Record<string, AttributeValue>;
  return () => {
    const fresh = randomUUID();
    return {
      ...rest,
      TransactItems: (TransactItems ?? []).map((item): TransactWriteItem => {
        if (item.Put) return { Put: { ...item.Put, Item: keyed(fresh, item.Put.Item) } };
        if (item.Update) return { Update: { ...item.Update, Key: keyed(fresh, item.Update.Key) } };
        if (item.Delete) return { Delete: { ...item.Delete, Key: keyed(fresh, item.Delete.Key) } };
        if (item.ConditionCheck)
          return { ConditionCheck: { ...item.ConditionCheck, Key: keyed(fresh, item.ConditionCheck.Key) } };
        return item;
      }),
    };
  };
}

/** One bare call of `kind`, with a client configured as the functions' is. */
export function floorCall(
  kind: FloorKind,
  client: DynamoDBClient,
  tableName: string,
  apiUrl: string,
  scenario?: Scenario,
  calls: readonly RecordedCall[] = [],
): (n: number) => Promise<unknown> {
  switch (kind) {
    case 'Replay': {
      const [call, ...more] = calls;
      if (!call || more.length > 0) {
        throw new Error(
          `${scenario?.label}: a replayed floor needs the route's one call, not ${calls.length}`,
        );
      }
      const input = replayOf(call);
      return () =>
        call.operation === 'Query'
          ? client.send(new QueryCommand(input() as QueryCommandInput))
          : client.send(new TransactWriteItemsCommand(input() as TransactWriteItemsCommandInput));
    }
    case 'gateway':
      return () => receive(apiUrl, { method: 'GET', url: FLOOR_PATH, clientIp: '10.99.0.2' });
    case 'BusyQuery': {
      const window = scenario?.busyWindow;
      const query = window && busyBookingsQuery(window.from, window.to, clinicConfig());
      const partition = query?.partitions.at(-1);
      if (!query || !partition)
        throw new Error(`${scenario?.label}: a BusyQuery floor needs the route's window`);
      return () => client.send(busyPartitionQuery(tableName, partition, query));
    }
  }
}

async function timed(
  times: number,
  warmUp: number,
  call: (n: number) => Promise<unknown>,
  offset: number,
): Promise<number[]> {
  for (let n = 0; n < warmUp; n++) await call(offset + n);
  const samples: number[] = [];
  for (let n = 0; n < times; n++) {
    const started = performance.now();
    await call(offset + warmUp + n);
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * For each scenario: the calls one request makes (the first one after a warm-up request), then
 * warm p50/p99 through the gateway, and its floor timed right after it, in alternating blocks.
 */
export async function measureRoutes(options: {
  readonly apiUrl: string;
  readonly scenarios: readonly Scenario[];
  readonly counter: CallCounter;
  readonly floorClient: DynamoDBClient;
  readonly tableName: string;
  readonly context: ScenarioContext;
  readonly times: number;
}): Promise<RouteFigures[]> {
  const figures: RouteFigures[] = [];
  for (const scenario of options.scenarios) {
    let n = 0;
    const call = async (index: number) => {
      const answer = await receive(options.apiUrl, scenario.request(index, options.context));
      if (answer.status >= 400) {
        throw new Error(`${scenario.label} answered ${answer.status}: ${answer.text.slice(0, 400)}`);
      }
      return answer;
    };
    await call(n++); // loads the function: what follows is warm
    options.counter.reset();
    await call(n++);
    const calls = options.counter.taken();
    const floor = floorCall(
      scenario.floor,
      options.floorClient,
      options.tableName,
      options.apiUrl,
      scenario,
      calls,
    );
    const routeSamples: number[] = [];
    const floorSamples: number[] = [];
    const blocks = 5;
    for (let block = 0; block < blocks; block++) {
      routeSamples.push(...(await timed(Math.ceil(options.times / blocks), 3, call, 1000 * (block + 1))));
      floorSamples.push(...(await timed(Math.ceil(options.times / blocks), 3, floor, 0)));
    }
    figures.push({
      scenario,
      calls,
      p50Ms: median(routeSamples),
      p99Ms: quantile(routeSamples, 0.99),
      floorP50Ms: median(floorSamples),
    });
  }
  return figures;
}
