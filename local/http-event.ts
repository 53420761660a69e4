// What API Gateway's HTTP API does around a Lambda integration, as pure functions: the payload
// v2.0 event built from a request, the Lambda context, and the HTTP answer read back from the
// handler's result. Kept free of I/O so it is unit-tested line by line against AWS's documented shapes.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { API_SECURITY_HEADERS } from '../shared/adapters/http/security-headers.ts';

/** What the gateway knows about one request once its body has been read. */
export interface IncomingRequest {
  readonly method: string;
  /** Path and query as received (`/v1/availability?type=x`). */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value… in arrival order, duplicates kept. */
  readonly rawHeaders: readonly string[];
  /** The TCP peer's address (`127.0.0.1`, `::1`, `::ffff:10.0.0.5`). */
  readonly peerAddress: string;
  readonly httpVersion: string;
  readonly body: Buffer | undefined;
  readonly receivedAt: Date;
}

export interface MatchedRoute {
  /** `GET /v1/bookings/{id}` */
  readonly routeKey: string;
  readonly pathParameters: Record<string, string> | undefined;
}

export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_API_ID = 'local';
export const LOCAL_REGION = 'us-east-1';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopback(address: string): boolean {
  return LOOPBACK.has(address) || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** `::ffff:10.0.0.5` → `10.0.0.5`, as API Gateway reports IPv4 clients. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}

/**
 * The client's address as the handler should see it. API Gateway reports the TCP peer; locally
 * every test is the loopback peer, so a loopback request may name its client in the first
 * `X-Forwarded-For` entry (a test can then act as many clients). Anyone else is taken at their socket.
 */
export function resolveSourceIp(peerAddress: string, forwardedFor: string | undefined): string {
  if (isLoopback(peerAddress) && forwardedFor) {
    const first = forwardedFor.split(',')[0]?.trim();
    if (first) return first;
  }
  return plainAddress(peerAddress);
}

/** Lower-cased names; repeated headers joined with ',' as API Gateway does for payload v2.0. */
export function collectHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return headers;
}

/** Decoded query parameters; a repeated name has its values joined with ',' (payload v2.0). */
export function parseQueryString(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/**
 * Whether API Gateway would hand the body over as text. Form posts (urlencoded and multipart) and
 * anything not textual arrive base64-encoded with `isBase64Encoded: true`, as they do in AWS.
 */
export function isTextBody(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = (contentType.split(';')[0] as string).trim().toLowerCase();
  return (
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType.endsWith('+json') ||
    mediaType === 'application/xml' ||
    mediaType.endsWith('+xml') ||
    mediaType === 'application/javascript'
  );
}

/** `24/Nov/2026:17:19:37 +0000`, the format of `requestContext.time`. */
export function requestTime(at: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`
  );
}

/** An id shaped like API Gateway's (`JKJaXmPLvHcESHA=`), also sent back as `apigw-requestid`. */
export function newRequestId(): string {
  // From randomUUID(), which draws on a pooled buffer of entropy: randomBytes() is a call into
  // OpenSSL per request, a measurable part of what the local gateway adds to a warm request.
  return Buffer.from(randomUUID().replaceAll('-', '').slice(0, 20), 'hex').toString('base64');
}

/** One log stream per function, as one execution environment of a Lambda function writes to one. */
const logStreams = new Map<string, string>();
function logStreamOf(functionName: string, startedAt: number): string {
  let stream = logStreams.get(functionName);
  if (stream === undefined) {
    const day = new Date(startedAt).toISOString().slice(0, 10).replaceAll('-', '/');
    stream = `${day}/[$LATEST]${randomUUID().replaceAll('-', '')}`;
    logStreams.set(functionName, stream);
  }
  return stream;
}

export function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
  const question = url.indexOf('?');
  return question === -1
    ? { rawPath: url, rawQueryString: '' }
    : { rawPath: url.slice(0, question), rawQueryString: url.slice(question + 1) };
}

/** The payload v2.0 event API Gateway's HTTP API would send for this request and route. */
export function buildHttpEvent(
  request: IncomingRequest,
  route: MatchedRoute,
  requestId: string = newRequestId(),
): APIGatewayProxyEventV2 {
  const { rawPath, rawQueryString } = splitUrl(request.url);
  const received = collectHeaders(request.rawHeaders);
  const sourceIp = resolveSourceIp(request.peerAddress, received['x-forwarded-for']);

  // Cookies travel in their own field, not among the headers.
  const cookieHeader = received.cookie;
  delete received.cookie;
  const cookies = cookieHeader
    ?.split(/;\s*|,/)
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');

  // API Gateway appends the peer to X-Forwarded-For; a loopback request that named its client is
  // shown as if that client had connected directly.
  const forwardedFor =
    isLoopback(request.peerAddress) && received['x-forwarded-for']
      ? sourceIp
      : [received['x-forwarded-for'], sourceIp].filter(Boolean).join(', ');
  const headers: Record<string, string> = {
    ...received,
    'x-forwarded-for': forwardedFor,
    'x-forwarded-proto': 'http',
    'x-amzn-trace-id': `Root=1-${Math.floor(request.receivedAt.getTime() / 1000).toString(16)}-${randomUUID().replaceAll('-', '').slice(0, 24)}`,
  };
  if (request.body && headers['content-length'] === undefined) {
    headers['content-length'] = String(request.body.length);
  }
  const host = headers.host ?? 'localhost';

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: LOCAL_API_ID,
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: requestTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    isBase64Encoded: false,
  };
  const queryStringParameters = parseQueryString(rawQueryString);
  if (queryStringParameters) event.queryStringParameters = queryStringParameters;
  if (route.pathParameters && Object.keys(route.pathParameters).length > 0) {
    event.pathParameters = route.pathParameters;
  }
  if (request.body && request.body.length > 0) {
    if (isTextBody(headers['content-type'])) {
      event.body = request.body.toString('utf8');
    } else {
      event.body = request.body.toString('base64');
      event.isBase64Encoded = true;
    }
  }
  return event;
}

/**
 * `requestContext.authorizer` as API Gateway's JWT authorizer writes it for a verified token: each
 * claim a string (an array as `[a b]`), and the `scope` claim split into `scopes`.
 */
export function jwtAuthorizerContext(verifiedClaims: Readonly<Record<string, unknown>>): {
  jwt: { claims: Record<string, string>; scopes: string[] };
} {
  const claims = Object.fromEntries(
    Object.entries(verifiedClaims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
    ]),
  );
  const scopes = typeof verifiedClaims.scope === 'string' ? verifiedClaims.scope.split(' ') : [];
  return { jwt: { claims, scopes } };
}

export interface FunctionSettings {
  readonly functionName: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

/** A Lambda context like the Node.js runtime's, with the deadline the function's timeout gives. */
export function lambdaContext(settings: FunctionSettings, startedAt: number = Date.now()): Context {
  const deadline = startedAt + settings.timeoutSeconds * 1000;
  const unsupported = () => {
    throw new Error('done/fail/succeed are not available in the Node.js 24 runtime');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: settings.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${settings.functionName}`,
    memoryLimitInMB: String(settings.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${settings.functionName}`,
    logStreamName: logStreamOf(settings.functionName, startedAt),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

export interface HttpAnswer {
  readonly statusCode: number;
  /** Header name → value(s); `set-cookie` may repeat. */
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

/**
 * What API Gateway sends back for a payload v2.0 result: a structured result as given (cookies as
 * `Set-Cookie`, a base64 body decoded); anything else — a string or an object without
 * `statusCode` — is a 200 JSON answer, as API Gateway infers it.
 */
export function answerFromResult(result: APIGatewayProxyResultV2 | undefined | null): HttpAnswer {
  if (
    result !== null &&
    typeof result === 'object' &&
    'statusCode' in result &&
    result.statusCode !== undefined
  ) {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) {
      headers[name.toLowerCase()] = String(value);
    }
    if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = [...result.cookies];
    const text = result.body ?? '';
    const body = result.isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
    return { statusCode: result.statusCode, headers, body };
  }
  const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(body, 'utf8'),
  };
}

/**
 * API Gateway's own answers, which are not problem documents (`{"message":"Not Found"}`). They
 * carry the security headers every answer has, as the deployment's CloudFront response headers
 * policy adds them (docs/reliability.md "CORS preflight"); the body and status are API Gateway's.
 */
export function gatewayMessage(statusCode: number, message: string): HttpAnswer {
  return {
    statusCode,
    headers: { ...API_SECURITY_HEADERS, 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
  };
}
