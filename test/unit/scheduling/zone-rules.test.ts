import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildZoneRules, zoneRulesModule } from '../../../infra/support/zone-rules.ts';
import { icuOffsetOf, ZoneClock } from '../../../shared/core/scheduling/time.ts';
import type { ZoneRules } from '../../../shared/core/scheduling/zone-rules.ts';
import { AWKWARD_ZONES, agreesWithTemporal, temporalInstantOf } from '../../support/zone-oracle.ts';

// The clinic's zone as a bundle carries it: a table of offset changes read at synth
// (infra/support/zone-rules.ts), which the clock reads instead of ICU within its span.

const YEAR_MS = 365.25 * 86_400_000;
/** 1970 … 2100, on whole seconds: the span of a bundle's table. */
const instantArb = fc.integer({ min: 0, max: 4_102_444_799 }).map((seconds) => seconds * 1000);

/** Temporal's offset changes of `timeZone` in [from, until): instant (s) and the offset after (s). */
function temporalChanges(timeZone: string, from: number, until: number): [number, number][] {
  const changes: [number, number][] = [];
  let at = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(timeZone);
  for (let next = at.getTimeZoneTransition('next'); next && next.epochMilliseconds < until; ) {
    changes.push([next.epochMilliseconds / 1000, next.offsetNanoseconds / 1e9]);
    at = next;
    next = at.getTimeZoneTransition('next');
  }
  return changes;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a zone's table of offsets", () => {
  it('holds every offset change Temporal knows, to the second, in every zone the runtime knows (2024–2028)', {
    timeout: 120_000,
  }, () => {
    const from = Date.UTC(2024, 0, 1);
    const until = Date.UTC(2028, 0, 1);
    let changes = 0;
    for (const timeZone of Intl.supportedValuesOf('timeZone')) {
      const rules = buildZoneRules(timeZone, from, until);
      const expected = temporalChanges(timeZone, from, until);
      expect(
        rules.changes.map((change, i) => [change, rules.offsets[i + 1]]),
        timeZone,
      ).toEqual(expected);
      expect(rules.offsets[0], timeZone).toBe(icuOffsetOf(timeZone, from) / 1000);
      changes += expected.length;
    }
    // Most of the world's clocks do not change; enough of them do for the check to mean something.
    expect(changes).toBeGreaterThan(300);
  });

  it('spans 1970–2100 for a bundle, and the clock it makes agrees with Temporal there in the awkward zones', {
    timeout: 120_000,
  }, () => {
    const rules = new Map(AWKWARD_ZONES.map((zone) => [zone, buildZoneRules(zone)]));
    expect(rules.get('America/New_York')).toMatchObject({ from: 0, until: Date.UTC(2100, 0, 1) });
    // Two changes a year, each year since 2007 on the second Sunday of March and the first of November.
    expect(rules.get('America/New_York')?.changes.length).toBe(260);
    const newYork = rules.get('America/New_York') as ZoneRules;
    const march2026 = newYork.changes.find((change) => change >= Date.UTC(2026, 0, 1) / 1000);
    expect(march2026).toBe(Date.parse('2026-03-08T07:00:00Z') / 1000);
    fc.assert(
      fc.property(fc.constantFrom(...AWKWARD_ZONES), instantArb, (zone, instant) =>
        agreesWithTemporal(
          zone,
          instant,
          (timeZone) => new ZoneClock(timeZone, rules.get(timeZone as never)),
        ),
      ),
      { numRuns: 600 },
    );
  });

  it('makes a clock that agrees with Temporal in any zone, near its changes and anywhere', {
    timeout: 120_000,
  }, () => {
    // A table of a few years around the instant: the same code as a bundle's, built quickly.
    const tableAround = (timeZone: string, instant: number) =>
      new ZoneClock(
        timeZone,
        buildZoneRules(
          timeZone,
          Math.floor((instant - 2 * YEAR_MS) / 1000) * 1000,
          Math.floor((instant + 2 * YEAR_MS) / 1000) * 1000,
        ),
      );
    const zone = fc.constantFrom(...Intl.supportedValuesOf('timeZone'));
    const nearChange = zone.chain((timeZone) => {
      const changes = temporalChanges(timeZone, Date.UTC(2025, 0, 1), Date.UTC(2027, 0, 1));
      const centres = changes.length > 0 ? changes.map(([at]) => at * 1000) : [Date.UTC(2026, 5, 1)];
      return fc.tuple(
        fc.constant(timeZone),
        fc
          .constantFrom(...centres)
          .chain((centre) => fc.integer({ min: -90_000, max: 90_000 }).map((s) => centre + s * 1000)),
      );
    });
    fc.assert(
      fc.property(nearChange, ([timeZone, instant]) => agreesWithTemporal(timeZone, instant, tableAround)),
      {
        numRuns: 400,
      },
    );
    fc.assert(
      fc.property(zone, instantArb, (timeZone, instant) =>
        agreesWithTemporal(timeZone, instant, tableAround),
      ),
      {
        numRuns: 200,
      },
    );
  });

  it('reads wall times near the changes as Temporal does: first occurrence, none in a gap', {
    timeout: 120_000,
  }, () => {
    const clocks = new Map(AWKWARD_ZONES.map((zone) => [zone, new ZoneClock(zone, buildZoneRules(zone))]));
    const nearChange = fc.constantFrom(...AWKWARD_ZONES).chain((timeZone) => {
      const changes = temporalChanges(timeZone, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
      const dates =
        changes.length > 0
          ? changes.map(([at]) => new Date(at * 1000).toISOString().slice(0, 10))
          : ['2026-06-01'];
      return fc.record({
        timeZone: fc.constant(timeZone),
        date: fc
          .constantFrom(...dates)
          .chain((d) =>
            fc
              .integer({ min: -1, max: 1 })
              .map((k) => Temporal.PlainDate.from(d).add({ days: k }).toString()),
          ),
        minuteOfDay: fc.integer({ min: 0, max: 24 * 60 }),
      });
    });
    fc.assert(
      fc.property(nearChange, ({ timeZone, date, minuteOfDay }) => {
        const clock = clocks.get(timeZone) as ZoneClock;
        expect(clock.instantOf(date, minuteOfDay)).toBe(temporalInstantOf(timeZone, date, minuteOfDay));
      }),
      { numRuns: 600 },
    );
  });

  it('asks ICU nothing for an instant inside it, and everything outside it', () => {
    const timeZone = 'America/Chicago';
    const rules = buildZoneRules(timeZone, Date.UTC(2020, 0, 1), Date.UTC(2030, 0, 1));
    const formatToParts = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    const constructed = vi.spyOn(Intl, 'DateTimeFormat');
    const clock = new ZoneClock(timeZone, rules);
    // A search as the slot engine makes it: every quarter hour of two months, across the March change.
    for (let day = 0; day < 60; day++) {
      const date = Temporal.PlainDate.from('2026-02-15').add({ days: day }).toString();
      for (let minute = 0; minute <= 24 * 60; minute += 15) {
        const instant = clock.boundaryOf(date, minute);
        clock.format(instant);
        clock.localDateOf(instant);
      }
    }
    expect(clock.format(Date.parse('2026-03-08T08:00:00Z'))).toBe('2026-03-08T03:00:00-05:00');
    expect(clock.instantOf('2026-03-08', 2 * 60 + 30)).toBeUndefined();
    expect(constructed).not.toHaveBeenCalled();
    expect(formatToParts).not.toHaveBeenCalled();
    // Outside the table, the zone's data answers.
    expect(clock.format(Date.parse('2035-07-01T12:00:00Z'))).toBe('2035-07-01T07:00:00-05:00');
    expect(clock.offsetAt(Date.parse('2019-12-31T23:59:59Z'))).toBe(-6 * 3_600_000);
    expect(formatToParts).toHaveBeenCalled();
  });

  it("is ignored by the clock of another zone, which reads that zone's own offsets", () => {
    const clock = new ZoneClock('Europe/London', buildZoneRules('Asia/Kolkata', 0, Date.UTC(2000, 0, 1)));
    expect(clock.format(Date.parse('1990-07-01T12:00:00Z'))).toBe('1990-07-01T13:00:00+01:00');
    expect(() => new ZoneClock('Mars/Olympus_Mons', buildZoneRules('UTC', 0, 86_400_000))).toThrow(
      RangeError,
    );
  });

  it("written as a bundle's module, answers the table of its zone and nothing for any other", async () => {
    type Module = { bakedZoneRules(timeZone: string): ZoneRules | undefined };
    const module = (await import(zoneRulesModule('America/New_York'))) as Module;
    expect(module.bakedZoneRules('America/New_York')).toEqual(buildZoneRules('America/New_York'));
    expect(module.bakedZoneRules('America/Chicago')).toBeUndefined();
  });
});
