// What the booking handlers and their presenters share: the dependencies, created once per
// container, and the few facts read off a request (the token, the API's own origin for links).

import type { BookingDeps, OnlineBookingDeps, RequestContext } from '../../app/scheduling/bookings.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { optionalEnv, requireEnv } from '../../platform/env.ts';
import { dynamoAttemptLimiter } from '../dynamodb/attempt-limiter.ts';
import { DEFAULT_RETRY, DynamoBookingStore } from '../dynamodb/booking-store.ts';
import { loadBusyBookings } from '../dynamodb/busy.ts';
import { dynamoDb } from '../dynamodb/client.ts';
import { tableSecret } from '../dynamodb/secret.ts';
import { captchaVerifierFor } from '../turnstile/siteverify.ts';
import { apiOriginOf, manageUrlFor } from './booking-views.ts';
import type { RequestFacts } from './route.ts';

/** @param secret the pseudonyms' key, when another dependency reads it too (default: the store's own read). */
export function bookingDeps(config: ClinicConfig, secret?: () => Promise<Uint8Array>): BookingDeps {
  const tableName = requireEnv('TABLE_NAME');
  return {
    config,
    store: new DynamoBookingStore(
      dynamoDb,
      tableName,
      DEFAULT_RETRY,
      config.retention.bookingDaysAfterVisit,
      secret,
    ),
    loadBusy: (from, to) => loadBusyBookings(dynamoDb, tableName, from, to, config),
  };
}

/**
 * A patient's booking from the website: the engine, the attempt allowance and the CAPTCHA. The
 * store and the allowance share one read of the pseudonyms' key, so a cold container makes it once.
 */
export function onlineBookingDeps(config: ClinicConfig): OnlineBookingDeps {
  const tableName = requireEnv('TABLE_NAME');
  const secret = tableSecret({ client: dynamoDb, tableName });
  return {
    ...bookingDeps(config, secret),
    attempts: dynamoAttemptLimiter({ client: dynamoDb, tableName, secret }),
    captcha: captchaVerifierFor(config, 'bookings'),
  };
}

/** The origin this API was reached at, for links back to it. */
export function apiOrigin(request: RequestFacts): string {
  return apiOriginOf(request.event.requestContext?.domainName, optionalEnv('API_BASE_URL'));
}

export function requestContext(config: ClinicConfig, request: RequestFacts): RequestContext {
  const origin = apiOrigin(request);
  return { now: request.now, manageUrl: (id, token) => manageUrlFor(config, origin, id, token) };
}

/** The manage token of a GET: the `X-Booking-Token` header, else `?token=`. */
export function presentedToken(
  request: Pick<RequestFacts, 'headers'> & { readonly query: { readonly token?: string | undefined } },
): string | undefined {
  return request.headers['x-booking-token'] ?? request.query.token;
}

/** The link to a booking's current .ics (it carries the token, like the manage link). */
export function calendarUrlFor(request: RequestFacts, id: string, token: string): string {
  return `${apiOrigin(request)}/v1/bookings/${encodeURIComponent(id)}/calendar.ics?token=${encodeURIComponent(token)}`;
}
