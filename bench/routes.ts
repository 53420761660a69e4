// The routes as a request meets them: through the local gateway (in this process, from source)
// against DynamoDB Local. Every DynamoDB, SES and SMS call a request makes is counted by the
// attempt listener of the functions' own clients (shared/adapters/aws/json-client.ts); warm
// latency is timed next to the route's floor (bench/floor-function.ts: the same gateway running a
// function that sends the route's own calls again and answers its bytes) and to those calls sent
// bare from the bench, in the same run.
import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { QueryCommandInput, TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { buildHttpEvent } from '../local/http-event.ts';
import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '../shared/adapters/dynamodb/wire-client.ts';
import { matchPath, type RouteDefinition } from '../shared/adapters/http/route-record.ts';
import { FLOOR_PATH, floorDoes } from './floor-function.ts';
import type { BenchRequest, Scenario, ScenarioContext } from './scenarios.ts';
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

/**
 * The bench's client: Node's own HTTP client on a kept-alive connection, the stack the functions'
 * AWS client (and so every floor's DynamoDB call) sends with. `fetch` (undici) costs about 0.2 ms
 * more per request on these machines, time no route spends and a floor does not pay.
 */
const clientAgent = new HttpAgent({ keepAlive: true, maxSockets: 1 });

/** One request as a client makes it, its answer read but not parsed (what the timings measure). */
export function receive(
  apiUrl: string,
  request: BenchRequest,
): Promise<{ status: number; contentType: string; text: string }> {
  const body = request.json ? JSON.stringify(request.json) : undefined;
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      `${apiUrl}${request.url}`,
      {
        method: request.method,
        agent: clientAgent,
        headers: {
          accept: 'application/json',
          'x-forwarded-for': request.clientIp,
          // No Idempotency-Key: a plain form post (a key adds its claim and its record, two writes).
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({
            status: answer.statusCode ?? 0,
            contentType: answer.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        answer.on('error', reject);
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
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
  /** The route's calls sent bare from the bench, back to back; undefined for a route that calls nothing. */
  readonly bareP50Ms: number | undefined;
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

/**
 * The route's recorded calls sent again with the client configured as the functions' (a read as
 * it was, a transaction on fresh keys: `replayOf`), all at once as the route's own go out together
 * (availability's Queries of two months); `undefined` when the route called nothing.
 */
export function replayAll(
  client: DynamoDBClient,
  calls: readonly RecordedCall[],
): (() => Promise<unknown>) | undefined {
  if (calls.length === 0) return undefined;
  const replays = calls.map((call) => {
    if (call.service !== 'DynamoDB') {
      throw new Error(`A floor replays DynamoDB calls, not ${callName(call)}`);
    }
    const input = replayOf(call);
    return () =>
      call.operation === 'Query'
        ? client.send(new QueryCommand(input() as QueryCommandInput))
        : client.send(new TransactWriteItemsCommand(input() as TransactWriteItemsCommandInput));
  });
  return () => Promise.all(replays.map((replay) => replay()));
}

/**
 * For each scenario: the calls one request makes (the first one after a warm-up request), then
 * warm p50/p99 through the gateway and its floor — the floor function doing that request's calls
 * again and answering its bytes, through the same gateway — and the same calls sent bare from the
 * bench, one of each in turn.
 */
export async function measureRoutes(options: {
  readonly apiUrl: string;
  readonly scenarios: readonly Scenario[];
  readonly counter: CallCounter;
  readonly floorClient: DynamoDBClient;
  readonly context: ScenarioContext;
  readonly times: number;
}): Promise<RouteFigures[]> {
  const figures: RouteFigures[] = [];
  const floorRequest: BenchRequest = { method: 'GET', url: FLOOR_PATH, clientIp: '10.99.0.2' };
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
    const answer = await call(n++);
    const calls = options.counter.taken();
    const bare = replayAll(options.floorClient, calls);
    floorDoes({ calls: bare ?? (async () => {}), contentType: answer.contentType, body: answer.text });
    const floor = async () => {
      const floorAnswer = await receive(options.apiUrl, floorRequest);
      // A replay the table refused would time a 500, not the route's work.
      if (floorAnswer.status !== 200) {
        throw new Error(`${scenario.label}: the floor answered ${floorAnswer.status}`);
      }
    };
    // One of each in turn, so that a slow moment of this shared machine falls on the route and
    // its floor alike (blocks of tens of requests each had the two drift apart by 1.5 × between runs).
    const routeSamples: number[] = [];
    const floorSamples: number[] = [];
    const bareSamples: number[] = [];
    const time = async (samples: number[], run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    };
    for (let warm = 0; warm < 5; warm++) {
      await call(n++);
      await floor();
      await bare?.();
    }
    for (let index = 0; index < options.times; index++) {
      await time(routeSamples, () => call(n++));
      await time(floorSamples, floor);
      if (bare) await time(bareSamples, bare);
    }
    figures.push({
      scenario,
      calls,
      p50Ms: median(routeSamples),
      p99Ms: quantile(routeSamples, 0.99),
      floorP50Ms: median(floorSamples),
      bareP50Ms: bare ? median(bareSamples) : undefined,
    });
  }
  return figures;
}
