// httpRoute(): the one way a route handler is built. It composes the shared middlewares in a fixed
// order, validates input with the route's zod schemas and hands the handler typed input.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpMultipartBodyParser from '@middy/http-multipart-body-parser';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { clinicConfig } from '../../config/runtime.ts';
import { requireEnv } from '../../platform/env.ts';
import { logger } from '../../platform/logger.ts';
import { metricsMiddleware } from '../../platform/metrics.ts';
import { dynamoDb } from '../dynamodb/client.ts';
import { idempotency } from './idempotency.ts';
import {
  accessLog,
  type BodyMediaType,
  bodyMediaType,
  MAX_BODY_BYTES,
  normaliseParsedBody,
  problemResponses,
  requestGuards,
  securityHeaders,
  wantsHtml,
} from './middleware.ts';
import type { ProblemDocument } from './problems.ts';
import type { HttpResponse } from './responses.ts';
import { parseInput } from './validation.ts';

export interface HttpRequest<TBody, TQuery> {
  readonly body: TBody;
  readonly query: TQuery;
  readonly params: Readonly<Record<string, string>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The client's address as API Gateway saw it. */
  readonly clientIp: string;
  /** A plain HTML form post that should be answered with HTML (API.md "Answer"). */
  readonly wantsHtml: boolean;
  readonly mediaType: BodyMediaType | undefined;
  readonly event: APIGatewayProxyEventV2;
  /** The request's time, read once at the edge so the domain below takes `now` as an argument. */
  readonly now: Date;
}

export interface RouteOptions<TBody, TQuery> {
  /** Validates the parsed body (JSON or form fields); without it the handler gets the raw fields. */
  readonly body?: z.ZodType<TBody>;
  readonly query?: z.ZodType<TQuery>;
  /** Honour `Idempotency-Key` (every POST route of API.md does). */
  readonly idempotent?: boolean;
  /** What a person filling in the form calls each field, for the HTML error page. */
  readonly fieldLabels?: Readonly<Record<string, string>>;
  /** More of the HTML error page for a problem (escaped markup), e.g. a 409's alternatives. */
  readonly problemHtml?: (problem: ProblemDocument) => string | undefined;
  readonly handler: (request: HttpRequest<TBody, TQuery>) => Promise<HttpResponse>;
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

export function httpRoute<TBody = Record<string, unknown>, TQuery = Record<string, string | undefined>>(
  options: RouteOptions<TBody, TQuery>,
): HttpHandler {
  // Media type and HTML-ness are read from the (normalised) headers, as every middleware reads
  // them: a middy handler is not given `request.internal`, and these are cheap to derive.
  const core = async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
    const mediaType = bodyMediaType(event.headers?.['content-type']);
    const rawBody = (event as unknown as { body: unknown }).body;
    const body = options.body ? parseInput(options.body, rawBody) : (rawBody as TBody);
    const rawQuery = event.queryStringParameters ?? {};
    const query = options.query ? parseInput(options.query, rawQuery) : (rawQuery as TQuery);
    return options.handler({
      body,
      query,
      params: (event.pathParameters ?? {}) as Record<string, string>,
      headers: (event.headers ?? {}) as Record<string, string>,
      clientIp: event.requestContext?.http?.sourceIp ?? '',
      wantsHtml: wantsHtml(event, mediaType),
      mediaType,
      event,
      now: new Date(),
    });
  };

  const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer());
  if (options.idempotent) {
    // Outermost of the request-specific middlewares: it sees the final answer (after problem
    // formatting and security headers) and stores exactly what a replay should return.
    handler.use(idempotency({ client: dynamoDb, tableName: requireEnv('TABLE_NAME') }));
  }
  handler
    .use(accessLog())
    .use(securityHeaders())
    .use(
      problemResponses({
        backLink: allowedReferer,
        fieldLabels: options.fieldLabels ?? {},
        ...(options.problemHtml ? { problemHtml: options.problemHtml } : {}),
      }),
    )
    .use(requestGuards())
    .use(httpJsonBodyParser({ disableContentTypeError: true }))
    .use(httpUrlencodeBodyParser({ disableContentTypeError: true }))
    .use(
      // File parts are parsed and then refused (415) by normaliseParsedBody, so a form with a
      // file input gets a clear answer instead of a silently dropped file.
      httpMultipartBodyParser({
        disableContentTypeError: true,
        busboy: { limits: { fieldSize: MAX_BODY_BYTES } },
      }),
    )
    .use(normaliseParsedBody())
    // Innermost: its after/onError run first, so no other middleware's early answer can skip the flush.
    .use(metricsMiddleware())
    .handler(core);
  return handler as unknown as HttpHandler;
}
