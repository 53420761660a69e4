// The slot engine, rule by rule (API.md "Slot rules"). Most cases are one listSlots question and
// its answer, so they are tables: a query (one day and no bookings unless it says otherwise), the
// starts expected, and any check of their own.
import { describe, expect, it } from 'vitest';
import type { ClinicConfig } from '../../../shared/core/config/schema.ts';
import {
  type BusyBooking,
  bookingInterval,
  bookingWindow,
  listSlots,
  nearestSlots,
  nextAvailable,
  providersFreeAt,
  type Slot,
  UnknownAppointmentTypeError,
} from '../../../shared/core/scheduling/slots.ts';
import { booking, clinic, exampleClinic } from './slots-fixtures.ts';

const starts = (slots: readonly Slot[]) => slots.map((s) => s.start);
/** Local wall times (HH:MM) of the starts, for days where the offset is not the point. */
const times = (slots: readonly Slot[]) => slots.map((s) => s.start.slice(11, 16));

interface Query {
  readonly config: ClinicConfig;
  readonly typeId: string;
  readonly from: string;
  /** Default: `from` (one day). */
  readonly to?: string;
  readonly providerId?: string;
  /** Default: none. */
  readonly bookings?: readonly BusyBooking[];
  readonly now: Date;
}

const list = (query: Query) =>
  listSlots({ ...query, to: query.to ?? query.from, bookings: query.bookings ?? [] });

/** One listSlots question: what it asks, and what its answer must be. */
interface SlotCase {
  /** The table row's title. */
  readonly name?: string;
  readonly query: Query;
  /** The starts' wall times, HH:MM. */
  readonly times?: readonly string[];
  /** The starts, RFC 3339. */
  readonly starts?: readonly string[];
  /** The whole answer. */
  readonly slots?: readonly Slot[];
  readonly count?: number;
  /** Any further check of the answer. */
  readonly also?: (slots: Slot[]) => void;
}

function check({ query, ...expected }: SlotCase): void {
  const slots = list(query);
  if (expected.times) expect(times(slots)).toEqual(expected.times);
  if (expected.starts) expect(starts(slots)).toEqual(expected.starts);
  if (expected.slots) expect(slots).toEqual(expected.slots);
  if (expected.count !== undefined) expect(slots).toHaveLength(expected.count);
  expected.also?.(slots);
}

describe('listSlots on the example clinic (America/New_York)', () => {
  const config = exampleClinic();
  const now = new Date('2026-11-24T17:00:00Z');
  const ask = (typeId: string, from: string, rest: Partial<Query> = {}): Query => ({
    config,
    typeId,
    from,
    now,
    ...rest,
  });

  it.each<SlotCase>([
    {
      name: 'lists every start on the interval grid, with the providers free for it in config order',
      query: ask('new-patient', '2026-12-01'),
      // 45 minutes every 15: dr-lee 08:00–12:00 and 13:00–17:00; dr-shah (own hours) 09:00–17:00.
      times: [
        ...['08:00', '08:15', '08:30', '08:45', '09:00', '09:15', '09:30', '09:45', '10:00', '10:15'],
        ...['10:30', '10:45', '11:00', '11:15', '11:30', '11:45', '12:00', '12:15', '12:30', '12:45'],
        ...['13:00', '13:15', '13:30', '13:45', '14:00', '14:15', '14:30', '14:45', '15:00', '15:15'],
        ...['15:30', '15:45', '16:00', '16:15'],
      ],
      also: (slots) => {
        expect(slots[0]).toEqual({
          start: '2026-12-01T08:00:00-05:00',
          end: '2026-12-01T08:45:00-05:00',
          providers: ['dr-lee'],
        });
        expect(slots.find((s) => s.start === '2026-12-01T09:00:00-05:00')).toEqual({
          start: '2026-12-01T09:00:00-05:00',
          end: '2026-12-01T09:45:00-05:00',
          providers: ['dr-lee', 'dr-shah'],
        });
        // 11:30–12:15 only for dr-shah: dr-lee's morning ends at 12:00 and a slot never spans lunch.
        expect(slots.find((s) => s.start.includes('T11:30'))?.providers).toEqual(['dr-shah']);
        expect(slots.find((s) => s.start.includes('T11:15'))?.providers).toEqual(['dr-lee', 'dr-shah']);
      },
    },
    {
      name: 'steps by the slot interval, not the duration (Monday, dr-lee only: 08:00..11:15 and 13:00..16:15)',
      query: ask('new-patient', '2026-12-07'),
      count: 28,
    },
    {
      name: 'leaves out a whole-date closure and the part of a day a partial closure covers',
      query: ask('new-patient', '2026-12-24', { to: '2026-12-25' }),
      // Christmas Eve closes 12:00–17:00: the morning, and dr-lee's Thursday evening until 19:00.
      times: [
        ...['08:00', '08:15', '08:30', '08:45', '09:00', '09:15', '09:30', '09:45', '10:00', '10:15'],
        ...['10:30', '10:45', '11:00', '11:15', '17:00', '17:15', '17:30', '17:45', '18:00', '18:15'],
      ],
      also: (slots) => {
        expect(slots.every((s) => s.start.startsWith('2026-12-24'))).toBe(true);
        expect(slots.find((s) => s.start.includes('T11:15'))?.end).toBe('2026-12-24T12:00:00-05:00');
      },
    },
    {
      name: 'leaves a provider out during their time off (dr-shah, Dec 29–31)',
      query: ask('follow-up', '2026-12-29', { to: '2026-12-31' }),
      also: (slots) => {
        expect(slots.length).toBeGreaterThan(0);
        expect(slots.every((s) => s.providers.join() === 'dr-lee')).toBe(true);
        // dr-lee's own slots stay, every day of it.
        expect([...new Set(slots.map((s) => s.start.slice(0, 10)))]).toEqual([
          '2026-12-29',
          '2026-12-30',
          '2026-12-31',
        ]);
      },
    },
    {
      name: "keeps the provider's slots after their time off",
      query: ask('follow-up', '2027-01-05'),
      also: (slots) => {
        expect(slots.some((s) => s.providers.includes('dr-shah'))).toBe(true);
        expect(slots.find((s) => s.start === '2027-01-05T09:00:00-05:00')?.providers).toEqual([
          'dr-lee',
          'dr-shah',
        ]);
      },
    },
    {
      // dr-shah works Tuesdays and Thursdays only, though the clinic opens on Monday.
      name: "uses a provider's own weekly hours instead of the clinic's",
      query: ask('follow-up', '2026-12-07', { providerId: 'dr-shah' }),
      slots: [],
    },
    {
      name: 'filters by provider (dr-shah: 09:00..16:15)',
      query: ask('new-patient', '2026-12-01', { providerId: 'dr-shah' }),
      count: 30,
      also: (slots) => expect(slots.every((s) => s.providers.join() === 'dr-shah')).toBe(true),
    },
    {
      name: 'finds nothing for an unknown provider',
      query: ask('new-patient', '2026-12-01', { to: '2026-12-03', providerId: 'dr-nobody' }),
      slots: [],
    },
    {
      name: 'finds nothing for a provider who does not offer the type',
      query: ask('botox-injection', '2026-12-01', { to: '2026-12-03', providerId: 'dr-shah' }),
      slots: [],
    },
    {
      name: 'answers an empty list when to is before from',
      query: ask('follow-up', '2026-12-02', { to: '2026-12-01' }),
      slots: [],
    },
  ])('$name', check);

  it('steps by the slot interval when it is longer than the duration', () => {
    const sparse = clinic({
      weeklyHours: { mon: [['08:00', '12:00']] },
      appointmentTypes: [{ id: 'short', name: 'Short', durationMinutes: 20, slotIntervalMinutes: 30 }],
    });
    check({
      query: { config: sparse, typeId: 'short', from: '2026-12-07', now },
      times: ['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30'],
      also: (slots) => expect(slots.at(-1)?.end).toBe('2026-12-07T11:50:00-05:00'),
    });
  });

  it('refuses an unknown appointment type', () => {
    expect(() => list(ask('massage', '2026-12-01'))).toThrow(UnknownAppointmentTypeError);
  });

  it('refuses dates that are not calendar dates', () => {
    expect(() => list(ask('follow-up', '2026-02-30', { to: '2026-03-01' }))).toThrow(RangeError);
  });
});

describe('minimum notice (minNoticeMinutes 120)', () => {
  const day = (now: string): Query => ({
    config: exampleClinic(),
    typeId: 'new-patient',
    from: '2026-12-01',
    providerId: 'dr-lee',
    now: new Date(now),
  });

  it.each([
    { now: '2026-12-01T14:00:00Z', first: '11:00', why: 'a start exactly now + notice is included' },
    { now: '2026-12-01T14:00:00.001Z', first: '11:15', why: 'a millisecond later it is not' },
    { now: '2026-12-01T14:05:00Z', first: '11:15', why: 'nor five minutes later' },
  ])('starts no sooner than now + minNoticeMinutes: $why (now $now, 09:00 EST)', ({ now, first }) => {
    expect(times(list(day(now)))[0]).toBe(first);
  });

  it('gives nothing in the past', () => {
    expect(list(day('2026-12-02T12:00:00Z'))).toEqual([]);
  });
});

describe('booking window (maxAdvanceDays)', () => {
  const config = clinic({
    maxAdvanceDays: 7,
    weeklyHours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '10:00']]]),
    ),
  });

  it("ends on today + maxAdvanceDays, today being the clinic's date, not UTC's", () => {
    // 22:00 on Dec 1 in New York is already Dec 2 in UTC: the last day is Dec 8, not Dec 9.
    const now = new Date('2026-12-02T03:00:00Z');
    check({
      query: { config, typeId: 'hour', from: '2026-12-01', to: '2026-12-12', now },
      starts: [
        '2026-12-02T09:00:00-05:00',
        '2026-12-03T09:00:00-05:00',
        '2026-12-04T09:00:00-05:00',
        '2026-12-05T09:00:00-05:00',
        '2026-12-06T09:00:00-05:00',
        '2026-12-07T09:00:00-05:00',
        '2026-12-08T09:00:00-05:00',
      ],
    });
    expect(bookingWindow(config, now).lastDate).toBe('2026-12-08');
  });
});

describe('buffers', () => {
  // 30 minutes every 10, keeping 10 free before and 10 after.
  const config = clinic({
    weeklyHours: { tue: [['09:00', '12:00']] },
    appointmentTypes: [
      {
        id: 'buffered',
        name: 'Buffered',
        durationMinutes: 30,
        slotIntervalMinutes: 10,
        bufferBeforeMinutes: 10,
        bufferAfterMinutes: 10,
      },
    ],
    providers: [
      { id: 'dr-a', name: 'Dr. A' },
      { id: 'dr-b', name: 'Dr. B' },
    ],
  });
  const now = new Date('2026-11-01T00:00:00Z');
  // Held 10:00–10:30 with its own buffers of 5 before and 20 after: blocked 09:55–10:50.
  const held = booking('dr-a', '2026-12-01T10:00:00-05:00', 30, { before: 5, after: 20 });
  const tuesday = (rest: Partial<Query>): Query => ({
    config,
    typeId: 'buffered',
    from: '2026-12-01',
    now,
    ...rest,
  });

  it.each<SlotCase>([
    {
      name: "keeps both the new slot's buffers and the booking's own buffers free, on both sides",
      query: tuesday({ providerId: 'dr-a', bookings: [held] }),
      // 09:10 ends 09:40 + 10 = 09:50, clear of 09:55; 09:20 would reach 10:00. 11:00 starts its
      // buffer at 10:50, where the booking's after-buffer ends; 10:50 would start it at 10:40.
      times: ['09:00', '09:10', '11:00', '11:10', '11:20', '11:30'],
    },
    {
      name: "leaves other providers' slots alone",
      query: tuesday({ bookings: [held] }),
      also: (slots) => {
        expect(slots.find((s) => s.start.includes('T10:00'))?.providers).toEqual(['dr-b']);
        expect(slots.find((s) => s.start.includes('T09:10'))?.providers).toEqual(['dr-a', 'dr-b']);
      },
    },
    {
      name: 'treats a booking without buffers as its bare time',
      query: tuesday({ providerId: 'dr-a', bookings: [booking('dr-a', '2026-12-01T10:00:00-05:00', 30)] }),
      // Now only the new slot's own buffers count: [s−10, s+40) clear of 10:00–10:30.
      times: ['09:00', '09:10', '09:20', '10:40', '10:50', '11:00', '11:10', '11:20', '11:30'],
    },
  ])('$name', check);
});

describe('daylight saving time (America/New_York)', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const springForward = clinic({
    weeklyHours: { sun: [['00:00', '05:00']] },
    appointmentTypes: [
      { id: 'hour', name: 'Hour', durationMinutes: 60 },
      { id: 'half', name: 'Half hour', durationMinutes: 30 },
    ],
    providers: [
      { id: 'dr-a', name: 'Dr. A' },
      { id: 'dr-b', name: 'Dr. B', weeklyHours: { sun: [['01:00', '04:00']] } },
    ],
  });
  const fallBack = clinic({
    weeklyHours: { sun: [['00:00', '04:00']] },
    appointmentTypes: [
      { id: 'half', name: 'Half hour', durationMinutes: 30 },
      { id: 'hour', name: 'Hour every half hour', durationMinutes: 60, slotIntervalMinutes: 30 },
    ],
  });
  const on = (config: ClinicConfig, typeId: string, from: string, rest: Partial<Query> = {}): Query => ({
    config,
    typeId,
    from,
    now,
    ...rest,
  });

  it.each<SlotCase>([
    {
      name: 'skips the wall times that do not exist on the spring-forward day (2026-03-08)',
      query: on(springForward, 'hour', '2026-03-08'),
      // 01:00 EST + 60 minutes is 03:00 EDT; 02:00 does not exist; dr-b's 04:00 is 08:00Z.
      slots: [
        { start: '2026-03-08T00:00:00-05:00', end: '2026-03-08T01:00:00-05:00', providers: ['dr-a'] },
        { start: '2026-03-08T01:00:00-05:00', end: '2026-03-08T03:00:00-04:00', providers: ['dr-a', 'dr-b'] },
        { start: '2026-03-08T03:00:00-04:00', end: '2026-03-08T04:00:00-04:00', providers: ['dr-a', 'dr-b'] },
        { start: '2026-03-08T04:00:00-04:00', end: '2026-03-08T05:00:00-04:00', providers: ['dr-a'] },
      ],
    },
    {
      name: 'skips them on a half-hour grid too',
      query: on(springForward, 'half', '2026-03-08', { providerId: 'dr-b' }),
      starts: [
        '2026-03-08T01:00:00-05:00',
        '2026-03-08T01:30:00-05:00',
        '2026-03-08T03:00:00-04:00',
        '2026-03-08T03:30:00-04:00',
      ],
    },
    {
      name: 'starts hours that open inside the gap when the gap ends',
      query: on(
        clinic({
          weeklyHours: { sun: [['02:30', '05:00']] },
          appointmentTypes: [{ id: 'half', name: 'Half hour', durationMinutes: 30 }],
        }),
        'half',
        '2026-03-08',
      ),
      // The grid is still 02:30 + k·30 on the wall clock: 02:30 does not exist, 03:00 does.
      starts: [
        '2026-03-08T03:00:00-04:00',
        '2026-03-08T03:30:00-04:00',
        '2026-03-08T04:00:00-04:00',
        '2026-03-08T04:30:00-04:00',
      ],
    },
    {
      name: 'closes hours that end inside the gap when the gap ends',
      query: on(clinic({ weeklyHours: { sun: [['01:00', '02:30']] } }), 'hour', '2026-03-08'),
      // 01:00 EST + 60 minutes is 03:00 EDT, the first instant after the gap: the slot fits.
      slots: [{ start: '2026-03-08T01:00:00-05:00', end: '2026-03-08T03:00:00-04:00', providers: ['dr-a'] }],
    },
    {
      name: 'lets a closure wholly inside the gap cover no time at all',
      query: on(
        clinic({
          weeklyHours: { sun: [['00:00', '05:00']] },
          closures: [{ start: '2026-03-08T02:15', end: '2026-03-08T02:45' }],
        }),
        'hour',
        '2026-03-08',
      ),
      count: 4,
    },
    {
      name: 'keeps working hours on the wall clock across the change',
      query: on(
        clinic({ weeklyHours: { sat: [['08:00', '17:00']], sun: [['08:00', '17:00']] } }),
        'hour',
        '2026-03-07',
        { to: '2026-03-08' },
      ),
      count: 18,
      also: (slots) => {
        expect(slots[0]?.start).toBe('2026-03-07T08:00:00-05:00');
        expect(slots[9]?.start).toBe('2026-03-08T08:00:00-04:00');
        expect(slots.at(-1)?.end).toBe('2026-03-08T17:00:00-04:00');
      },
    },
    {
      name: 'takes an ambiguous wall time once, at its first occurrence, on the fall-back day (2026-11-01)',
      query: on(fallBack, 'half', '2026-11-01'),
      starts: [
        '2026-11-01T00:00:00-04:00',
        '2026-11-01T00:30:00-04:00',
        '2026-11-01T01:00:00-04:00',
        '2026-11-01T01:30:00-04:00',
        '2026-11-01T02:00:00-05:00',
        '2026-11-01T02:30:00-05:00',
        '2026-11-01T03:00:00-05:00',
        '2026-11-01T03:30:00-05:00',
      ],
    },
    {
      name: 'works the repeated hour, but starts no slot in it',
      query: on(fallBack, 'hour', '2026-11-01'),
      count: 7,
      also: (hour) => {
        // 01:30 EDT ends an hour later at 01:30 EST.
        expect(hour.find((s) => s.start === '2026-11-01T01:30:00-04:00')?.end).toBe(
          '2026-11-01T01:30:00-05:00',
        );
        expect(hour.some((s) => s.start.endsWith('-05:00') && s.start.includes('T01:'))).toBe(false);
      },
    },
  ])('$name', check);

  it('offers only the first 01:30 of the fall-back day to providersFreeAt', () => {
    const at = (iso: string) =>
      providersFreeAt({ config: fallBack, typeId: 'half', start: new Date(iso), bookings: [], now });
    expect(at('2026-11-01T06:30:00Z')).toEqual([]); // 01:30 EST, the second 01:30
    expect(at('2026-11-01T05:30:00Z')).toEqual(['dr-a']);
  });
});

describe('midnight', () => {
  const now = new Date('2026-11-01T00:00:00Z');
  const config = (closures: unknown[] = []) =>
    clinic({
      weeklyHours: { sat: [['20:00', '24:00']], sun: [['00:00', '02:00']] },
      appointmentTypes: [
        { id: 'hour', name: 'Hour', durationMinutes: 60 },
        { id: 'long', name: 'Ninety minutes', durationMinutes: 90, slotIntervalMinutes: 30 },
      ],
      closures: closures as never,
    });
  const weekend = (typeId: string, rest: Partial<Query> = {}): Query => ({
    config: config(),
    typeId,
    from: '2026-12-05',
    to: '2026-12-06',
    now,
    ...rest,
  });

  it.each<SlotCase>([
    {
      name: 'lets hours end at 24:00, a slot ending at the next midnight',
      query: weekend('hour'),
      starts: [
        '2026-12-05T20:00:00-05:00',
        '2026-12-05T21:00:00-05:00',
        '2026-12-05T22:00:00-05:00',
        '2026-12-05T23:00:00-05:00',
        '2026-12-06T00:00:00-05:00',
        '2026-12-06T01:00:00-05:00',
      ],
      also: (slots) => expect(slots[3]?.end).toBe('2026-12-06T00:00:00-05:00'),
    },
    {
      name: 'never lets a slot straddle midnight, even when the next day opens at 00:00',
      query: weekend('long'),
      times: ['20:00', '20:30', '21:00', '21:30', '22:00', '22:30', '00:00', '00:30'],
    },
    {
      name: 'applies a closure that ends at midnight',
      query: weekend('hour', { config: config([{ start: '2026-12-05T22:00', end: '2026-12-06T00:00' }]) }),
      times: ['20:00', '21:00', '00:00', '01:00'],
    },
    {
      name: 'applies a closed date that starts at midnight',
      query: weekend('hour', { config: config([{ date: '2026-12-06' }]) }),
      times: ['20:00', '21:00', '22:00', '23:00'],
    },
    {
      name: 'keeps a booking across midnight from both days',
      query: weekend('hour', { bookings: [booking('dr-a', '2026-12-05T23:30:00-05:00', 60)] }),
      starts: [
        '2026-12-05T20:00:00-05:00',
        '2026-12-05T21:00:00-05:00',
        '2026-12-05T22:00:00-05:00',
        '2026-12-06T01:00:00-05:00',
      ],
    },
  ])('$name', check);
});

describe('providersFreeAt', () => {
  const config = exampleClinic();
  const now = new Date('2026-11-24T17:00:00Z');
  const at = (start: string, bookings = [] as ReturnType<typeof booking>[], providerId?: string) =>
    providersFreeAt({ config, typeId: 'new-patient', start: new Date(start), bookings, now, providerId });

  it('names the free providers of an open slot, in config order', () => {
    expect(at('2026-12-01T09:00:00-05:00')).toEqual(['dr-lee', 'dr-shah']);
    expect(at('2026-12-01T09:00:00-05:00', [booking('dr-lee', '2026-12-01T08:30:00-05:00', 45)])).toEqual([
      'dr-shah',
    ]);
    expect(at('2026-12-01T09:00:00-05:00', [], 'dr-shah')).toEqual(['dr-shah']);
  });

  it.each([
    { start: '2026-12-01T09:05:00-05:00', why: 'off the grid' },
    { start: '2026-12-01T09:00:30-05:00', why: 'not a whole minute' },
    { start: '2026-12-07T12:30:00-05:00', why: 'lunch' },
    { start: '2026-12-25T09:00:00-05:00', why: 'closed' },
    { start: '2026-11-24T13:00:00-05:00', why: 'too soon' },
    { start: '2027-02-01T09:00:00-05:00', why: 'too far ahead' },
    { start: '2026-12-01T09:00:00-05:00', providerId: 'dr-nobody', why: 'an unknown provider' },
  ])('finds no one for a start that is not an open slot: $why ($start)', ({ start, providerId }) => {
    expect(at(start, [], providerId)).toEqual([]);
  });
});

describe('nextAvailable', () => {
  const config = exampleClinic();
  const now = new Date('2026-11-24T17:00:00Z');

  it('finds the first open slot after the range, past closures and weekends', () => {
    expect(
      nextAvailable({ config, typeId: 'botox-injection', after: '2026-12-24', bookings: [], now }),
    ).toEqual({
      start: '2026-12-28T08:00:00-05:00',
      end: '2026-12-28T08:30:00-05:00',
      providers: ['dr-lee'],
    });
  });

  it('skips what bookings hold, buffers included', () => {
    // 08:00–08:30 with 10 minutes either side holds 07:50–08:40, so 08:30 (needing 08:20) is gone.
    const held = booking('dr-lee', '2026-12-28T08:00:00-05:00', 30, { before: 10, after: 10 });
    const next = nextAvailable({
      config,
      typeId: 'botox-injection',
      after: '2026-12-24',
      bookings: [held],
      now,
    });
    expect(next?.start).toBe('2026-12-28T09:00:00-05:00');
  });

  it('answers null beyond the booking window', () => {
    expect(nextAvailable({ config, typeId: 'follow-up', after: '2027-01-23', bookings: [], now })).toBeNull();
  });

  it('starts from now when the range is in the past', () => {
    const next = nextAvailable({ config, typeId: 'follow-up', after: '2026-01-01', bookings: [], now });
    // Tuesday 2026-11-24 12:00 EST now; two hours of notice: 14:00.
    expect(next?.start).toBe('2026-11-24T14:00:00-05:00');
  });
});

describe('nearestSlots', () => {
  const config = exampleClinic();
  const now = new Date('2026-11-24T17:00:00Z');
  const taken = booking('dr-lee', '2026-12-01T09:00:00-05:00', 20);

  it('takes the nearest on both sides, the earlier of two equally near, sorted by start', () => {
    const slots = nearestSlots({
      config,
      typeId: 'follow-up',
      around: new Date('2026-12-01T09:00:00-05:00'),
      providerId: 'dr-lee',
      bookings: [taken],
      now,
      limit: 3,
    });
    expect(starts(slots)).toEqual([
      '2026-12-01T08:20:00-05:00',
      '2026-12-01T08:40:00-05:00',
      '2026-12-01T09:20:00-05:00',
    ]);
  });

  it('includes the asked time itself when another provider is free then', () => {
    const slots = nearestSlots({
      config,
      typeId: 'follow-up',
      around: new Date('2026-12-01T09:00:00-05:00'),
      bookings: [taken],
      now,
      limit: 3,
    });
    expect(slots.map((s) => [s.start.slice(11, 16), s.providers])).toEqual([
      ['08:40', ['dr-lee']],
      ['09:00', ['dr-shah']],
      ['09:20', ['dr-lee', 'dr-shah']],
    ]);
  });

  it('stays inside the booking window', () => {
    const soon = new Date('2026-12-01T14:00:00Z'); // 09:00 EST; notice until 11:00
    const early = nearestSlots({
      config,
      typeId: 'follow-up',
      around: new Date('2026-12-01T08:00:00-05:00'),
      bookings: [],
      now: soon,
      limit: 2,
    });
    expect(starts(early)).toEqual(['2026-12-01T11:00:00-05:00', '2026-12-01T11:20:00-05:00']);
    const late = nearestSlots({
      config,
      typeId: 'follow-up',
      around: new Date('2027-06-01T12:00:00Z'),
      bookings: [],
      now,
      limit: 1,
    });
    // The window ends 2027-01-23, a Saturday: the last slot is Friday's 13:40.
    expect(starts(late)).toEqual(['2027-01-22T13:40:00-05:00']);
  });

  it('answers fewer when the window holds fewer, and none for a zero limit', () => {
    const oneDay = clinic({ maxAdvanceDays: 1, weeklyHours: { wed: [['09:00', '11:00']] } });
    const args = {
      config: oneDay,
      typeId: 'hour',
      around: new Date('2026-12-02T12:00:00Z'),
      bookings: [],
      now: new Date('2026-12-01T12:00:00Z'),
    };
    expect(nearestSlots({ ...args, limit: 5 })).toHaveLength(2);
    expect(nearestSlots({ ...args, limit: 0 })).toEqual([]);
  });
});

describe('bookingInterval', () => {
  const config = exampleClinic();
  const type = (id: string) => config.scheduling.appointmentTypes.find((t) => t.id === id) ?? expect.fail(id);

  it('spans the duration, and the buffers on either side', () => {
    const start = new Date('2026-12-01T14:00:00Z');
    expect(bookingInterval(type('new-patient'), start)).toEqual({
      start,
      end: new Date('2026-12-01T14:45:00Z'),
      blockedFrom: new Date('2026-12-01T14:00:00Z'),
      blockedUntil: new Date('2026-12-01T15:00:00Z'),
    });
    expect(bookingInterval(type('botox-injection'), start)).toEqual({
      start,
      end: new Date('2026-12-01T14:30:00Z'),
      blockedFrom: new Date('2026-12-01T13:50:00Z'),
      blockedUntil: new Date('2026-12-01T14:40:00Z'),
    });
  });
});
