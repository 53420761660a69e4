// The console's dates and times: the clinic's zone, never the browser's; DST days as the engine has them.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateIn,
  formatShortDateTime,
  formatTime,
  formatTimeRange,
  historyLabel,
  humanize,
  isLocalDate,
  wallClockTime,
  wallClockToInstant,
  weekStart,
} from '../../../console/src/format.ts';

const NY = 'America/New_York';

describe('console dates', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('starts weeks on Monday', () => {
    expect(weekStart('2026-12-01')).toBe('2026-11-30'); // a Tuesday
    expect(weekStart('2026-11-30')).toBe('2026-11-30'); // the Monday itself
    expect(weekStart('2026-12-06')).toBe('2026-11-30'); // the Sunday after
  });

  it('tells real calendar dates from look-alikes', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2026-2-3')).toBe(false);
  });

  it('puts an instant on the clinic’s calendar date, not UTC’s', () => {
    // 03:30 UTC on Dec 2 is still Dec 1 in New York.
    expect(dateIn('2026-12-02T03:30:00Z', NY)).toBe('2026-12-01');
    expect(dateIn('2026-12-02T03:30:00Z', 'Europe/Berlin')).toBe('2026-12-02');
  });

  it('shows times in the clinic’s zone', () => {
    expect(formatTime('2026-12-01T14:00:00Z', NY)).toBe('9:00 AM');
    expect(formatTimeRange('2026-12-01T14:00:00Z', '2026-12-01T14:45:00Z', NY)).toBe('9:00 AM – 9:45 AM');
    expect(wallClockTime('2026-12-01T14:05:00Z', NY)).toBe('09:05');
    // When the patient confirmed, as the agenda says it: the clinic's date and time, no year.
    expect(formatShortDateTime('2026-12-01T03:30:00Z', NY)).toBe('Nov 30, 10:30 PM');
  });
});

describe('a wall-clock time in the clinic’s zone as an instant', () => {
  it('carries the offset of that date', () => {
    expect(wallClockToInstant('2026-12-01', '13:00', NY)).toBe('2026-12-01T13:00:00-05:00');
    expect(wallClockToInstant('2026-07-01', '13:00', NY)).toBe('2026-07-01T13:00:00-04:00');
    expect(wallClockToInstant('2026-07-01', '13:00', 'Asia/Kolkata')).toBe('2026-07-01T13:00:00+05:30');
  });

  it('takes an ambiguous time (clocks go back) at its first occurrence', () => {
    expect(wallClockToInstant('2026-11-01', '01:30', NY)).toBe('2026-11-01T01:30:00-04:00');
  });

  it('moves a time the clock skips (clocks go forward) past the gap', () => {
    expect(wallClockToInstant('2026-03-08', '02:30', NY)).toBe('2026-03-08T03:30:00-04:00');
  });
});

describe('words for machine words', () => {
  it('uses the known label, else spaces and a capital', () => {
    expect(humanize('no_show')).toBe('No-show');
    expect(humanize('booking_confirmation')).toBe('Booking confirmation');
    expect(humanize('booking.rescheduled')).toBe('Booking rescheduled');
  });

  it('says what a booking’s history entry did: the patient’s confirmation is not the status', () => {
    expect(historyLabel('confirmed')).toBe('Confirmed attendance');
    expect(historyLabel('cancelled')).toBe('Cancelled');
    expect(historyLabel('no_show')).toBe('No-show');
  });
});
