// JSON or an HTML page: @middy/http-content-negotiation weighs the Accept header (q-values,
// wildcards, specificity); the route record says who may get HTML at all (html.to).
import type middy from '@middy/core';
import httpContentNegotiation from '@middy/http-content-negotiation';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { type BodyMediaType, bodyMediaType } from './body.ts';
import type { HttpResponse } from './responses.ts';
import type { HtmlAnswers } from './route-record.ts';

const HTML = 'text/html';
const JSON_TYPES = ['application/json', 'application/problem+json'];

/** What the negotiation leaves on the middy context for the handler and the problem answers. */
interface NegotiatedContext {
  wantsHtml?: boolean;
  preferredMediaType?: string;
}

/** Whether this request is answered with HTML (false before negotiation, and on JSON-only routes). */
export function wantsHtmlOf(context: Context): boolean {
  return (context as NegotiatedContext).wantsHtml === true;
}

/** The client's Accept entries in the opposite order (a quoted comma in a parameter is not expected). */
function reversed(accept: string): string {
  return accept.split(',').reverse().join(',');
}

/**
 * The library picks the first of our types the client accepts best; where no Accept entry decides
 * (no header, `*`/`*`, nothing we offer) our own order does: HTML first for a form post, JSON
 * first for a browser route, so `Accept: *`/`*` and no Accept keep the JSON of API.md there.
 */
function htmlChooser(html: HtmlAnswers): (accept: string | undefined) => boolean {
  const offered = html.to === 'form-posts' ? [HTML, ...JSON_TYPES] : [...JSON_TYPES, HTML];
  const library = httpContentNegotiation({
    parseCharsets: false,
    parseEncodings: false,
    parseLanguages: false,
    availableMediaTypes: offered,
    defaultToFirstMediaType: true,
    failOnMismatch: false,
  });
  const preferred = (accept: string | undefined): string | undefined => {
    const context: NegotiatedContext = {};
    const headers = accept === undefined ? {} : { accept };
    library.before?.({ event: { headers }, context } as never);
    return context.preferredMediaType;
  };
  // negotiator breaks a tie in q by the client's listing order, but a client that names JSON as
  // highly as HTML is a JSON client (API.md): HTML must win in both listing orders.
  return (accept) =>
    preferred(accept) === HTML && (accept === undefined || preferred(reversed(accept)) === HTML);
}

/** Whether a request may get HTML at all: a `form-posts` route answers HTML only to a form body. */
function mayGetHtml(html: HtmlAnswers, mediaType: BodyMediaType | undefined): boolean {
  return html.to === 'browsers' || mediaType === 'urlencoded' || mediaType === 'multipart';
}

/**
 * Decides the representation once, before anything can fail, so the handler and the problem
 * answers agree. A `browsers` route's answers vary with Accept, and say so.
 */
export function contentNegotiation(
  html: HtmlAnswers | undefined,
): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context> {
  const chooseHtml = html ? htmlChooser(html) : () => false;
  const vary = (request: { response?: HttpResponse | null | undefined }) => {
    if (html?.to === 'browsers' && request.response) {
      request.response.headers = { ...request.response.headers, vary: 'Accept' };
    }
  };
  return {
    before: (request) => {
      const headers = request.event.headers ?? {};
      const mediaType = bodyMediaType(headers['content-type']);
      (request.context as NegotiatedContext).wantsHtml =
        html !== undefined && mayGetHtml(html, mediaType) && chooseHtml(headers.accept);
    },
    after: vary,
    onError: vary,
  };
}
