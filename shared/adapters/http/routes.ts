// The route table: every HTTP route, read both by the CDK stack (one function per route) and by
// the local gateway, so the API that runs locally is the API that deploys.

export type HttpMethod = 'GET' | 'POST';

/** What a route's function may do to the table; the stack grants exactly this. */
export type TableAccess = 'none' | 'read' | 'readWrite';

export interface RouteDefinition {
  /** Stable id, used to name the function and its log group (PascalCase). */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/v1/bookings/{id}`. */
  readonly path: string;
  /** Module under the repository root exporting `handler`. */
  readonly entry: string;
  readonly table: TableAccess;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** @default 512 */
  readonly memoryMb?: number;
}

export const ROUTES: readonly RouteDefinition[] = [
  { id: 'Health', method: 'GET', path: '/v1/health', entry: 'functions/health.ts', table: 'none' },
  { id: 'OpenApi', method: 'GET', path: '/v1/openapi.json', entry: 'functions/openapi.ts', table: 'none' },
  {
    id: 'CreateInquiry',
    method: 'POST',
    path: '/v1/inquiries',
    entry: 'functions/inquiries.ts',
    table: 'readWrite',
  },
  {
    id: 'ListAppointmentTypes',
    method: 'GET',
    path: '/v1/appointment-types',
    entry: 'functions/appointment-types.ts',
    table: 'none',
  },
  {
    id: 'GetAvailability',
    method: 'GET',
    path: '/v1/availability',
    entry: 'functions/availability.ts',
    table: 'read',
  },
  {
    id: 'CreateBooking',
    method: 'POST',
    path: '/v1/bookings',
    entry: 'functions/create-booking.ts',
    table: 'readWrite',
  },
  {
    id: 'GetBooking',
    method: 'GET',
    path: '/v1/bookings/{id}',
    entry: 'functions/get-booking.ts',
    table: 'read',
  },
  {
    id: 'GetBookingCalendar',
    method: 'GET',
    path: '/v1/bookings/{id}/calendar.ics',
    entry: 'functions/booking-calendar.ts',
    table: 'read',
  },
  {
    id: 'CancelBooking',
    method: 'POST',
    path: '/v1/bookings/{id}/cancel',
    entry: 'functions/cancel-booking.ts',
    table: 'readWrite',
  },
  {
    id: 'RescheduleBooking',
    method: 'POST',
    path: '/v1/bookings/{id}/reschedule',
    entry: 'functions/reschedule-booking.ts',
    table: 'readWrite',
  },
];

/** The stream consumer that sends emails (not an HTTP route, but deployed from the same list). */
export const NOTIFIER = { id: 'Notifier', entry: 'functions/notifier.ts', timeoutSeconds: 60 } as const;

/** Matches a concrete path against a route path; returns the path parameters or undefined. */
export function matchPath(routePath: string, actualPath: string): Record<string, string> | undefined {
  const want = routePath.split('/');
  const got = actualPath.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    const value = got[i] as string;
    if (segment.startsWith('{') && segment.endsWith('}')) {
      if (value === '') return undefined;
      try {
        params[segment.slice(1, -1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}
