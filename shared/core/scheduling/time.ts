// Wall-clock time in the clinic's time zone, on Temporal, never the machine's own zone: instants
// are epoch milliseconds, local dates `YYYY-MM-DD` (Temporal.PlainDate's own text), and every
// fact about a date or a zone (its weekday, the date n days on, the instant of a wall time, an
// offset, a DST transition) is Temporal's, its `disambiguation` saying how gaps and overlaps read.
//
// What Temporal says about a date is kept. The slot engine asks about the same few dozen dates
// thousands of times a search, and asking Temporal every time was ~90x slower than the former
// hand-rolled clock (`npm run bench`, "listSlots 31 days, new-patient", p50: 0.53 ms before,
// 46 ms on Temporal alone). With these memos it is 0.29-0.34 ms, about 0.6x the former clock
// side by side in one process; every other case 0.7-0.86x.
import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS, type Weekday } from '../config/hours.ts';
import { isLocalDate, type LocalDate } from '../local-date.ts';

export { isLocalDate, type LocalDate } from '../local-date.ts';

export const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const MINUTE_NS = 60_000_000_000;
/** Dates in use cluster around today; the cap only keeps a long-lived process from hoarding. */
const MEMO_CAP = 20_000;

// ---- Local dates ----

/** A local date as Temporal reads it, with the shifted dates asked of it so far. */
interface CalendarDay {
  readonly plain: Temporal.PlainDate;
  readonly weekday: Weekday;
  readonly shifted: Map<number, LocalDate>;
}

const calendarDays = new Map<LocalDate, CalendarDay>();

function calendarDay(date: LocalDate): CalendarDay {
  let day = calendarDays.get(date);
  if (day === undefined) {
    if (!isLocalDate(date)) throw new RangeError(`Not a local date: ${date}`);
    const plain = Temporal.PlainDate.from(date);
    // Temporal counts Monday as 1, the order WEEKDAYS is written in.
    day = { plain, weekday: WEEKDAYS[plain.dayOfWeek - 1] as Weekday, shifted: new Map() };
    if (calendarDays.size >= MEMO_CAP) calendarDays.clear();
    calendarDays.set(date, day);
  }
  return day;
}

/** The later of two local dates (they compare as strings, which Math.max cannot do). */
export function laterDate(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b;
}

export function earlierDate(a: LocalDate, b: LocalDate): LocalDate {
  return a < b ? a : b;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const day = calendarDay(date);
  let shifted = day.shifted.get(days);
  if (shifted === undefined) {
    shifted = day.plain.add({ days }).toString();
    day.shifted.set(days, shifted);
  }
  return shifted;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return calendarDay(from).plain.until(calendarDay(to).plain).days;
}

export function weekdayOf(date: LocalDate): Weekday {
  return calendarDay(date).weekday;
}

/** `2026-12-24T12:00` → the date and the minutes since its midnight. */
export function parseLocalDateTime(value: string): { date: LocalDate; minuteOfDay: number } {
  const wall = Temporal.PlainDateTime.from(value, { overflow: 'reject' });
  return { date: wall.toPlainDate().toString(), minuteOfDay: wall.hour * 60 + wall.minute };
}

// ---- One zone's clock ----

/**
 * A local date on which the zone keeps one whole-minute UTC offset from 00:00 to 24:00 (most
 * dates of the year): there, the instant of a wall time is its midnight plus its minutes.
 */
interface SteadyDay {
  readonly date: LocalDate;
  /** The instant of its 00:00; its 24:00 comes 24 hours later. */
  readonly start: number;
  /** Its offset as RFC 3339 writes it: `-05:00`. */
  readonly offset: string;
}

/** Temporal's reading of one wall time: its first occurrence, or (in a gap) the end of the gap. */
interface WallReading {
  readonly instant: number;
  /** False in a gap: `instant` is then the end of the gap, not the wall time asked for. */
  readonly exists: boolean;
}

const two = (value: number) => (value < 10 ? `0${value}` : String(value));

/** One time zone's clock: wall times of local dates to instants and back. */
export class ZoneClock {
  /** Per local date: its steady day, or null when a transition touches it. */
  private readonly days = new Map<LocalDate, SteadyDay | null>();
  /** On the dates a transition touches (two a year, in most zones): Temporal's reading of each wall time asked. */
  private readonly readings = new Map<LocalDate, Map<number, WallReading>>();
  /** The steady days known, by the UTC days (epoch ms ÷ 24 h) they overlap: where an instant's day is found. */
  private readonly daysByUtcDay = new Map<number, SteadyDay[]>();

  constructor(readonly timeZone: string) {}

  /** The zone's UTC offset at an instant, in ms (east of UTC is positive). */
  offsetAt(instant: number): number {
    return this.zoned(instant).offsetNanoseconds / 1_000_000;
  }

  /** The local date of an instant. */
  localDateOf(instant: number): LocalDate {
    return this.steadyDayOf(instant)?.date ?? this.learnDayOf(this.zoned(instant));
  }

  /**
   * RFC 3339 with the zone's offset at that instant, to the second (`2026-12-01T09:00:00-05:00`).
   * Offsets are written to the minute, as RFC 3339 requires; for the few historical offsets
   * that had seconds, the local time is shifted with it, so the text still names the same instant
   * (Temporal would round the offset and keep the local time).
   */
  format(instant: number): string {
    const day = this.steadyDayOf(instant);
    if (day) {
      const second = Math.floor((instant - day.start) / 1000);
      return `${day.date}T${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}${day.offset}`;
    }
    let zoned = this.zoned(instant);
    this.learnDayOf(zoned);
    if (zoned.offsetNanoseconds % MINUTE_NS !== 0) {
      const minutes = Math.round(zoned.offsetNanoseconds / MINUTE_NS);
      const abs = Math.abs(minutes);
      zoned = zoned.withTimeZone(`${minutes < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`);
    }
    return zoned.toString({ smallestUnit: 'second', timeZoneName: 'never' });
  }

  /**
   * The instant of a local wall-clock time, or `undefined` when that time does not exist (it
   * falls in a spring-forward gap). An ambiguous time (fall-back) is taken at its first
   * occurrence. `minuteOfDay` may be 1440 (the next day's midnight).
   */
  instantOf(date: LocalDate, minuteOfDay: number): number | undefined {
    const steady = this.steadyInstant(date, minuteOfDay);
    if (steady !== undefined) return steady;
    const reading = this.reading(date, minuteOfDay);
    return reading.exists ? reading.instant : undefined;
  }

  /**
   * The instant a local boundary (an opening time, a closure's start or end) stands for. A time
   * inside a spring-forward gap stands for the end of the gap: every wall time at or after it
   * that exists comes after that instant. Ambiguous times are taken at their first occurrence.
   */
  boundaryOf(date: LocalDate, minuteOfDay: number): number {
    return this.steadyInstant(date, minuteOfDay) ?? this.reading(date, minuteOfDay).instant;
  }

  private zoned(instant: number): Temporal.ZonedDateTime {
    return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(this.timeZone);
  }

  /** The wall time and Temporal's instant for it with `disambiguation: 'earlier'`. */
  private firstOccurrence(
    date: LocalDate,
    minuteOfDay: number,
  ): { wall: Temporal.PlainDateTime; first: Temporal.ZonedDateTime } {
    const wall = calendarDay(date).plain.toPlainDateTime().add({ minutes: minuteOfDay });
    return { wall, first: wall.toZonedDateTime(this.timeZone, { disambiguation: 'earlier' }) };
  }

  private steadyInstant(date: LocalDate, minuteOfDay: number): number | undefined {
    if (minuteOfDay < 0 || minuteOfDay > 24 * 60) return undefined;
    const day = this.steadyDay(date);
    return day ? day.start + minuteOfDay * MINUTE_MS : undefined;
  }

  private reading(date: LocalDate, minuteOfDay: number): WallReading {
    let readings = this.readings.get(date);
    if (!readings) {
      if (this.readings.size >= MEMO_CAP) this.readings.clear();
      readings = new Map();
      this.readings.set(date, readings);
    }
    let reading = readings.get(minuteOfDay);
    if (!reading) {
      const { wall, first } = this.firstOccurrence(date, minuteOfDay);
      // Inside a gap, 'earlier' answers a wall time before it: not the time asked for.
      if (first.toPlainDateTime().equals(wall)) reading = { instant: first.epochMilliseconds, exists: true };
      else {
        const endOfGap = first.getTimeZoneTransition('next');
        if (!endOfGap)
          throw new Error(`No instant found for ${date} minute ${minuteOfDay} in ${this.timeZone}`);
        reading = { instant: endOfGap.epochMilliseconds, exists: false };
      }
      readings.set(minuteOfDay, reading);
    }
    return reading;
  }

  private steadyDay(date: LocalDate): SteadyDay | null {
    let day = this.days.get(date);
    if (day === undefined) {
      day = this.learnDay(date);
      if (this.days.size >= MEMO_CAP) {
        this.days.clear();
        this.daysByUtcDay.clear();
      }
      this.days.set(date, day);
      if (day) {
        for (const utcDay of [
          Math.floor(day.start / DAY_MS),
          Math.floor((day.start + DAY_MS - 1) / DAY_MS),
        ]) {
          const list = this.daysByUtcDay.get(utcDay) ?? [];
          if (!list.includes(day)) list.push(day);
          this.daysByUtcDay.set(utcDay, list);
        }
      }
    }
    return day;
  }

  /** Learns the day an instant falls on, so the next instants of that day are found without Temporal. */
  private learnDayOf(zoned: Temporal.ZonedDateTime): LocalDate {
    const date = zoned.toPlainDate().toString();
    this.steadyDay(date);
    return date;
  }

  /** The steady day that holds an instant, among those learned. */
  private steadyDayOf(instant: number): SteadyDay | undefined {
    for (const day of this.daysByUtcDay.get(Math.floor(instant / DAY_MS)) ?? []) {
      if (instant >= day.start && instant < day.start + DAY_MS) return day;
    }
    return undefined;
  }

  /** Asks Temporal whether the date is steady: its 00:00 exists, once, and no transition comes before its 24:00. */
  private learnDay(date: LocalDate): SteadyDay | null {
    const { wall, first } = this.firstOccurrence(date, 0);
    if (!first.toPlainDateTime().equals(wall) || first.offsetNanoseconds % MINUTE_NS !== 0) return null;
    const start = first.epochMilliseconds;
    // A transition at 24:00 itself counts: that instant's wall time is then not 24:00.
    const transition = first.getTimeZoneTransition('next');
    if (transition && transition.epochMilliseconds <= start + DAY_MS) return null;
    return { date, start, offset: first.offset };
  }
}

const clocks = new Map<string, ZoneClock>();

/** The shared clock of a zone (what it learns of its dates is kept for the life of the process). */
export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new ZoneClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

/** RFC 3339 with the zone's UTC offset at that instant, to the second. */
export function formatInstant(instant: Date, timeZone: string): string {
  return zoneClock(timeZone).format(instant.getTime());
}

/** The local date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return zoneClock(timeZone).localDateOf(instant.getTime());
}
