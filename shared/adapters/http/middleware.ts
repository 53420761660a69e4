// The middlewares every route shares. Each does one thing; shared/adapters/http/route.ts puts them in order.
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { DomainError } from '../../core/errors.ts';
import { trustedHtml } from '../../core/messages/html.ts';
import { errorFacts, logger } from '../../platform/logger.ts';
import { parseBody, readsBody } from './body.ts';
import { formPageCsp, HTML_CSP } from './csp.ts';
import type { ErrorPageRenderer, ProblemPageContext } from './problem-pages.ts';
import {
  internalProblem,
  type ProblemCode,
  type ProblemDocument,
  problemDocument,
  problemHeaders,
} from './problems.ts';
import { rawBodyBytes } from './raw-body.ts';
import { HTML_TYPE, type HttpResponse, PROBLEM_TYPE } from './responses.ts';
import { API_SECURITY_HEADERS } from './security-headers.ts';

export type Request = middy.Request<
  APIGatewayProxyEventV2,
  HttpResponse | undefined,
  Error,
  Context,
  HttpInternal
>;

/** Facts the middlewares learn about a request and pass along (never personal data). */
export interface HttpInternal {
  startedAt?: number;
  [key: string]: unknown;
}

/**
 * The request body, parsed and checked (shared/adapters/http/body.ts): 413 over 64 KiB, 415 for
 * another media type or a file, 400 for anything unreadable. The body becomes its fields; that of a
 * method that takes none (GET, DELETE) is `{}`, whatever was sent.
 */
export function requestBody(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context> {
  return {
    before: async (request) => {
      const event = request.event;
      const fields = readsBody(event.requestContext?.http?.method ?? 'GET')
        ? await parseBody(rawBodyBytes(event), event.headers?.['content-type'])
        : {};
      (event as { body?: unknown }).body = fields;
    },
  };
}

/**
 * Every failure becomes an RFC 9457 problem document (HTML page for a plain form post); anything
 * that is not a known client error is a bare 500 whose details go only to the log.
 */
export function problemResponses(
  options: {
    /** Whether this request is answered with HTML (the route's content negotiation decided). */
    wantsHtml?: (context: Context) => boolean;
    /** The problems a page answers; the others stay problem documents. @default every problem */
    htmlProblems?: readonly ProblemCode[];
    /**
     * The generic error page (./problem-pages.ts's problemPageFor), for routes with pages: without
     * it every failure is a problem document, and the bundle carries no page templates.
     */
    errorPage?: ErrorPageRenderer;
    /** A page of the route's own for a problem, instead of the generic error page. */
    problemPage?: (problem: ProblemDocument) => HttpResponse | undefined;
    backLink?: (event: APIGatewayProxyEventV2) => string | undefined;
    /** Labels for the HTML error page (`email` → `Email address`). */
    fieldLabels?: Readonly<Record<string, string>>;
    /** More of the HTML error page for a problem (escaped markup), e.g. a 409's alternatives. */
    problemHtml?: (problem: ProblemDocument) => string | undefined;
    /** The clinic, for the page's name, colour, phone and way back. */
    config?: Pick<ClinicConfig, 'clinic' | 'forms' | 'scheduling' | 'cors'>;
  } = {},
): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context> {
  return {
    onError: (request) => {
      if (request.response !== undefined) return;
      const error = request.error;
      const known = error instanceof DomainError ? error : undefined;
      let problem: ProblemDocument;
      let headers: Record<string, string> = {};
      if (known) {
        problem = problemDocument(known);
        headers = problemHeaders(known);
      } else {
        logger.error('Unhandled error', errorFacts(error));
        problem = internalProblem();
      }
      const event = request.event;
      const errorPage = options.errorPage;
      const asPage =
        errorPage !== undefined &&
        (options.wantsHtml?.(request.context) ?? false) &&
        (options.htmlProblems?.includes(problem.code) ?? true);
      const ownPage = asPage ? options.problemPage?.(problem) : undefined;
      if (ownPage) {
        request.response = { ...ownPage, headers: { ...ownPage.headers, ...headers } };
      } else if (asPage) {
        const page = errorPage(problem, pageContext(event, problem, headers, options));
        request.response = {
          statusCode: problem.status,
          headers: {
            ...headers,
            'content-type': HTML_TYPE,
            // Its forms post back here, and the answer may send the browser on to the clinic's site.
            ...(page.hasForms && options.config
              ? { 'content-security-policy': formPageCsp(options.config) }
              : {}),
          },
          body: page.body,
        };
      } else {
        request.response = {
          statusCode: problem.status,
          headers: { ...headers, 'content-type': PROBLEM_TYPE },
          body: JSON.stringify(problem),
        };
      }
    },
  };
}

/** What the error page knows of the request: the fields as posted, where they went, when to retry. */
function pageContext(
  event: APIGatewayProxyEventV2,
  problem: ProblemDocument,
  headers: Record<string, string>,
  options: Parameters<typeof problemResponses>[0] & {},
): ProblemPageContext {
  const back = options.backLink?.(event);
  const more = options.problemHtml?.(problem);
  // requestBody() replaced the raw body by its fields; a body it could not read stays a string.
  const body = (event as { body?: unknown }).body;
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  const retryAfter = Number(headers['retry-after']);
  const path = event.rawPath;
  return {
    ...(options.config ? { config: options.config } : {}),
    ...(back === undefined ? {} : { backLink: back }),
    fieldLabels: options.fieldLabels ?? {},
    ...(fields ? { fields } : {}),
    // The page is the answer to the post, so the post's own path is where its forms post again.
    ...(path ? { action: path } : {}),
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    ...(more ? { moreHtml: trustedHtml(more) } : {}),
  };
}

/** Headers every response carries (API.md "Security headers"). A route may set its own Cache-Control. */
export function securityHeaders(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context> {
  const apply = (request: Request) => {
    const response = request.response;
    if (!response) return;
    const headers = response.headers ?? {};
    headers['x-content-type-options'] = API_SECURITY_HEADERS['x-content-type-options'];
    headers['cache-control'] ??= API_SECURITY_HEADERS['cache-control'];
    headers['referrer-policy'] ??= API_SECURITY_HEADERS['referrer-policy'];
    headers['strict-transport-security'] ??= API_SECURITY_HEADERS['strict-transport-security'];
    if ((headers['content-type'] ?? '').startsWith('text/html')) {
      // A route may loosen its own page's policy (HTML_CSP_WITH_FORMS); every other page gets the strict one.
      headers['content-security-policy'] ??= HTML_CSP;
      headers['x-frame-options'] = 'DENY';
    } else {
      headers['content-security-policy'] ??= API_SECURITY_HEADERS['content-security-policy'];
    }
    response.headers = headers;
  };
  return { after: apply, onError: apply };
}

/** One line per request: route, status and time taken. Nothing from the request itself. */
export function accessLog(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context> {
  const log = (request: Request) => {
    const internal = request.internal as HttpInternal;
    logger.info('request', {
      route: request.event.routeKey,
      status: request.response?.statusCode,
      durationMs: internal.startedAt === undefined ? undefined : Date.now() - internal.startedAt,
    });
  };
  return {
    before: (request) => {
      (request.internal as HttpInternal).startedAt = Date.now();
    },
    after: log,
    onError: log,
  };
}
