// composeRoute(): what httpRoute() builds every route handler with. It reads the route's record (its
// schemas, field labels, who gets HTML), composes the shared middlewares in a fixed order, validates
// input and hands the handler typed input; a path parameter that fails its schema is the route's 404.
// It imports no AWS client: a POST route's Idempotency-Key store is handed in (./route.ts wires the
// table's), so a route that calls nothing (./read-route.ts) bundles no SDK.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { clinicConfig } from '../../config/runtime.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { optionalEnv } from '../../platform/env.ts';
import { logger } from '../../platform/logger.ts';
import { metricsMiddleware } from '../../platform/metrics.ts';
import { type BodyMediaType, bodyMediaType } from './body.ts';
import { assertThroughCloudFront, clientIpOf, ORIGIN_VERIFY_ENV } from './client-ip.ts';
import { accessLog, problemResponses, requestBody, securityHeaders } from './middleware.ts';
import { contentNegotiation, wantsHtmlOf } from './negotiation.ts';
import type { ProblemDocument } from './problems.ts';
import type { HttpResponse } from './responses.ts';
import { isIdempotent, type RouteRecord, type RouteSchemas } from './route-record.ts';
import type { StaffActor } from './staff-auth.ts';
import { parseInput } from './validation.ts';

/** Set when CloudFront is in front (see ./client-ip.ts). */
const originVerify = optionalEnv(ORIGIN_VERIFY_ENV);

/** What every request carries besides its validated input. */
export interface RequestFacts {
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The client's address as API Gateway saw it. */
  readonly clientIp: string;
  /** Answer with HTML: the route offers pages and the request prefers one (API.md "Answer"). */
  readonly wantsHtml: boolean;
  readonly mediaType: BodyMediaType | undefined;
  readonly event: APIGatewayProxyEventV2;
  /** The request's time, read once at the edge so the domain below takes `now` as an argument. */
  readonly now: Date;
  /** The signed-in staff member, on `staff` and `admin` routes (checked before any input is read). */
  readonly staff?: StaffActor;
}

type Validated<S extends RouteSchemas, K extends keyof RouteSchemas, Otherwise> = S[K] extends z.core.$ZodType
  ? z.output<S[K]>
  : Otherwise;

export interface HttpRequest<S extends RouteSchemas = RouteSchemas> extends RequestFacts {
  readonly body: Validated<S, 'body', Record<string, unknown>>;
  readonly query: Validated<S, 'query', Readonly<Record<string, string | undefined>>>;
  readonly params: Validated<S, 'params', Readonly<Record<string, string>>>;
}

/** How a route's failures look as pages, beyond the generic error page. */
export interface ProblemPresentation {
  /** More of the HTML error page for a problem (escaped markup), e.g. a 409's alternatives. */
  readonly problemHtml?: (problem: ProblemDocument) => string | undefined;
  /** A page of the route's own for a problem (the manage link's 404), instead of the generic one. */
  readonly problemPage?: (problem: ProblemDocument) => HttpResponse | undefined;
  /**
   * Who is asking, for `staff` and `admin` routes (staffRoute() passes it, so public bundles carry
   * no Cognito client); it throws the 401 or 403.
   */
  readonly identify?: (event: APIGatewayProxyEventV2) => StaffActor;
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

/** The referring page, when it is on one of the clinic's own sites, for "go back" links. */
export function allowedReferer(event: APIGatewayProxyEventV2): string | undefined {
  const referer = event.headers?.referer;
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    return clinicConfig().cors.allowedOrigins.includes(url.origin) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Path parameters that fail the route's schema are not looked up: they get the unknown id's 404. */
function parseParams(route: RouteRecord, schema: z.core.$ZodType, params: unknown): unknown {
  try {
    return parseInput(schema, params);
  } catch (error) {
    if (error instanceof ValidationError) throw new NotFoundError(route.notFound ?? 'Not found');
    throw error;
  }
}

/** The Idempotency-Key middleware of a POST route (./idempotency.ts, on the table). */
export type IdempotencyMiddleware = middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context>;

export function composeRoute<S extends RouteSchemas>(
  route: RouteRecord<S>,
  handler: (request: HttpRequest<S>) => Promise<HttpResponse>,
  presentation: ProblemPresentation,
  idempotencyMiddleware: (() => IdempotencyMiddleware) | undefined,
): HttpHandler {
  if (route.auth !== 'public' && presentation.identify === undefined) {
    throw new Error(
      `${route.id} is a ${route.auth} route: build it with staffRoute(), which checks who asks`,
    );
  }
  const { identify, ...pages } = presentation;
  const config = clinicConfig();
  const schemas: RouteSchemas = route.request(config);
  // Media type is read from the (normalised) headers, as every middleware reads it: a middy
  // handler is not given `request.internal`, and it is cheap to derive.
  const core = async (event: APIGatewayProxyEventV2, context: Context): Promise<HttpResponse> => {
    // Behind CloudFront, only what came through it (and so through AWS WAF) is served.
    assertThroughCloudFront(event.headers ?? {}, originVerify);
    // Who asks comes first: a stranger learns nothing from a 400 about the input's shape.
    const staff = identify?.(event);
    const rawBody = (event as unknown as { body: unknown }).body;
    const rawQuery = event.queryStringParameters ?? {};
    const rawParams = event.pathParameters ?? {};
    const body = schemas.body ? parseInput(schemas.body, rawBody) : rawBody;
    const query = schemas.query ? parseInput(schemas.query, rawQuery) : rawQuery;
    const params = schemas.params ? parseParams(route, schemas.params, rawParams) : rawParams;
    return handler({
      body,
      query,
      params,
      headers: (event.headers ?? {}) as Record<string, string>,
      clientIp: clientIpOf(event.headers ?? {}, event.requestContext?.http?.sourceIp, originVerify),
      wantsHtml: wantsHtmlOf(context),
      mediaType: bodyMediaType(event.headers?.['content-type']),
      event,
      now: new Date(),
      ...(staff ? { staff } : {}),
    } as HttpRequest<S>);
  };

  const chain = middy<APIGatewayProxyEventV2, HttpResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer())
    // Before anything that can fail, so that a failure is answered the way the request asked.
    .use(contentNegotiation(route.html));
  if (isIdempotent(route)) {
    if (!idempotencyMiddleware) {
      throw new Error(
        `${route.id} is a POST route: build it with httpRoute() of ./route.ts (Idempotency-Key)`,
      );
    }
    // Outermost of the request-specific middlewares: it sees the final answer (after problem
    // formatting and security headers) and stores exactly what a replay should return.
    chain.use(idempotencyMiddleware());
  }
  chain
    .use(accessLog())
    .use(securityHeaders())
    .use(
      problemResponses({
        wantsHtml: wantsHtmlOf,
        ...(route.html?.problems ? { htmlProblems: route.html.problems } : {}),
        ...(route.html ? { errorPage: route.html.errorPage } : {}),
        backLink: allowedReferer,
        fieldLabels: route.fieldLabels?.(config) ?? {},
        config,
        ...pages,
      }),
    )
    // Size, media type and parsing in one promise of its own (body.ts): a body of any shape is a
    // 400/413/415 problem, never an exception outside the request.
    .use(requestBody())
    // Innermost: its after/onError run first, so no other middleware's early answer can skip the flush.
    .use(metricsMiddleware())
    .handler(core);
  return chain as unknown as HttpHandler;
}
