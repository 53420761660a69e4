// What the five booking handlers share: their dependencies, created once per container, and the
// few facts they read off a request (the token, the API's own origin for links).

import type { BookingDeps, RequestContext } from '../../app/scheduling/bookings.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { optionalEnv, requireEnv } from '../../platform/env.ts';
import { DynamoBookingStore } from '../dynamodb/booking-store.ts';
import { loadBusyBookings } from '../dynamodb/busy.ts';
import { dynamoDb } from '../dynamodb/client.ts';
import { apiOriginOf, manageUrlFor } from './booking-views.ts';
import type { HttpRequest } from './route.ts';

export function bookingDeps(config: ClinicConfig): BookingDeps {
  const tableName = requireEnv('TABLE_NAME');
  return {
    config,
    store: new DynamoBookingStore(dynamoDb, tableName),
    loadBusy: (from, to) => loadBusyBookings(dynamoDb, tableName, from, to, config),
  };
}

type AnyRequest = HttpRequest<unknown, unknown>;

/** The origin this API was reached at, for links back to it. */
export function apiOrigin(request: AnyRequest): string {
  return apiOriginOf(request.event.requestContext?.domainName, optionalEnv('API_BASE_URL'));
}

export function requestContext(config: ClinicConfig, request: AnyRequest): RequestContext {
  const origin = apiOrigin(request);
  return { now: request.now, manageUrl: (id, token) => manageUrlFor(config, origin, id, token) };
}

/** The manage token of a GET: the `X-Booking-Token` header, else `?token=`. */
export function presentedToken(
  request: HttpRequest<unknown, { token?: string | undefined }>,
): string | undefined {
  return request.headers['x-booking-token'] ?? request.query.token;
}

/** The link to a booking's current .ics (it carries the token, like the manage link). */
export function calendarUrlFor(request: AnyRequest, id: string, token: string): string {
  return `${apiOrigin(request)}/v1/bookings/${encodeURIComponent(id)}/calendar.ics?token=${encodeURIComponent(token)}`;
}

/**
 * A browser navigation: `Accept` names text/html and no JSON type. JSON clients, "any type" and no
 * Accept at all keep the JSON answer of API.md.
 */
export function prefersHtmlPage(accept: string | undefined): boolean {
  const value = (accept ?? '').toLowerCase();
  return /(?:^|[\s,])text\/html\b/.test(value) && !/application\/(?:[\w.+-]*\+)?json/.test(value);
}
