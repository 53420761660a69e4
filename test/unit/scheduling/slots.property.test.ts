// Property tests: on random clinics (zones with awkward DST changes, hours touching midnight,
// closures, time off, buffered bookings) the engine must agree exactly with an independent
// reading of the Slot rules (slots-oracle.ts), and its functions must agree with each other.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { parseClinicConfig } from '../../../shared/config/load.ts';
import type { ClinicConfig } from '../../../shared/core/config/schema.ts';
import {
  type BusyBooking,
  bookingWindow,
  listSlots,
  nearestSlots,
  nextAvailable,
  providersFreeAt,
} from '../../../shared/core/scheduling/slots.ts';
import { addDays } from '../../../shared/core/scheduling/time.ts';
import { oracleSlots } from './slots-oracle.ts';

const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Havana',
  'Asia/Beirut',
  'Asia/Kolkata',
] as const;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTE = 60_000;

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The local dates of a zone's offset changes in 2026 (or a plain date for a zone without). */
function transitionDates(timeZone: string): string[] {
  const dates: string[] = [];
  let at = Temporal.Instant.from('2026-01-01T00:00:00Z').toZonedDateTimeISO(timeZone);
  for (let i = 0; i < 2; i++) {
    const next = at.getTimeZoneTransition('next');
    if (!next) break;
    dates.push(next.toPlainDate().toString());
    at = next;
  }
  return dates.length > 0 ? dates : ['2026-06-15'];
}

/** 0–3 sorted, non-overlapping [open, close) intervals; minutes on a 15-minute grid, 24:00 allowed. */
const dayHoursArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 6 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const intervals: [string, string][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      intervals.push([hhmm((sorted[i] as number) * 15), hhmm((sorted[i + 1] as number) * 15)]);
    }
    return intervals;
  });

const weeklyHoursArb = fc
  .array(dayHoursArb, { minLength: 7, maxLength: 7 })
  .map((days) => Object.fromEntries(days.map((hours, i) => [DAYS[i], hours])));

const typeArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(id),
    durationMinutes: fc.oneof(fc.integer({ min: 5, max: 60 }), fc.integer({ min: 5, max: 150 })),
    slotIntervalMinutes: fc.option(fc.integer({ min: 5, max: 90 }), { nil: undefined }),
    bufferBeforeMinutes: fc.integer({ min: 0, max: 30 }),
    bufferAfterMinutes: fc.integer({ min: 0, max: 30 }),
  });

interface Scenario {
  config: ClinicConfig;
  typeId: string;
  from: string;
  to: string;
  providerId: string | undefined;
  bookings: BusyBooking[];
  now: Date;
}

/** A local `YYYY-MM-DDTHH:MM` within a day of `date`. */
const localDateTimeNear = (date: string) =>
  fc
    .tuple(fc.integer({ min: -1, max: 1 }), fc.integer({ min: 0, max: 24 * 4 - 1 }))
    .map(([day, quarter]) => `${addDays(date, day)}T${hhmm(quarter * 15)}`);

const localRangeNear = (date: string) =>
  fc
    .tuple(localDateTimeNear(date), localDateTimeNear(date))
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => (a < b ? { start: a, end: b } : { start: b, end: a }));

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .constantFrom(...ZONES)
  .chain((timeZone) =>
    fc.record({
      timeZone: fc.constant(timeZone),
      from: fc
        .constantFrom(...transitionDates(timeZone))
        .chain((d) => fc.integer({ min: -2, max: 1 }).map((k) => addDays(d, k))),
      days: fc.integer({ min: 1, max: 3 }),
    }),
  )
  .chain(({ timeZone, from, days }) => {
    const to = addDays(from, days - 1);
    return fc
      .record({
        weeklyHours: weeklyHoursArb,
        types: fc.tuple(typeArb('alpha'), typeArb('beta')),
        providers: fc.array(
          fc.record({
            ownHours: fc.option(weeklyHoursArb, { nil: undefined }),
            offersAlphaOnly: fc.boolean(),
            timeOff: fc.array(localRangeNear(from), { maxLength: 2 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        closures: fc.array(
          fc.oneof(
            fc.integer({ min: -1, max: days }).map((k) => ({ date: addDays(from, k) })),
            localRangeNear(from),
          ),
          { maxLength: 2 },
        ),
        minNoticeMinutes: fc.integer({ min: 0, max: 300 }),
        maxAdvanceDays: fc.integer({ min: 1, max: 6 }),
        // now: from three days before the range to a day into it, mostly before it
        nowOffsetMinutes: fc.oneof(
          { arbitrary: fc.integer({ min: -3 * 24 * 60, max: 0 }), weight: 3 },
          { arbitrary: fc.integer({ min: 0, max: 24 * 60 }), weight: 1 },
        ),
        bookings: fc.array(
          fc.record({
            provider: fc.integer({ min: 0, max: 2 }),
            startMinutes: fc.integer({ min: -12 * 60, max: days * 24 * 60 + 12 * 60 }),
            minutes: fc.integer({ min: 5, max: 180 }),
            before: fc.integer({ min: 0, max: 30 }),
            after: fc.integer({ min: 0, max: 30 }),
          }),
          { maxLength: 8 },
        ),
        typeId: fc.constantFrom('alpha', 'beta'),
        filter: fc.option(
          fc.oneof({ arbitrary: fc.nat(), weight: 6 }, { arbitrary: fc.constant(-1), weight: 1 }),
          { nil: undefined, freq: 2 },
        ),
      })
      .map((drawn): Scenario => {
        const providerIds = drawn.providers.map((_, i) => `dr-${i}`);
        const config = parseClinicConfig(
          {
            clinic: { name: 'Property Clinic', timeZone },
            email: { from: 'desk@clinic.example', staff: ['staff@clinic.example'] },
            cors: { allowedOrigins: ['https://www.clinic.example'] },
            scheduling: {
              minNoticeMinutes: drawn.minNoticeMinutes,
              maxAdvanceDays: drawn.maxAdvanceDays,
              weeklyHours: drawn.weeklyHours,
              closures: drawn.closures,
              appointmentTypes: drawn.types,
              providers: drawn.providers.map((p, i) => ({
                id: providerIds[i],
                name: `Dr. ${i}`,
                // The first provider offers everything, so every type has someone (the schema insists).
                ...(i > 0 && p.offersAlphaOnly ? { appointmentTypes: ['alpha'] } : {}),
                ...(p.ownHours ? { weeklyHours: p.ownHours } : {}),
                timeOff: p.timeOff,
              })),
            },
          },
          'test clinic',
          { checkBookability: false },
        );
        const rangeStart = Temporal.PlainDate.from(from).toZonedDateTime(timeZone).epochMilliseconds;
        return {
          config,
          typeId: drawn.typeId,
          from,
          to,
          providerId:
            drawn.filter === undefined
              ? undefined
              : drawn.filter < 0
                ? 'dr-nobody'
                : providerIds[drawn.filter % providerIds.length],
          bookings: drawn.bookings
            .filter((b) => b.provider < providerIds.length)
            .map((b) => {
              const start = rangeStart + b.startMinutes * MINUTE;
              return {
                providerId: providerIds[b.provider] as string,
                start: new Date(start),
                end: new Date(start + b.minutes * MINUTE),
                bufferBeforeMinutes: b.before,
                bufferAfterMinutes: b.after,
              };
            }),
          now: new Date(rangeStart + drawn.nowOffsetMinutes * MINUTE),
        };
      });
  });

const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 < b1 && b0 < a1;

describe('the slot engine on random clinics', () => {
  it('lists exactly the slots an independent reading of the rules finds, minute by minute', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        expect(listSlots(scenario)).toEqual(oracleSlots(scenario));
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('never lists a slot that meets a booking of its provider, buffers included on both sides', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const type = scenario.config.scheduling.appointmentTypes.find((t) => t.id === scenario.typeId);
        if (!type) throw new Error('type');
        for (const slot of listSlots(scenario)) {
          const start = Date.parse(slot.start);
          const heldFrom = start - type.bufferBeforeMinutes * MINUTE;
          const heldUntil = start + (type.durationMinutes + type.bufferAfterMinutes) * MINUTE;
          for (const b of scenario.bookings) {
            if (!slot.providers.includes(b.providerId)) continue;
            const blockedFrom = b.start.getTime() - b.bufferBeforeMinutes * MINUTE;
            const blockedUntil = b.end.getTime() + b.bufferAfterMinutes * MINUTE;
            expect(overlaps(heldFrom, heldUntil, blockedFrom, blockedUntil)).toBe(false);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('lets providersFreeAt accept every listed slot, with its providers, and nothing else', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.integer({ min: 0, max: 3 * 24 * 60 }), { maxLength: 40 }),
        (scenario, samples) => {
          const slots = listSlots(scenario);
          const byStart = new Map(slots.map((s) => [Date.parse(s.start), s.providers]));
          for (const slot of slots) {
            expect(providersFreeAt({ ...scenario, start: new Date(slot.start) })).toEqual(slot.providers);
          }
          // Any minute of the range (and a millisecond off each slot start) is open only if listed.
          const rangeStart = Temporal.PlainDate.from(scenario.from).toZonedDateTime(
            scenario.config.clinic.timeZone,
          ).epochMilliseconds;
          const rangeEnd = Temporal.PlainDate.from(addDays(scenario.to, 1)).toZonedDateTime(
            scenario.config.clinic.timeZone,
          ).epochMilliseconds;
          const instants = [
            ...samples.map((m) => rangeStart + m * MINUTE).filter((t) => t < rangeEnd),
            ...slots.map((s) => Date.parse(s.start) + 1),
            ...slots.map((s) => Date.parse(s.start) - MINUTE),
          ];
          for (const t of instants) {
            expect(providersFreeAt({ ...scenario, start: new Date(t) })).toEqual(byStart.get(t) ?? []);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('finds as nextAvailable the first slot listed after the date, within the window', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { lastDate } = bookingWindow(scenario.config, scenario.now);
        const later = listSlots({ ...scenario, from: addDays(scenario.from, 1), to: lastDate });
        expect(nextAvailable({ ...scenario, after: scenario.from })).toEqual(later[0] ?? null);
      }),
      { numRuns: 150 },
    );
  });

  it('finds as nearestSlots the open slots nearest to the asked time', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: -2 * 24 * 60, max: 5 * 24 * 60 }),
        fc.integer({ min: 1, max: 6 }),
        (scenario, aroundMinutes, limit) => {
          const { lastDate } = bookingWindow(scenario.config, scenario.now);
          const all = listSlots({
            ...scenario,
            from: addDays(scenario.now.toISOString().slice(0, 10), -2),
            to: lastDate,
          });
          const around = scenario.now.getTime() + aroundMinutes * MINUTE;
          const nearest = nearestSlots({ ...scenario, around: new Date(around), limit });
          expect(nearest).toHaveLength(Math.min(limit, all.length));
          const distance = (s: { start: string }) => Math.abs(Date.parse(s.start) - around);
          for (const slot of nearest) expect(all).toContainEqual(slot);
          const farthest = Math.max(...nearest.map(distance));
          const left = all.filter((s) => !nearest.some((n) => n.start === s.start));
          for (const slot of left) expect(distance(slot)).toBeGreaterThanOrEqual(farthest);
          expect(nearest.map((s) => Date.parse(s.start))).toEqual(
            nearest.map((s) => Date.parse(s.start)).sort((a, b) => a - b),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
