// An instant in a zone in the shape ical-generator takes a Temporal.ZonedDateTime in: its exported
// stub types, filled in from the scheduling clock (a native Date would be written in the machine's
// own zone, and temporal-polyfill would add 54 KB to every bundle that writes an invite).
// test/unit/scheduling/ical-time.test.ts holds ical-generator's output for these to its output for
// real Temporal values.
import type {
  ICalTemporalInstantStub,
  ICalTemporalPlainDateStub,
  ICalTemporalPlainDateTimeStub,
  ICalTemporalZonedDateTimeStub,
} from 'ical-generator';
import { localDateOfEpochDay, twoDigits as pad } from '../local-date.ts';
import { zoneClock } from '../scheduling/time.ts';

function instantStub(epochMilliseconds: number): ICalTemporalInstantStub {
  const text = new Date(epochMilliseconds).toISOString().replace('.000Z', 'Z');
  return {
    epochMilliseconds,
    toJSON: () => text,
    toString: () => text,
    toZonedDateTimeISO: (timeZone) => zonedDateTime(epochMilliseconds, timeZone),
  };
}

/** The wall time of `epochMilliseconds` in `timeZone`, with the instant and zone it came from. */
export function zonedDateTime(epochMilliseconds: number, timeZone: string): ICalTemporalZonedDateTimeStub {
  const clock = zoneClock(timeZone);
  const offset = clock.offsetAt(epochMilliseconds);
  const wall = new Date(epochMilliseconds + offset);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + 1;
  const day = wall.getUTCDate();
  const hour = wall.getUTCHours();
  const minute = wall.getUTCMinutes();
  const second = wall.getUTCSeconds();
  const dateText = localDateOfEpochDay(Math.floor(wall.getTime() / 86_400_000));
  const wallText = `${dateText}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
  // Only written when asked for (ical-generator never asks): the clock's RFC 3339 text and the zone.
  const zonedText = () => `${clock.format(epochMilliseconds)}[${timeZone}]`;
  const plainDate: ICalTemporalPlainDateStub = {
    year,
    month,
    day,
    toJSON: () => dateText,
    toString: () => dateText,
  };
  const fields = { year, month, day, hour, minute, second };
  const plainDateTime: ICalTemporalPlainDateTimeStub = {
    ...fields,
    toJSON: () => wallText,
    toString: () => wallText,
    toPlainDate: () => plainDate,
    // The same wall time read in another zone (first occurrence; in a gap, the end of the gap).
    toZonedDateTime: (zone) =>
      zonedDateTime(zoneClock(zone).boundaryOf(dateText, hour * 60 + minute) + second * 1000, zone),
  };
  return {
    ...fields,
    timeZoneId: timeZone,
    toJSON: zonedText,
    toString: zonedText,
    toInstant: () => instantStub(epochMilliseconds),
    toPlainDateTime: () => plainDateTime,
    withTimeZone: (zone) => zonedDateTime(epochMilliseconds, zone),
  };
}
