// httpRoute(): the one way a route handler is built — composeRoute() (./compose-route.ts) with a
// POST route's Idempotency-Key store on the table. Routes that are never POST may import the same
// httpRoute() from ./read-route.ts instead, which carries no DynamoDB client into their bundle.
import { requireEnv } from '../../platform/env.ts';
import { dynamoDb } from '../dynamodb/client.ts';
import {
  composeRoute,
  type HttpHandler,
  type HttpRequest,
  type ProblemPresentation,
} from './compose-route.ts';
import { idempotency } from './idempotency.ts';
import type { HttpResponse } from './responses.ts';
import type { RouteRecord, RouteSchemas } from './route-record.ts';

export {
  allowedReferer,
  type HttpHandler,
  type HttpRequest,
  type ProblemPresentation,
  type RequestFacts,
} from './compose-route.ts';

export function httpRoute<S extends RouteSchemas>(
  route: RouteRecord<S>,
  handler: (request: HttpRequest<S>) => Promise<HttpResponse>,
  presentation: ProblemPresentation = {},
): HttpHandler {
  return composeRoute(route, handler, presentation, () =>
    idempotency({ client: dynamoDb, tableName: requireEnv('TABLE_NAME') }),
  );
}
