import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatInstant,
  isLocalDate,
  localDateOf,
  parseLocalDateTime,
  weekdayOf,
  ZoneClock,
} from '../../../shared/core/scheduling/time.ts';
import { AWKWARD_ZONES, agreesWithTemporal, temporalInstantOf } from '../../support/zone-oracle.ts';

const ZONES = AWKWARD_ZONES;

const ms = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;
/** 1970 … 2100, on whole seconds. */
const instantArb = fc.integer({ min: 0, max: 4_102_444_800 }).map((seconds) => seconds * 1000);
const zoneArb = fc.constantFrom(...ZONES);

describe('ZoneClock', () => {
  const newYork = new ZoneClock('America/New_York');

  it('skips a wall time inside the spring-forward gap, and maps a boundary there to the end of the gap', () => {
    expect(newYork.instantOf('2026-03-08', 2 * 60 + 30)).toBeUndefined();
    expect(newYork.instantOf('2026-03-08', 2 * 60)).toBeUndefined();
    expect(newYork.instantOf('2026-03-08', 60 + 59)).toBe(ms('2026-03-08T06:59:00Z'));
    expect(newYork.instantOf('2026-03-08', 3 * 60)).toBe(ms('2026-03-08T07:00:00Z'));
    expect(newYork.boundaryOf('2026-03-08', 2 * 60 + 30)).toBe(ms('2026-03-08T07:00:00Z'));
  });

  it('takes an ambiguous wall time at its first occurrence on the fall-back day', () => {
    expect(newYork.instantOf('2026-11-01', 60 + 30)).toBe(ms('2026-11-01T05:30:00Z'));
    expect(newYork.boundaryOf('2026-11-01', 60 + 30)).toBe(ms('2026-11-01T05:30:00Z'));
    expect(newYork.instantOf('2026-11-01', 2 * 60)).toBe(ms('2026-11-01T07:00:00Z'));
  });

  it("reads 24:00 as the next day's midnight", () => {
    expect(newYork.instantOf('2026-12-01', 24 * 60)).toBe(ms('2026-12-02T05:00:00Z'));
    expect(newYork.boundaryOf('2026-12-01', 24 * 60)).toBe(newYork.boundaryOf('2026-12-02', 0));
  });

  it("maps a midnight that does not exist (Havana's spring-forward at 00:00) to 01:00", () => {
    const havana = new ZoneClock('America/Havana');
    expect(havana.instantOf('2026-03-08', 0)).toBeUndefined();
    expect(havana.boundaryOf('2026-03-08', 0)).toBe(ms('2026-03-08T05:00:00Z'));
    expect(havana.format(havana.boundaryOf('2026-03-08', 0))).toBe('2026-03-08T01:00:00-04:00');
    // The day before ends with it: its 24:00 does not exist either, and stands for 01:00 too.
    expect(havana.instantOf('2026-03-07', 24 * 60)).toBeUndefined();
    expect(havana.boundaryOf('2026-03-07', 24 * 60)).toBe(ms('2026-03-08T05:00:00Z'));
    expect(havana.instantOf('2026-03-07', 23 * 60 + 59)).toBe(ms('2026-03-08T04:59:00Z'));
  });

  it('gives the local date an instant has, even where the clock falls back across midnight (Beirut)', () => {
    const beirut = new ZoneClock('Asia/Beirut');
    // At 21:00Z the clock goes from 2026-10-25 00:00 +03:00 back to 2026-10-24 23:00 +02:00:
    // the hour before midnight of the 24th happens twice, and the 25th starts an hour later.
    expect(beirut.localDateOf(ms('2026-10-24T20:59:00Z'))).toBe('2026-10-24');
    expect(beirut.localDateOf(ms('2026-10-24T21:00:00Z'))).toBe('2026-10-24');
    expect(beirut.localDateOf(ms('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    expect(beirut.instantOf('2026-10-24', 23 * 60 + 30)).toBe(ms('2026-10-24T20:30:00Z'));
    expect(beirut.instantOf('2026-10-25', 0)).toBe(ms('2026-10-24T22:00:00Z'));
  });

  it('writes RFC 3339 with the offset of that instant, to the second', () => {
    expect(newYork.format(ms('2026-12-01T14:00:00Z'))).toBe('2026-12-01T09:00:00-05:00');
    expect(newYork.format(ms('2026-07-01T13:00:00.999Z'))).toBe('2026-07-01T09:00:00-04:00');
    expect(new ZoneClock('UTC').format(ms('2026-07-01T13:00:00Z'))).toBe('2026-07-01T13:00:00+00:00');
    expect(new ZoneClock('Asia/Kolkata').format(ms('2026-07-01T13:00:00Z'))).toBe(
      '2026-07-01T18:30:00+05:30',
    );
    expect(new ZoneClock('Pacific/Chatham').format(ms('2026-07-01T13:00:00Z'))).toBe(
      '2026-07-02T01:45:00+12:45',
    );
  });

  it('agrees with Temporal on offsets, local dates and RFC 3339 text for any instant and zone', () => {
    fc.assert(
      fc.property(zoneArb, instantArb, (zone, instant) => agreesWithTemporal(zone, instant)),
      { numRuns: 400 },
    );
  });

  it('agrees with Temporal on wall time → instant (first occurrence; a gap has none)', () => {
    // Wall times near each zone's transitions of 2026, where mistakes would be.
    const nearTransition = zoneArb.chain((timeZone) => {
      const transitions: string[] = [];
      let at = Temporal.Instant.from('2026-01-01T00:00:00Z').toZonedDateTimeISO(timeZone);
      for (let i = 0; i < 2; i++) {
        const next = at.getTimeZoneTransition('next');
        if (!next) break;
        transitions.push(next.toPlainDate().toString());
        at = next;
      }
      const dates = transitions.length > 0 ? transitions : ['2026-06-01'];
      return fc.record({
        timeZone: fc.constant(timeZone),
        date: fc
          .constantFrom(...dates)
          .chain((d) => fc.integer({ min: -1, max: 1 }).map((k) => addDays(d, k))),
        minuteOfDay: fc.integer({ min: 0, max: 24 * 60 }),
      });
    });
    fc.assert(
      fc.property(nearTransition, ({ timeZone, date, minuteOfDay }) => {
        const clock = new ZoneClock(timeZone);
        const expected = temporalInstantOf(timeZone, date, minuteOfDay);
        expect(clock.instantOf(date, minuteOfDay)).toBe(expected);
        const boundary = clock.boundaryOf(date, minuteOfDay);
        if (expected !== undefined) expect(boundary).toBe(expected);
        else {
          const wall = Temporal.PlainDate.from(date).toPlainDateTime().add({ minutes: minuteOfDay });
          const endOfGap = wall
            .toZonedDateTime(timeZone, { disambiguation: 'earlier' })
            .getTimeZoneTransition('next');
          expect(boundary).toBe(endOfGap?.epochMilliseconds);
        }
      }),
      { numRuns: 600 },
    );
  });
});

describe('ZoneClock in every zone the runtime knows', () => {
  const allZones = fc.constantFrom(...Intl.supportedValuesOf('timeZone'));

  it('agrees with Temporal on offsets, local dates, RFC 3339 text and wall time → instant', () => {
    fc.assert(
      fc.property(allZones, instantArb, (zone, instant) => agreesWithTemporal(zone, instant)),
      { numRuns: 1000 },
    );
  });

  // The clock reads a wall time from the offsets a day either side of it (and takes it as it is
  // when they agree), and calls a date steady when its 24:00 has its 00:00's offset
  // (shared/core/scheduling/time.ts): all of it rests on this.
  it('rests on zone data with no two offset changes within two days of each other, 1970–2100', {
    timeout: 240_000,
  }, () => {
    const closest: { hours: number; where: string }[] = [];
    for (const timeZone of Intl.supportedValuesOf('timeZone')) {
      let at = Temporal.Instant.from('1970-01-01T00:00:00Z').toZonedDateTimeISO(timeZone);
      for (
        let next = at.getTimeZoneTransition('next');
        next && next.year <= 2100;
        next = at.getTimeZoneTransition('next')
      ) {
        const hours = (next.epochMilliseconds - at.epochMilliseconds) / 3_600_000;
        if (at.year >= 1970 && hours < 48 && at.epochMilliseconds > 0)
          closest.push({ hours, where: `${timeZone} ${next}` });
        at = next;
      }
    }
    expect(closest).toEqual([]);
  });
});

describe('ZoneClock, once it has learned a date', () => {
  // One clock per zone for the whole test, as the engine keeps them: the first question about a
  // date goes to the zone's data, the next ones to what the clock learned from it.
  const clocks = new Map(ZONES.map((zone) => [zone, new ZoneClock(zone)]));
  /** Instants within two days of each zone's transitions of 2026, where a kept answer could go stale. */
  const nearTransition = zoneArb.chain((timeZone) => {
    const transitions: number[] = [];
    let at = Temporal.Instant.from('2026-01-01T00:00:00Z').toZonedDateTimeISO(timeZone);
    for (let i = 0; i < 2; i++) {
      const next = at.getTimeZoneTransition('next');
      if (!next) break;
      transitions.push(next.epochMilliseconds);
      at = next;
    }
    const centres = transitions.length > 0 ? transitions : [ms('2026-06-01T00:00:00Z')];
    return fc.record({
      timeZone: fc.constant(timeZone),
      instant: fc
        .constantFrom(...centres)
        .chain((centre) => fc.integer({ min: -2 * 86_400, max: 2 * 86_400 }).map((s) => centre + s * 1000)),
    });
  });

  it('answers as Temporal does, asked the first time or the tenth', () => {
    fc.assert(
      fc.property(nearTransition, ({ timeZone, instant }) => {
        const clock = clocks.get(timeZone) as ZoneClock;
        const zoned = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
        const text = zoned.toString({ smallestUnit: 'second', timeZoneName: 'never' });
        const date = zoned.toPlainDate().toString();
        for (let asked = 0; asked < 2; asked++) {
          expect(clock.format(instant)).toBe(text);
          expect(clock.localDateOf(instant)).toBe(date);
        }
        const minuteOfDay = zoned.hour * 60 + zoned.minute;
        const wallInstant = instant - (instant % MINUTE);
        expect(clock.instantOf(date, minuteOfDay)).toBe(temporalInstantOf(timeZone, date, minuteOfDay));
        // The first occurrence of this wall time is this instant or, on a fall-back day, an earlier one.
        expect(clock.instantOf(date, minuteOfDay)).toBeLessThanOrEqual(wallInstant);
      }),
      { numRuns: 1500 },
    );
  });

  it('writes every minute of a steady day from its midnight, and the next midnight as 24:00', () => {
    const clock = new ZoneClock('Asia/Kolkata');
    const midnight = clock.instantOf('2026-12-01', 0) as number;
    expect(midnight).toBe(ms('2026-11-30T18:30:00Z'));
    for (let minute = 0; minute <= 24 * 60; minute += 7) {
      const instant = clock.instantOf('2026-12-01', minute) as number;
      expect(instant).toBe(midnight + minute * MINUTE);
      expect(clock.format(instant)).toBe(
        Temporal.Instant.fromEpochMilliseconds(instant)
          .toZonedDateTimeISO('Asia/Kolkata')
          .toString({ smallestUnit: 'second', timeZoneName: 'never' }),
      );
    }
    expect(clock.instantOf('2026-12-01', 24 * 60)).toBe(clock.instantOf('2026-12-02', 0));
  });
});

describe('local dates', () => {
  it('are real dates exactly when Temporal says so, and add up as Temporal adds them, 0000–9999', () => {
    const text = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(
        ([y, m, d]) =>
          `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      );
    fc.assert(
      fc.property(text, fc.integer({ min: -400, max: 400 }), (date, days) => {
        let real = true;
        try {
          Temporal.PlainDate.from(date, { overflow: 'reject' });
        } catch {
          real = false;
        }
        expect(isLocalDate(date)).toBe(real);
        if (!real) return;
        const shifted = Temporal.PlainDate.from(date).add({ days });
        if (shifted.year < 0 || shifted.year > 9999) return;
        expect(addDays(date, days)).toBe(shifted.toString());
        expect(daysBetween(date, addDays(date, days))).toBe(days);
        expect(weekdayOf(date)).toBe(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][Temporal.PlainDate.from(date).dayOfWeek - 1],
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-01', '2026-12-31')).toBe(30);
    expect(daysBetween('2026-12-31', '2026-12-01')).toBe(-30);
  });

  it('names the weekday of a date', () => {
    expect(weekdayOf('2026-12-01')).toBe('tue');
    expect(weekdayOf('2026-03-08')).toBe('sun');
  });

  it('accepts real calendar dates only', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-1-01')).toBe(false);
    expect(isLocalDate('2026-12-01T00:00')).toBe(false);
    // Shapes Temporal itself would read as a date, but the API and the config do not take.
    expect(isLocalDate('20261201')).toBe(false);
    expect(isLocalDate('+002026-12-01')).toBe(false);
    expect(isLocalDate(' 2026-12-01')).toBe(false);
  });

  it('refuses to do arithmetic on a date that does not exist', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => weekdayOf('2026-13-01')).toThrow(RangeError);
  });

  it('splits a local date-time into its date and minute of the day', () => {
    expect(parseLocalDateTime('2026-12-24T12:30')).toEqual({ date: '2026-12-24', minuteOfDay: 750 });
  });
});

describe('formatInstant and localDateOf', () => {
  it('use the given zone, not the machine’s', () => {
    const instant = new Date('2026-12-01T03:30:00Z');
    expect(formatInstant(instant, 'America/New_York')).toBe('2026-11-30T22:30:00-05:00');
    expect(localDateOf(instant, 'America/New_York')).toBe('2026-11-30');
    expect(localDateOf(instant, 'Asia/Kolkata')).toBe('2026-12-01');
  });
});
