// The deal of booking days between the test files (bookings-support.ts), on dates of its own
// rather than the real clock's, so a Friday afternoon's case is checked on every day of the week.
import { describe, expect, it } from 'vitest';
import { addDays, type LocalDate, weekdayOf } from '../../../shared/core/scheduling/time.ts';
import {
  BOOKING_TEST_FILES,
  type BookingTestFile,
  daysFor,
  isOpenWeekday,
  undealtDays,
} from './bookings-support.ts';

const FILES: readonly BookingTestFile[] = [...BOOKING_TEST_FILES, 'browser', 'staff-bookings'];

describe('the days the console journeys book on (undealtDays)', () => {
  it('are today and the next two when one of those is an open weekday', () => {
    expect(undealtDays('2026-12-03')).toEqual(['2026-12-03', '2026-12-04', '2026-12-05']); // Thu
    expect(undealtDays('2026-12-05')).toEqual(['2026-12-05', '2026-12-06', '2026-12-07']); // Sat
  });

  it('reach the Monday on a Friday, when the next two days are the weekend', () => {
    expect(undealtDays('2026-12-04')).toEqual(['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07']);
  });

  it('hold an open weekday after today, and no test file is dealt one of them, whatever the day', () => {
    for (let offset = 0; offset < 70; offset++) {
      const today: LocalDate = addDays('2026-11-30', offset);
      const undealt = undealtDays(today);
      expect(undealt.slice(1).some(isOpenWeekday), today).toBe(true);
      const dealt = FILES.flatMap((file) => daysFor(file, undefined, today));
      expect(
        dealt.filter((day) => undealt.includes(day)),
        today,
      ).toEqual([]);
      expect(new Set(dealt).size, `${today}: a day dealt twice`).toBe(dealt.length);
      expect(dealt.filter((day) => !isOpenWeekday(day)).map((day) => `${day} ${weekdayOf(day)}`)).toEqual([]);
    }
  });
});
