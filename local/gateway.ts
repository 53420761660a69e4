// The local API gateway: a Node HTTP server in front of the route table that behaves like the
// deployed HTTP API (payload v2.0 events, CORS from the clinic config, API Gateway's own answers
// for oversized bodies and failed invocations).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { StaffTokenVerifier } from '../shared/adapters/cognito/tokens.ts';
import type { CorsPolicy } from '../shared/adapters/http/cors.ts';
import { problemDocument } from '../shared/adapters/http/problems.ts';
import { PROBLEM_TYPE } from '../shared/adapters/http/responses.ts';
import { matchPath, type RouteDefinition } from '../shared/adapters/http/route-record.ts';
import { API_SECURITY_HEADERS } from '../shared/adapters/http/security-headers.ts';
import { NotFoundError } from '../shared/core/errors.ts';
import { isPreflight, preflightAnswerHeaders, withCorsHeaders } from './cors.ts';
import {
  answerFromResult,
  buildHttpEvent,
  gatewayMessage,
  type HttpAnswer,
  type IncomingRequest,
  jwtAuthorizerContext,
  lambdaContext,
  newRequestId,
} from './http-event.ts';

/** API Gateway refuses request payloads over 10 MB before any function runs. */
export const MAX_GATEWAY_PAYLOAD_BYTES = 10 * 1024 * 1024;

type HttpFunction = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface GatewayOptions {
  readonly routes: readonly RouteDefinition[];
  readonly cors: CorsPolicy;
  /** Where route `entry` paths are resolved from (the repository root). */
  readonly rootDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** Prefix of the local function names (`clinic-local` → `clinic-local-Health`). */
  readonly functionNamePrefix?: string;
  /** One line per request: method, route, status, time. Never bodies, paths or queries. */
  readonly log?: (line: string) => void;
  /** Unexpected failures (a handler that throws or cannot load). */
  readonly logError?: (line: string) => void;
  /**
   * Checks the bearer token of every `staff` and `admin` route as API Gateway's JWT authorizer
   * does; without it those routes answer 401, as they would with no authorizer to pass.
   */
  readonly staffTokens?: StaffTokenVerifier;
  /**
   * Multiplies every function's timeout (the stress suite only): there, hundreds of concurrent
   * invocations share this one process and a loaded CPU, where Lambda gives each its own, so the
   * deployed budget would time out the local queue rather than the function. @default 1
   */
  readonly timeoutScale?: number;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly pathParameters: Record<string, string>;
}

/** The route for a method and path; `undefined` when none matches either. */
export function findRoute(
  routes: readonly RouteDefinition[],
  method: string,
  path: string,
): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method.toUpperCase()) continue;
    const pathParameters = matchPath(route.path, path);
    if (pathParameters) return { route, pathParameters };
  }
  return undefined;
}

/**
 * Unknown path and known path with another method get the same 404 problem document: the
 * deployed API has no per-path method list to offer in an `Allow` header either (API Gateway
 * answers 404 there), so a 405 here would be a local-only behaviour that tests could come to rely on.
 */
function notFound(): HttpAnswer {
  const document = problemDocument(new NotFoundError('No route matches this method and path'));
  return {
    statusCode: 404,
    headers: { ...API_SECURITY_HEADERS, 'content-type': PROBLEM_TYPE },
    body: Buffer.from(JSON.stringify(document), 'utf8'),
  };
}

class PayloadTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_GATEWAY_PAYLOAD_BYTES) {
      reject(new PayloadTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_GATEWAY_PAYLOAD_BYTES) {
        request.removeAllListeners('data');
        reject(new PayloadTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(size === 0 ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The error's kind and where it came from; its message may carry request data, so it stays out. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const frames = (error.stack ?? '').split('\n').slice(1, 6).join('\n');
  return `${error.name}\n${frames}`;
}

/**
 * A function's error thrown where no promise of ours awaits it (a callback, a timer, an event
 * listener) or a rejection nobody handles. In Lambda that ends the container: the request gets
 * API Gateway's 500 and the next one a fresh container. Here every function shares the process
 * that also holds the gateway (and, with `npm run dev`, DynamoDB Local's in-memory data), so the
 * gateway fails that one request with the same 500 and keeps serving (docs/reliability.md
 * "Nothing thrown kills the gateway").
 */
interface Invocation {
  readonly gateway: symbol;
  /** Fails the invocation; false when it had already answered. */
  fail(error: unknown): boolean;
}

/** The invocation whose code is running: async work started by a handler carries it along. */
const invocations = new AsyncLocalStorage<Invocation>();
/** The running gateways and where each reports failures. */
const runningGateways = new Map<symbol, (line: string) => void>();

function strayErrorListener(kind: string): (error: unknown) => void {
  return (error) => {
    const invocation = invocations.getStore();
    const logError = invocation ? runningGateways.get(invocation.gateway) : undefined;
    if (invocation && logError) {
      if (!invocation.fail(error)) {
        logError(`[gateway] ${kind} in a function after its answer: ${describeFailure(error)}`);
      }
      return;
    }
    for (const report of runningGateways.values()) {
      report(`[gateway] ${kind} outside any request, the gateway keeps serving: ${describeFailure(error)}`);
    }
  };
}
const onUncaughtException = strayErrorListener('uncaught exception');
const onUnhandledRejection = strayErrorListener('unhandled rejection');

function watchStrayErrors(gateway: symbol, logError: (line: string) => void): void {
  if (runningGateways.size === 0) {
    process.on('uncaughtException', onUncaughtException);
    process.on('unhandledRejection', onUnhandledRejection);
  }
  runningGateways.set(gateway, logError);
}

function unwatchStrayErrors(gateway: symbol): void {
  runningGateways.delete(gateway);
  if (runningGateways.size === 0) {
    process.off('uncaughtException', onUncaughtException);
    process.off('unhandledRejection', onUnhandledRejection);
  }
}

class StrayFunctionError extends Error {
  constructor(readonly error: unknown) {
    super('uncaught exception in the function');
    this.name = 'StrayFunctionError';
  }
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gatewayId = Symbol('gateway');
  const log = options.log ?? ((line: string) => console.info(line));
  const logError = options.logError ?? ((line: string) => console.error(line));
  const prefix = options.functionNamePrefix ?? 'clinic-local';
  const modules = new Map<string, Promise<HttpFunction>>();

  const loadHandler = (route: RouteDefinition): Promise<HttpFunction> => {
    let loading = modules.get(route.entry);
    if (!loading) {
      // Loaded on first use, like a cold start, so one route that does not build yet does not stop the rest.
      loading = import(pathToFileURL(join(options.rootDir, route.entry)).href).then((module) => {
        if (typeof module.handler !== 'function')
          throw new Error(`${route.entry} exports no handler function`);
        return module.handler as HttpFunction;
      });
      loading.catch(() => modules.delete(route.entry));
      modules.set(route.entry, loading);
    }
    return loading;
  };

  /**
   * The JWT authorizer's part: a refused token never reaches the function (401, or 403 for a token
   * without the route's scope, with API Gateway's own bodies); a verified one's claims ride on the
   * event as `requestContext.authorizer.jwt`, each value a string as API Gateway writes them.
   */
  const authorize = async (event: APIGatewayProxyEventV2): Promise<HttpAnswer | undefined> => {
    const check = options.staffTokens
      ? await options.staffTokens.verify(event.headers.authorization)
      : ({ ok: false, status: 401, description: 'no authorizer' } as const);
    if (!check.ok) {
      const answer = gatewayMessage(check.status, check.status === 403 ? 'Forbidden' : 'Unauthorized');
      if (check.status === 401) {
        answer.headers['www-authenticate'] =
          `Bearer error="invalid_token" error_description="${check.description}"`;
      }
      return answer;
    }
    (event.requestContext as unknown as { authorizer: unknown }).authorizer = jwtAuthorizerContext(
      check.claims,
    );
    return undefined;
  };

  const invoke = async (
    match: RouteMatch,
    incoming: IncomingRequest,
    requestId: string,
  ): Promise<HttpAnswer> => {
    const { route } = match;
    const event = buildHttpEvent(
      incoming,
      { routeKey: `${route.method} ${route.path}`, pathParameters: match.pathParameters },
      requestId,
    );
    if (route.auth !== 'public') {
      const refused = await authorize(event);
      if (refused) return refused;
    }
    const timeoutSeconds = (route.timeoutSeconds ?? 10) * (options.timeoutScale ?? 1);
    let handler: HttpFunction;
    try {
      handler = await loadHandler(route);
    } catch (error) {
      // A module that fails to load is a code problem, not request data: show all of it.
      logError(
        `[gateway] cannot load ${route.entry}: ${error instanceof Error ? error.stack : String(error)}`,
      );
      return gatewayMessage(500, 'Internal Server Error');
    }
    // The function's time starts once its module is loaded: in Lambda, init has a budget of its
    // own and does not count against the invocation's timeout. (Counting it made cold starts under
    // load, many first requests waiting for one slow module load, answer 500 locally.)
    const context = lambdaContext({
      functionName: `${prefix}-${route.id}`,
      timeoutSeconds,
      memoryMb: route.memoryMb ?? 512,
    });
    let timer: NodeJS.Timeout | undefined;
    let answered = false;
    let failStray: (error: unknown) => void = () => {};
    const strayFailure = new Promise<never>((_, reject) => {
      failStray = (error) => reject(new StrayFunctionError(error));
    });
    const invocation: Invocation = {
      gateway: gatewayId,
      fail: (error) => {
        if (answered) return false;
        failStray(error);
        return true;
      },
    };
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Task timed out after ${timeoutSeconds} seconds`)),
          timeoutSeconds * 1000,
        );
      });
      const running = invocations.run(invocation, () => handler(event, context));
      const result = await Promise.race([running, timedOut, strayFailure]);
      return answerFromResult(result);
    } catch (error) {
      // Lambda reports a thrown error or a timeout to API Gateway, which answers a bare 500.
      const failure =
        error instanceof StrayFunctionError
          ? `uncaught exception (Lambda would end this container): ${describeFailure(error.error)}`
          : describeFailure(error);
      logError(`[gateway] ${route.id} failed (request ${requestId}): ${failure}`);
      return gatewayMessage(500, 'Internal Server Error');
    } finally {
      answered = true;
      clearTimeout(timer);
    }
  };

  const send = (response: ServerResponse, answer: HttpAnswer, requestId: string) => {
    response.statusCode = answer.statusCode;
    for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
    response.setHeader('apigw-requestid', requestId);
    response.setHeader('content-length', answer.body.length);
    response.end(answer.body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const started = Date.now();
    const requestId = newRequestId();
    const method = request.method ?? 'GET';
    const rawPath = (request.url ?? '/').split('?')[0] as string;
    const origin = request.headers.origin;
    let label = `${method} (no route)`;

    let answer: HttpAnswer;
    if (isPreflight(method)) {
      label = 'OPTIONS (CORS preflight)';
      answer = {
        statusCode: 204,
        headers: preflightAnswerHeaders(options.cors, origin),
        body: Buffer.alloc(0),
      };
      request.resume();
    } else {
      const match = findRoute(options.routes, method, rawPath);
      if (match) label = `${match.route.method} ${match.route.path}`;
      let body: Buffer | undefined;
      let tooLarge = false;
      try {
        body = await readBody(request);
      } catch (error) {
        if (!(error instanceof PayloadTooLarge)) throw error;
        tooLarge = true;
      }
      if (tooLarge) {
        answer = gatewayMessage(413, 'Request Entity Too Large');
        response.setHeader('connection', 'close');
      } else if (!match) {
        answer = notFound();
      } else {
        answer = await invoke(
          match,
          {
            method,
            url: request.url ?? '/',
            rawHeaders: request.rawHeaders,
            peerAddress: request.socket.remoteAddress ?? '127.0.0.1',
            httpVersion: request.httpVersion,
            body,
            receivedAt: new Date(started),
          },
          requestId,
        );
      }
      answer = { ...answer, headers: withCorsHeaders(options.cors, origin, answer.headers) };
    }
    send(response, answer, requestId);
    log(`[gateway] ${label} → ${answer.statusCode} in ${Date.now() - started} ms`);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      logError(`[gateway] unexpected failure: ${describeFailure(error)}`);
      if (!response.headersSent) send(response, gatewayMessage(500, 'Internal Server Error'), newRequestId());
      else response.destroy();
    });
  });
  // API Gateway keeps connections alive; a closing dev server must not wait on idle ones.
  server.keepAliveTimeout = 5_000;

  const host = options.host ?? '127.0.0.1';
  watchStrayErrors(gatewayId, logError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    unwatchStrayErrors(gatewayId);
    throw error;
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          unwatchStrayErrors(gatewayId);
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
