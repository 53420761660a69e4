// Temporal as the oracle of the zone clock (shared/core/scheduling/time.ts), for the tests of the
// clock from ICU (test/unit/scheduling/time.test.ts) and from a table (zone-rules.test.ts).
import { Temporal } from 'temporal-polyfill';
import { expect } from 'vitest';
import { ZoneClock } from '../../shared/core/scheduling/time.ts';

// Zones chosen for their awkward changes: 30-minute DST (Lord Howe), :45 offsets (Chatham),
// half-hour offsets (St John's, Kolkata), DST at midnight (Havana, Beirut: Beirut's clock falls
// back from 00:00 to 23:00 of the day before) and a zone that never changes (UTC).
export const AWKWARD_ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Kolkata',
  'America/Havana',
  'Asia/Beirut',
  'UTC',
] as const;

/** The same wall time as Temporal resolves it: first occurrence, or undefined inside a gap. */
export function temporalInstantOf(timeZone: string, date: string, minuteOfDay: number): number | undefined {
  const wall = Temporal.PlainDate.from(date).toPlainDateTime().add({ minutes: minuteOfDay });
  const earlier = wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  return earlier.toPlainDateTime().equals(wall) ? earlier.epochMilliseconds : undefined;
}

/** A fresh clock (`clockOf`, by default one from ICU) answers as Temporal does about an instant, and about its wall time back. */
export function agreesWithTemporal(
  timeZone: string,
  instant: number,
  clockOf: (timeZone: string, instant: number) => ZoneClock = (zone) => new ZoneClock(zone),
): void {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
  const clock = clockOf(timeZone, instant);
  expect(clock.offsetAt(instant)).toBe(zoned.offsetNanoseconds / 1e6);
  expect(clock.localDateOf(instant)).toBe(zoned.toPlainDate().toString());
  // The text always names the instant; where the offset has seconds (Monrovia until 1972),
  // Temporal's would not (it rounds the offset and keeps the local time), so it differs there.
  expect(Date.parse(clock.format(instant))).toBe(instant);
  if (zoned.offsetNanoseconds % 60e9 === 0)
    expect(clock.format(instant)).toBe(zoned.toString({ smallestUnit: 'second', timeZoneName: 'never' }));
  const date = zoned.toPlainDate().toString();
  const minuteOfDay = zoned.hour * 60 + zoned.minute;
  expect(clock.instantOf(date, minuteOfDay)).toBe(temporalInstantOf(timeZone, date, minuteOfDay));
}
