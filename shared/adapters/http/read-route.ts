// httpRoute() for a route that is never POST (no Idempotency-Key, so no table for it): the same
// composer as ./route.ts without the DynamoDB client, so that a route which calls nothing (health,
// the appointment types, the OpenAPI document) bundles no AWS SDK. A POST record is refused.
import {
  composeRoute,
  type HttpHandler,
  type HttpRequest,
  type ProblemPresentation,
} from './compose-route.ts';
import type { HttpResponse } from './responses.ts';
import type { RouteRecord, RouteSchemas } from './route-record.ts';

export type { HttpHandler, HttpRequest, ProblemPresentation } from './compose-route.ts';

export function httpRoute<S extends RouteSchemas>(
  route: RouteRecord<S>,
  handler: (request: HttpRequest<S>) => Promise<HttpResponse>,
  presentation: ProblemPresentation = {},
): HttpHandler {
  return composeRoute(route, handler, presentation, undefined);
}
