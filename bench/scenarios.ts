// The requests the bench sends: one per public route it times, each with fresh data per call (a
// new client address, email and slot) so that no rate limit, dedupe or taken slot changes its path.
import type { ClinicConfig } from '../shared/core/config/schema.ts';
import { type BusyBooking, listSlots } from '../shared/core/scheduling/slots.ts';
import { addDays, localDateOf } from '../shared/core/scheduling/time.ts';

export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query. */
  readonly url: string;
  readonly json?: Record<string, unknown>;
  /** The client's address (X-Forwarded-For from loopback, as the gateway reads it). */
  readonly clientIp: string;
}

export interface Scenario {
  /** The route's id (its function's name). */
  readonly route: string;
  readonly label: string;
  /** DynamoDB + SES + SMS calls the design allows for one request. */
  readonly minimum: number;
  /** Request number `n` (distinct data per n); `ctx` holds what earlier scenarios created. */
  readonly request: (n: number, ctx: ScenarioContext) => BenchRequest;
}

export interface ScenarioContext {
  /** A booking made through the API, for the reads of one. */
  booking?: { id: string; manageToken: string };
}

const ipOf = (n: number, block: number) => `10.${block}.${(n >> 8) & 255}.${n & 255}`;

/** Starts for `type`, far enough apart per provider that no two overlap, each handed out once. */
export class SlotPool {
  private readonly free: { start: string; providerId: string }[] = [];
  constructor(config: ClinicConfig, type: string, now: Date) {
    const from = addDays(localDateOf(now, config.clinic.timeZone), 2);
    const to = addDays(from, 55);
    const slots = listSlots({ config, typeId: type, from, to, bookings: [] as BusyBooking[], now });
    const lastEnd = new Map<string, number>();
    for (const slot of slots) {
      const start = Date.parse(slot.start);
      for (const providerId of slot.providers) {
        if (start < (lastEnd.get(providerId) ?? 0)) continue;
        // An hour and a half apart: more than any type's length and buffers.
        lastEnd.set(providerId, start + 90 * 60_000);
        this.free.push({ start: slot.start, providerId });
        break;
      }
    }
  }
  get size(): number {
    return this.free.length;
  }
  take(): { start: string; providerId: string } {
    const slot = this.free.shift();
    if (!slot) throw new Error('The bench ran out of free slots');
    return slot;
  }
}

export function scenarios(config: ClinicConfig, pool: SlotPool, now: Date): Scenario[] {
  const type = config.scheduling.appointmentTypes[0]?.id ?? 'new-patient';
  const today = localDateOf(now, config.clinic.timeZone);
  // A range inside one calendar month, and one across a month's end.
  const monthStart = `${addDays(today, 35).slice(0, 7)}-01`;
  const oneMonth = { from: addDays(monthStart as never, 2), to: addDays(monthStart as never, 12) };
  const twoMonths = { from: addDays(monthStart as never, -5), to: addDays(monthStart as never, 5) };
  const patient = (n: number, kind: string) => ({
    name: 'Pat Bench',
    email: `bench-${kind}-${n}-${now.getTime()}@example.com`,
    phone: `+1201555${String(1000 + (n % 9000)).padStart(4, '0')}`,
    consent: 'on',
  });
  return [
    {
      route: 'Health',
      label: 'GET /v1/health',
      minimum: 0,
      request: (n) => ({ method: 'GET', url: '/v1/health', clientIp: ipOf(n, 1) }),
    },
    {
      route: 'ListAppointmentTypes',
      label: 'GET /v1/appointment-types',
      minimum: 0,
      request: (n) => ({ method: 'GET', url: '/v1/appointment-types', clientIp: ipOf(n, 2) }),
    },
    {
      route: 'OpenApi',
      label: 'GET /v1/openapi.json',
      minimum: 0,
      request: (n) => ({ method: 'GET', url: '/v1/openapi.json', clientIp: ipOf(n, 3) }),
    },
    {
      route: 'GetAvailability',
      label: 'GET /v1/availability (1 month)',
      minimum: 1,
      request: (n) => ({
        method: 'GET',
        url: `/v1/availability?type=${type}&from=${oneMonth.from}&to=${oneMonth.to}`,
        clientIp: ipOf(n, 4),
      }),
    },
    {
      route: 'GetAvailability',
      label: 'GET /v1/availability (2 months)',
      minimum: 2,
      request: (n) => ({
        method: 'GET',
        url: `/v1/availability?type=${type}&from=${twoMonths.from}&to=${twoMonths.to}`,
        clientIp: ipOf(n, 5),
      }),
    },
    {
      route: 'CreateInquiry',
      label: 'POST /v1/inquiries',
      minimum: 1,
      request: (n) => ({
        method: 'POST',
        url: '/v1/inquiries',
        json: { ...patient(n, 'lead'), message: `Lower back pain since Monday (bench ${n}).` },
        clientIp: ipOf(n, 6),
      }),
    },
    {
      route: 'CreateBooking',
      label: 'POST /v1/bookings',
      minimum: 1,
      request: (n) => {
        const slot = pool.take();
        return {
          method: 'POST',
          url: '/v1/bookings',
          json: { type, ...slot, ...patient(n, 'booking') },
          clientIp: ipOf(n, 7),
        };
      },
    },
    {
      route: 'GetBooking',
      label: 'GET /v1/bookings/{id}',
      minimum: 1,
      request: (n, ctx) => {
        if (!ctx.booking) throw new Error('GetBooking needs a booking made first');
        return {
          method: 'GET',
          url: `/v1/bookings/${ctx.booking.id}?token=${encodeURIComponent(ctx.booking.manageToken)}`,
          clientIp: ipOf(n, 8),
        };
      },
    },
  ];
}
