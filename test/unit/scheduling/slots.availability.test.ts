// The read side around the engine: the availability use case (with an in-memory bookings port),
// its query schema, the appointment type list, and how the bookings read is shaped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookingReachMinutes, busyBookingsQuery } from '../../../shared/adapters/dynamodb/busy.ts';
import { problemDocument } from '../../../shared/adapters/http/problems.ts';
import { parseInput } from '../../../shared/adapters/http/validation.ts';
import {
  type BusyBookingsLoader,
  findAvailability,
} from '../../../shared/app/scheduling/find-availability.ts';
import { DomainError, ValidationError } from '../../../shared/core/errors.ts';
import {
  appointmentTypeList,
  availabilityQuerySchema,
} from '../../../shared/core/scheduling/availability-schemas.ts';
import {
  bookingMonthPartition,
  bookingMonthPartitions,
  toBookingItem,
} from '../../../shared/core/scheduling/booking.ts';
import type { BusyBooking } from '../../../shared/core/scheduling/slots.ts';
import { booking as storedBooking } from './bookings/fixtures.ts';
import { booking, exampleClinic } from './slots-fixtures.ts';

const config = exampleClinic();
const now = new Date('2026-11-24T17:00:00Z'); // Tuesday noon in New York; the window ends 2027-01-23

/** A bookings port that answers from a list and remembers what it was asked. */
function loaderOf(bookings: BusyBooking[] = []) {
  const calls: [string, string][] = [];
  const load: BusyBookingsLoader = async (from, to) => {
    calls.push([from.toISOString(), to.toISOString()]);
    return bookings;
  };
  return { load, calls };
}

const query = (q: Record<string, string>) => parseInput(availabilityQuerySchema, q);

async function problemOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('findAvailability', () => {
  it('answers the slots of the range, reading the bookings of exactly its days', async () => {
    const { load, calls } = loaderOf([booking('dr-lee', '2026-12-01T08:00:00-05:00', 45, { after: 15 })]);
    const answer = await findAvailability(
      config,
      load,
      query({ type: 'new-patient', from: '2026-12-01', to: '2026-12-07' }),
      now,
    );
    expect(answer).toMatchObject({
      type: 'new-patient',
      timeZone: 'America/New_York',
      from: '2026-12-01',
      to: '2026-12-07',
    });
    expect(answer).not.toHaveProperty('nextAvailable');
    expect(calls).toEqual([['2026-12-01T05:00:00.000Z', '2026-12-08T05:00:00.000Z']]);
    // 08:00–08:45 plus 15 after holds dr-lee until 09:00.
    expect(answer.slots[0]).toEqual({
      start: '2026-12-01T09:00:00-05:00',
      end: '2026-12-01T09:45:00-05:00',
      providers: ['dr-lee', 'dr-shah'],
    });
  });

  it('gives nextAvailable when the range has no slot, reading bookings for the rest of the window', async () => {
    const { load, calls } = loaderOf();
    const answer = await findAvailability(
      config,
      load,
      query({ type: 'follow-up', from: '2026-12-25', to: '2026-12-27' }),
      now,
    );
    expect(answer.slots).toEqual([]);
    expect(answer.nextAvailable).toEqual({
      start: '2026-12-28T08:00:00-05:00',
      end: '2026-12-28T08:20:00-05:00',
      providers: ['dr-lee'],
    });
    expect(calls).toEqual([
      ['2026-12-25T05:00:00.000Z', '2026-12-28T05:00:00.000Z'],
      ['2026-12-28T05:00:00.000Z', '2027-01-24T05:00:00.000Z'],
    ]);
  });

  it('answers nextAvailable null beyond the booking window, without reading anything', async () => {
    const { load, calls } = loaderOf();
    const answer = await findAvailability(
      config,
      load,
      query({ type: 'follow-up', from: '2027-03-01', to: '2027-03-05' }),
      now,
    );
    expect(answer).toMatchObject({ slots: [], nextAvailable: null });
    expect(calls).toEqual([]);
  });

  it('reads nothing for the part of a range that lies in the past', async () => {
    const { load, calls } = loaderOf();
    await findAvailability(
      config,
      load,
      query({ type: 'follow-up', from: '2026-11-01', to: '2026-11-30' }),
      now,
    );
    // From the day before today (zones whose clock fell back across midnight), to the 30th.
    expect(calls).toEqual([['2026-11-23T05:00:00.000Z', '2026-12-01T05:00:00.000Z']]);
  });

  it('takes 31 days, both included, and refuses 32 with range_too_large', async () => {
    const { load } = loaderOf();
    const month = await findAvailability(
      config,
      load,
      query({ type: 'follow-up', from: '2026-12-01', to: '2026-12-31' }),
      now,
    );
    expect(month.from).toBe('2026-12-01');
    expect(month.to).toBe('2026-12-31');
    const problem = await problemOf(
      findAvailability(config, load, query({ type: 'follow-up', from: '2026-12-01', to: '2027-01-01' }), now),
    );
    expect(problem.code).toBe('range_too_large');
    expect(problemDocument(problem).status).toBe(400);
  });

  it('refuses an unknown type with unknown_appointment_type', async () => {
    const problem = await problemOf(
      findAvailability(
        config,
        loaderOf().load,
        query({ type: 'massage', from: '2026-12-01', to: '2026-12-01' }),
        now,
      ),
    );
    expect(problem.code).toBe('unknown_appointment_type');
    expect(problemDocument(problem).status).toBe(400);
  });

  it('refuses an unknown provider, and one who does not offer the type, as invalid `provider`', async () => {
    const ask = (provider: string, type = 'new-patient') =>
      problemOf(
        findAvailability(
          config,
          loaderOf().load,
          query({ type, from: '2026-12-01', to: '2026-12-01', provider }),
          now,
        ),
      );
    const unknown = await ask('dr-nobody');
    expect(unknown).toBeInstanceOf(ValidationError);
    expect(unknown.extensions).toEqual({ errors: [{ path: 'provider', message: 'Unknown provider' }] });
    const notOffered = await ask('dr-shah', 'botox-injection');
    expect(notOffered.extensions).toEqual({
      errors: [{ path: 'provider', message: 'This provider does not offer this appointment type' }],
    });
  });

  it('filters by provider', async () => {
    const answer = await findAvailability(
      config,
      loaderOf().load,
      query({ type: 'new-patient', from: '2026-12-01', to: '2026-12-01', provider: 'dr-shah' }),
      now,
    );
    // dr-shah's Tuesday, 09:00 to 17:00, 45 minutes every 15: 09:00..16:15.
    expect(answer.slots).toHaveLength(30);
    expect(answer.slots[0]?.start).toBe('2026-12-01T09:00:00-05:00');
    expect(answer.slots.at(-1)?.start).toBe('2026-12-01T16:15:00-05:00');
    expect(answer.slots.every((s) => s.providers.join() === 'dr-shah')).toBe(true);
  });
});

describe('the availability query', () => {
  const fieldErrors = (q: Record<string, string>) => {
    try {
      query(q);
      return [];
    } catch (error) {
      if (error instanceof ValidationError) return error.errors;
      throw error;
    }
  };

  it('needs type, from and to', () => {
    expect(fieldErrors({})).toEqual([
      { path: 'type', message: 'This field is required' },
      { path: 'from', message: 'This field is required' },
      { path: 'to', message: 'This field is required' },
    ]);
  });

  it('takes only calendar dates, and `to` on or after `from`', () => {
    expect(fieldErrors({ type: 'x', from: '2026-12-1', to: '2026-12-02' })).toEqual([
      { path: 'from', message: 'Enter a date as YYYY-MM-DD' },
    ]);
    expect(fieldErrors({ type: 'x', from: '2026-02-30', to: '2026-03-02' })).toEqual([
      { path: 'from', message: 'Enter a real calendar date' },
    ]);
    expect(fieldErrors({ type: 'x', from: '2026-12-02', to: '2026-12-01' })).toEqual([
      { path: 'to', message: 'Must be on or after from' },
    ]);
    expect(fieldErrors({ type: 'x', from: '2026-12-01', to: '2026-12-01' })).toEqual([]);
  });
});

describe('appointmentTypeList', () => {
  it('lists id, name, description (null when absent) and duration, in config order', () => {
    expect(appointmentTypeList(config)).toEqual({
      types: [
        {
          id: 'new-patient',
          name: 'New patient consultation',
          description: 'Exam and treatment plan for back or neck pain',
          durationMinutes: 45,
        },
        { id: 'follow-up', name: 'Follow-up visit', description: null, durationMinutes: 20 },
        {
          id: 'botox-injection',
          name: 'Botox injection for back pain',
          description: null,
          durationMinutes: 30,
        },
      ],
    });
  });
});

describe('the bookings read', () => {
  it('reaches as far as the longest type and the largest buffers on each side', () => {
    expect(bookingReachMinutes(config)).toBe(45 + 10 + 15);
  });

  it('asks one partition per UTC month touched, across a new year', () => {
    expect(
      bookingMonthPartitions(new Date('2026-11-30T23:00:00Z'), new Date('2027-01-01T01:00:00Z')),
    ).toEqual(['BOOKINGS#2026-11', 'BOOKINGS#2026-12', 'BOOKINGS#2027-01']);
    expect(
      bookingMonthPartitions(new Date('2026-12-01T05:00:00Z'), new Date('2026-12-08T05:00:00Z')),
    ).toEqual(['BOOKINGS#2026-12']);
    expect(
      bookingMonthPartitions(new Date('2027-01-08T05:00:00Z'), new Date('2026-12-01T05:00:00Z')),
    ).toEqual([]);
  });

  it('reads the partition and sort key of every booking that starts in the widened window', () => {
    // 1970 … 2100 on whole milliseconds: month and year ends, leap days and odd instants alike.
    const instant = fc.integer({ min: 0, max: 4_102_444_800_000 });
    const reach = bookingReachMinutes(config) * 60_000;
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 62 * 24 * 60 * 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (from, length, where) => {
          // Any start the read must see: from `from` − reach up to (not including) `from + length` + reach.
          const start = from - reach + Math.floor(where * (length + 2 * reach));
          const item = toBookingItem(
            storedBooking({ start: new Date(start), end: new Date(start + 45 * 60_000) }),
          );
          const query = busyBookingsQuery(new Date(from), new Date(from + length), config);
          expect(query?.partitions).toContain(item.gsi1pk);
          expect(String(item.gsi1sk) >= String(query?.low)).toBe(true);
          expect(String(item.gsi1sk) <= String(query?.high)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('names a month partition as the items already stored name theirs: the UTC year and month of the start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (start) => {
        const at = new Date(start);
        expect(bookingMonthPartition(at)).toBe(`BOOKINGS#${at.toISOString().slice(0, 7)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads nothing for an empty window', () => {
    const at = new Date('2026-12-01T05:00:00Z');
    const reach = bookingReachMinutes(config) * 60_000;
    expect(busyBookingsQuery(at, new Date(at.getTime() - 2 * reach), config)).toBeUndefined();
  });
});
