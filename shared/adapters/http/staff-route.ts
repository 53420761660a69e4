// staffRoute(): httpRoute() for the `/v1/staff/*` routes. The same layers, validation and problem
// documents as the public routes, plus who asks: the verified identity and the route's group rule,
// checked before any input is read. Only staff bundles import it (and so the Cognito client).

import { containerStaffDirectory } from '../cognito/client.ts';
import type { HttpResponse } from './responses.ts';
import { type HttpHandler, type HttpRequest, httpRoute, type ProblemPresentation } from './route.ts';
import type { RouteRecord, RouteSchemas } from './route-record.ts';
import { type StaffActor, staffActorOf } from './staff-auth.ts';

export type StaffRequest<S extends RouteSchemas = RouteSchemas> = HttpRequest<S> & {
  readonly staff: StaffActor;
};

export function staffRoute<S extends RouteSchemas>(
  route: RouteRecord<S>,
  handler: (request: StaffRequest<S>) => Promise<HttpResponse>,
  presentation: Omit<ProblemPresentation, 'identify'> = {},
): HttpHandler {
  const { auth } = route;
  if (auth === 'public') throw new Error(`${route.id} is public: build it with httpRoute()`);
  return httpRoute(route, (request) => handler(request as StaffRequest<S>), {
    ...presentation,
    identify: (event) => staffActorOf(event, auth, containerStaffDirectory),
  });
}
