// The routes as a request meets them: through the local gateway (in this process, from source)
// against DynamoDB Local. Every DynamoDB, SES and SMS call a request makes is counted by the
// attempt listener of the functions' own clients (shared/adapters/aws/json-client.ts); warm latency is timed next to one bare DynamoDB call
// of the same kind (or, for routes that call nothing, the gateway running a function that answers
// at once), in the same run.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { buildHttpEvent } from '../local/http-event.ts';
import { busyBookingsQuery, busyPartitionQuery } from '../shared/adapters/dynamodb/busy.ts';
import {
  type DynamoDBClient,
  QueryCommand,
  TransactWriteItemsCommand,
} from '../shared/adapters/dynamodb/wire-client.ts';
import { matchPath, type RouteDefinition } from '../shared/adapters/http/route-record.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { FLOOR_PATH } from './floor-function.ts';
import type { BenchRequest, FloorKind, Scenario, ScenarioContext } from './scenarios.ts';
import { median, quantile } from './stats.ts';

/** The functions' AWS clients (DynamoDB, SES, SMS): each tells a listener of every attempt it sends. */
interface CountableClient {
  onAttempt(listener: (operation: string) => void): void;
}

export class CallCounter {
  private calls: string[] = [];
  watch(service: string, client: CountableClient): void {
    client.onAttempt((operation) => this.calls.push(`${service}.${operation}`));
  }
  reset(): void {
    this.calls = [];
  }
  taken(): string[] {
    const calls = this.calls;
    this.calls = [];
    return calls;
  }
}

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
  readonly calls: string[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly floorP50Ms: number;
}

/** One bare call of `kind`, with a client configured as the functions' is. */
export function floorCall(
  kind: FloorKind,
  client: DynamoDBClient,
  tableName: string,
  apiUrl: string,
  scenario?: Scenario,
): (n: number) => Promise<unknown> {
  const id = () => randomUUID();
  // A put of a new item, as the lead's and the booking's items are written.
  const newItem = (pk: string, sk: string, more: Record<string, { S: string }> = {}) => ({
    Put: {
      TableName: tableName,
      Item: { pk: { S: pk }, sk: { S: sk }, ...more },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  switch (kind) {
    case 'gateway':
      return () => receive(apiUrl, { method: 'GET', url: FLOOR_PATH, clientIp: '10.99.0.2' });
    case 'KeyQuery':
      return () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk = :sk',
            FilterExpression: 'tokenHash = :tokenHash',
            ExpressionAttributeValues: {
              ':pk': { S: 'FLOOR#get' },
              ':sk': { S: 'ITEM' },
              ':tokenHash': { S: 'x'.repeat(43) },
            },
            ConsistentRead: true,
          }),
        );
    case 'BusyQuery': {
      const window = scenario?.busyWindow;
      const query = window && busyBookingsQuery(window.from, window.to, clinicConfig());
      const partition = query?.partitions.at(-1);
      if (!query || !partition)
        throw new Error(`${scenario?.label}: a BusyQuery floor needs the route's window`);
      return () => client.send(busyPartitionQuery(tableName, partition, query));
    }
    case 'LeadTransaction':
      return () => {
        const lead = id();
        return client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              newItem(`FLOOR#${lead}`, 'LEAD', { message: { S: 'x'.repeat(200) } }),
              newItem(`FLOOR#${lead}`, 'DEDUPE'),
              {
                Update: {
                  TableName: tableName,
                  Key: { pk: { S: `FLOOR#rate#${lead}` }, sk: { S: 'RATE' } },
                  UpdateExpression: 'ADD #count :one',
                  ExpressionAttributeNames: { '#count': 'count' },
                  ExpressionAttributeValues: { ':one': { N: '1' } },
                },
              },
            ],
          }),
        );
      };
    case 'TransactWriteItems':
      return () => {
        const booking = id();
        return client.send(
          new TransactWriteItemsCommand({
            TransactItems: [newItem(`FLOOR#${booking}`, 'BOOKING'), newItem(`FLOOR#${booking}`, 'LOCK')],
          }),
        );
      };
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
    const floor = floorCall(scenario.floor, options.floorClient, options.tableName, options.apiUrl, scenario);
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
