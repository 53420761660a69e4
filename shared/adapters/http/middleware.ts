// The middlewares every route shares. Each does one thing; shared/adapters/http/route.ts puts them in order.
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { DomainError, ValidationError } from '../../core/errors.ts';
import { html, joinHtml, trustedHtml } from '../../core/messages/html.ts';
import { errorFacts, logger } from '../../platform/logger.ts';
import { HTML_CSP, htmlPage } from './html.ts';
import {
  internalProblem,
  type ProblemCode,
  type ProblemDocument,
  problemDocument,
  problemHeaders,
} from './problems.ts';
import { rawBodyBytes } from './raw-body.ts';
import { HTML_TYPE, type HttpResponse, PROBLEM_TYPE } from './responses.ts';

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

export const MAX_BODY_BYTES = 64 * 1024;

export type BodyMediaType = 'json' | 'urlencoded' | 'multipart';

/** The media type of a request body, or undefined when it is one we do not take. */
export function bodyMediaType(contentType: string | undefined): BodyMediaType | undefined {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase();
  if (essence === 'application/json' || (essence?.startsWith('application/') && essence.endsWith('+json'))) {
    return 'json';
  }
  if (essence === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (essence === 'multipart/form-data') return 'multipart';
  return undefined;
}

/**
 * Size and media-type gate in front of the body parsers: over 64 KiB is 413, a body of any type
 * but JSON, urlencoded or multipart is 415. An empty body parses as `{}` so that field rules,
 * not the parser, tell the client what is missing.
 */
export function requestGuards(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context> {
  return {
    before: (request) => {
      (request.internal as HttpInternal).startedAt = Date.now();
      const event = request.event;
      if (event.requestContext?.http?.method !== 'POST') return;
      const bytes = rawBodyBytes(event).byteLength;
      if (bytes > MAX_BODY_BYTES) {
        throw new DomainError(
          'payload_too_large',
          `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB`,
        );
      }
      if (bytes === 0) {
        (event as { body?: unknown }).body = {};
        return;
      }
      if (bodyMediaType(event.headers?.['content-type']) === undefined) {
        throw new DomainError(
          'unsupported_media_type',
          'Send application/json, application/x-www-form-urlencoded or multipart/form-data',
        );
      }
    },
  };
}

function isFilePart(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('filename' in value || 'content' in value);
}

/**
 * After the middy parsers: a JSON body must be an object; form bodies may not carry files, and a
 * field sent twice keeps its last value (a hidden "false" before a checkbox is the usual pattern).
 */
export function normaliseParsedBody(): middy.MiddlewareObj<
  APIGatewayProxyEventV2,
  HttpResponse,
  Error,
  Context
> {
  return {
    before: (request) => {
      const event = request.event;
      if (event.requestContext?.http?.method !== 'POST') return;
      const body = event.body as unknown;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ValidationError([{ path: '(body)', message: 'The body must be a JSON object' }]);
      }
      if (bodyMediaType(event.headers?.['content-type']) === 'json') return;
      const fields: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(body)) {
        const last = Array.isArray(value) ? value.at(-1) : value;
        if (isFilePart(last) || (Array.isArray(value) && value.some(isFilePart))) {
          throw new DomainError('unsupported_media_type', 'File uploads are not accepted');
        }
        fields[name] = last;
      }
      (event as { body?: unknown }).body = fields;
    },
  };
}

/** middy's own parser and library errors carry a status; give them this API's codes and words. */
function fromMiddyError(error: Error & { statusCode?: number }): DomainError | undefined {
  switch (error.statusCode) {
    case 413:
      return new DomainError(
        'payload_too_large',
        `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB`,
      );
    case 415:
      return new DomainError(
        'unsupported_media_type',
        'This request body could not be read as its content type says',
      );
    case 400:
    case 422:
      return new ValidationError(
        [{ path: '(body)', message: 'The body could not be parsed; send well-formed JSON or form data' }],
        'The body could not be parsed',
      );
    default:
      return undefined;
  }
}

/** The generic error page of a problem, for a person who posted a plain form. */
export function problemPage(
  problem: ProblemDocument,
  backLink: string | undefined,
  fieldLabels: Readonly<Record<string, string>>,
  moreHtml: string,
): string {
  const errors = (problem.errors as { path: string; message: string }[] | undefined) ?? [];
  // A person reads this page: show the form's own labels, not field names.
  const items = errors.map(
    (e) => html`<li><strong>${fieldLabels[e.path] ?? e.path}</strong>: ${e.message}</li>`,
  );
  const list = items.length > 0 ? html`<ul>\n${joinHtml(items, html`\n`)}\n</ul>` : null;
  const back = backLink
    ? html`<p><a href="${backLink}">Go back to the form</a> and try again.</p>`
    : html`<p>Please go back to the form and try again.</p>`;
  // `moreHtml` is the route's own markup (built with html`…`), handed over as a string.
  return htmlPage(
    problem.title,
    html`<h1>${problem.title}</h1>\n<p role="alert">${problem.detail ?? ''}</p>\n${list}${trustedHtml(moreHtml)}\n${back}`,
  );
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
    /** A page of the route's own for a problem, instead of the generic error page. */
    problemPage?: (problem: ProblemDocument) => HttpResponse | undefined;
    backLink?: (event: APIGatewayProxyEventV2) => string | undefined;
    /** Labels for the HTML error page (`email` → `Email address`). */
    fieldLabels?: Readonly<Record<string, string>>;
    /** More of the HTML error page for a problem (escaped markup), e.g. a 409's alternatives. */
    problemHtml?: (problem: ProblemDocument) => string | undefined;
  } = {},
): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context> {
  return {
    onError: (request) => {
      if (request.response !== undefined) return;
      const error = request.error as (Error & { statusCode?: number }) | null;
      const known = error instanceof DomainError ? error : error ? fromMiddyError(error) : undefined;
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
      const asPage =
        (options.wantsHtml?.(request.context) ?? false) &&
        (options.htmlProblems?.includes(problem.code) ?? true);
      const ownPage = asPage ? options.problemPage?.(problem) : undefined;
      if (ownPage) {
        request.response = { ...ownPage, headers: { ...ownPage.headers, ...headers } };
      } else if (asPage) {
        request.response = {
          statusCode: problem.status,
          headers: { ...headers, 'content-type': HTML_TYPE },
          body: problemPage(
            problem,
            options.backLink?.(event),
            options.fieldLabels ?? {},
            options.problemHtml?.(problem) ?? '',
          ),
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

/** Headers every response carries (API.md "Security headers"). A route may set its own Cache-Control. */
export function securityHeaders(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context> {
  const apply = (request: Request) => {
    const response = request.response;
    if (!response) return;
    const headers = response.headers ?? {};
    headers['x-content-type-options'] = 'nosniff';
    headers['cache-control'] ??= 'no-store';
    headers['referrer-policy'] ??= 'no-referrer';
    headers['strict-transport-security'] ??= 'max-age=63072000; includeSubDomains';
    if ((headers['content-type'] ?? '').startsWith('text/html')) {
      // A route may loosen its own page's policy (HTML_CSP_WITH_FORMS); every other page gets the strict one.
      headers['content-security-policy'] ??= HTML_CSP;
      headers['x-frame-options'] = 'DENY';
    } else {
      headers['content-security-policy'] ??= "default-src 'none'; frame-ancestors 'none'";
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
  return { after: log, onError: log };
}
