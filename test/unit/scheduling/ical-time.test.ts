import fc from 'fast-check';
import { formatDate, ICalCalendar } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { zonedDateTime } from '../../../shared/core/messages/ical-time.ts';

// ical-generator takes a ZonedDateTime by its shape: what it writes for ours must be what it writes
// for Temporal's own, in the event's zone, in UTC and floating.
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kolkata',
  'UTC',
];
const zoneArb = fc.constantFrom(...ZONES);
/** 1970 … 2100, on whole seconds. */
const instantArb = fc.integer({ min: 0, max: 4_102_444_800 }).map((seconds) => seconds * 1000);

function temporal(instant: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
}

describe('zonedDateTime, as ical-generator reads it', () => {
  it('is written as Temporal.ZonedDateTime is, in any zone asked, floating or not, date only or not', () => {
    fc.assert(
      fc.property(
        zoneArb,
        zoneArb,
        instantArb,
        fc.boolean(),
        fc.boolean(),
        (zone, target, instant, dateOnly, floating) => {
          const ours = zonedDateTime(instant, zone);
          const theirs = temporal(instant, zone);
          expect(formatDate(target, ours, dateOnly, floating)).toBe(
            formatDate(target, theirs, dateOnly, floating),
          );
          expect(formatDate(null, ours, dateOnly, floating)).toBe(
            formatDate(null, theirs, dateOnly, floating),
          );
          expect(ours.toString()).toBe(theirs.toString());
          expect(ours.toPlainDateTime().toString()).toBe(theirs.toPlainDateTime().toString());
          expect(ours.toInstant().epochMilliseconds).toBe(instant);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives an event the same DTSTART and DTEND as Temporal values do', () => {
    const start = Date.parse('2026-03-08T06:30:00Z'); // 01:30 in New York, half an hour before the gap
    const end = start + 3_600_000; // 03:30 EDT
    const event = (value: (ms: number) => unknown) => {
      const calendar = new ICalCalendar();
      calendar.createEvent({
        id: 'x',
        stamp: new Date(0),
        start: value(start) as Temporal.ZonedDateTime,
        end: value(end) as Temporal.ZonedDateTime,
        timezone: 'America/New_York',
      });
      return calendar
        .toString()
        .split('\r\n')
        .filter((line) => /^DT(START|END)/.test(line));
    };
    const ours = event((ms) => zonedDateTime(ms, 'America/New_York'));
    expect(ours).toEqual([
      'DTSTART;TZID=America/New_York:20260308T013000',
      'DTEND;TZID=America/New_York:20260308T033000',
    ]);
    expect(ours).toEqual(event((ms) => temporal(ms, 'America/New_York')));
  });

  it('reads its wall time back into a zone as Temporal does (first occurrence; in a gap, its end)', () => {
    fc.assert(
      fc.property(zoneArb, zoneArb, instantArb, (zone, target, instant) => {
        const ours = zonedDateTime(instant, zone).toPlainDateTime().toZonedDateTime(target);
        const theirs = temporal(instant, zone)
          .toPlainDateTime()
          .toZonedDateTime(target, { disambiguation: 'compatible' });
        // 'compatible' takes a gap's time after the gap, as far on as the gap is long; ours takes its end.
        const wall = temporal(instant, zone).toPlainDateTime();
        if (theirs.toPlainDateTime().equals(wall))
          expect(ours.toInstant().epochMilliseconds).toBe(theirs.epochMilliseconds);
      }),
      { numRuns: 300 },
    );
  });
});
