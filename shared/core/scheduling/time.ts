// Wall-clock time in the clinic's time zone, never the machine's own zone: instants are epoch
// milliseconds, local dates `YYYY-MM-DD`. What a zone says (its offset at an instant) comes from
// the runtime's `Intl.DateTimeFormat`, the IANA data Node ships in its ICU: the same source
// temporal-polyfill reads. Temporal itself is not used here because the polyfill is 54 KB of every
// scheduling route's bundle (the 250 KB budget in `npm run bench`) and Node 24 has no Temporal;
// test/unit/scheduling/time.test.ts holds this clock to Temporal, instant by instant, in the zones
// with the awkward changes (30-minute DST, :45 offsets, DST at midnight, a clock that falls back
// across midnight).
//
// A deployed bundle carries the clinic's zone as a table of offset changes read at synth
// (`#zone-rules`, zone-rules.ts): within it the offsets come from the table and ICU's time-zone
// data is never loaded; outside it, and for any other zone, from `Intl.DateTimeFormat`.
//
// A wall time's instant is found the way Temporal's `disambiguation: 'earlier'` finds it: of the
// zone's offsets a day before and a day after, the larger one that gives back the wall time (the
// first occurrence of an ambiguous time); when neither does, the time is in a gap, whose end is
// found by bisecting the offsets between the two candidates. This assumes no two offset changes
// within two days of each other, which the tz database has not had since 1970 in any zone (a
// test checks it against the runtime's data).
//
// What is learned about a date is kept. The slot engine asks about the same few dozen dates
// thousands of times a search; on a "steady" date (one whole-minute offset from 00:00 to 24:00, most
// dates of the year) a wall time's instant is its midnight plus its minutes, with no zone lookup.
import { bakedZoneRules, type ZoneRules } from '#zone-rules';
import { WEEKDAYS, type Weekday } from '../config/hours.ts';
import {
  epochDayOf,
  isLocalDate,
  LOCAL_DATE_TIME,
  type LocalDate,
  localDateOfEpochDay,
  twoDigits as two,
} from '../local-date.ts';

export { isLocalDate, type LocalDate } from '../local-date.ts';

export const MINUTE_MS = 60_000;
const SECOND_MS = 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Dates in use cluster around today; the cap only keeps a long-lived process from hoarding. */
const MEMO_CAP = 20_000;

// ---- Local dates ----

/** A local date's day number and weekday, with the shifted dates asked of it so far. */
interface CalendarDay {
  readonly epochDay: number;
  readonly weekday: Weekday;
  readonly shifted: Map<number, LocalDate>;
}

const calendarDays = new Map<LocalDate, CalendarDay>();

function calendarDay(date: LocalDate): CalendarDay {
  let day = calendarDays.get(date);
  if (day === undefined) {
    const epochDay = epochDayOf(date);
    // 1970-01-01 was a Thursday; WEEKDAYS starts on Monday.
    const weekday = WEEKDAYS[(((epochDay + 3) % 7) + 7) % 7] as Weekday;
    day = { epochDay, weekday, shifted: new Map() };
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
    shifted = localDateOfEpochDay(day.epochDay + days);
    day.shifted.set(days, shifted);
  }
  return shifted;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return calendarDay(to).epochDay - calendarDay(from).epochDay;
}

export function weekdayOf(date: LocalDate): Weekday {
  return calendarDay(date).weekday;
}

/** `2026-12-24T12:00` → the date and the minutes since its midnight. */
export function parseLocalDateTime(value: string): { date: LocalDate; minuteOfDay: number } {
  const date = value.slice(0, 10);
  if (!LOCAL_DATE_TIME.test(value) || !isLocalDate(date))
    throw new RangeError(`Not a local date-time: ${value}`);
  return { date, minuteOfDay: Number(value.slice(11, 13)) * 60 + Number(value.slice(14, 16)) };
}

// ---- A zone's offsets ----

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError for a zone the runtime does not know, as Temporal does. */
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The zone's UTC offset at an instant, in ms (east of UTC is positive), to the second as tzdata
 * has it, as the runtime's ICU says. Exported for the table written at synth (infra/support/zone-rules.ts).
 */
export function icuOffsetOf(timeZone: string, instant: number): number {
  const second = Math.floor(instant / SECOND_MS) * SECOND_MS;
  const fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  let beforeCommonEra = false;
  for (const part of formatterOf(timeZone).formatToParts(second)) {
    if (part.type === 'era') beforeCommonEra = part.value.startsWith('B');
    else if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(beforeCommonEra ? 1 - fields.year : fields.year, fields.month - 1, fields.day);
  wall.setUTCHours(fields.hour % 24, fields.minute, fields.second);
  return wall.getTime() - second;
}

/** The offset a table gives an instant, or undefined outside it. */
function tableOffsetOf(rules: ZoneRules, instant: number): number | undefined {
  if (!(instant >= rules.from && instant < rules.until)) return undefined;
  const { changes, offsets } = rules;
  const second = Math.floor(instant / SECOND_MS);
  // The number of changes at or before the instant: offsets[that] holds.
  let low = 0;
  let high = changes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((changes[middle] as number) <= second) low = middle + 1;
    else high = middle;
  }
  const offset = offsets[low];
  return offset === undefined ? undefined : offset * SECOND_MS;
}

/** RFC 3339's text of a whole-minute offset: `-05:00`, `+00:00`. */
function offsetText(offsetMs: number): string {
  const minutes = Math.abs(Math.round(offsetMs / MINUTE_MS));
  return `${offsetMs < 0 ? '-' : '+'}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}

/** `HH:MM:SS` of the `ms`-th millisecond of a day (seconds truncated). */
function timeOfDayText(ms: number): string {
  const second = Math.floor(ms / SECOND_MS);
  return `${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}`;
}

/** The wall time of an instant at an offset, `YYYY-MM-DDTHH:MM:SS` (seconds truncated). */
function wallText(instant: number, offsetMs: number): string {
  const wall = instant + offsetMs;
  const epochDay = Math.floor(wall / DAY_MS);
  return `${localDateOfEpochDay(epochDay)}T${timeOfDayText(wall - epochDay * DAY_MS)}`;
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

/** One wall time read in the zone: its first occurrence, or (in a gap) the end of the gap. */
interface WallReading {
  readonly instant: number;
  /** False in a gap: `instant` is then the end of the gap, not the wall time asked for. */
  readonly exists: boolean;
}

/** One time zone's clock: wall times of local dates to instants and back. */
export class ZoneClock {
  /** Per local date: its steady day, or null when a transition touches it. */
  private readonly days = new Map<LocalDate, SteadyDay | null>();
  /** On the dates a transition touches (two a year, in most zones): each wall time asked, as read. */
  private readonly readings = new Map<LocalDate, Map<number, WallReading>>();
  /** The steady days known, by the UTC days (epoch ms ÷ 24 h) they overlap: where an instant's day is found. */
  private readonly daysByUtcDay = new Map<number, SteadyDay[]>();

  private readonly rules: ZoneRules | undefined;

  /**
   * `rules`: the zone's table of offsets, where one is known (a bundle's, for the clinic's zone);
   * without one, or outside it, the offsets come from ICU.
   */
  constructor(
    readonly timeZone: string,
    rules: ZoneRules | undefined = bakedZoneRules(timeZone),
  ) {
    this.rules = rules?.timeZone === timeZone ? rules : undefined;
    // Without a table, a zone the runtime does not know throws here, as Temporal does (a table
    // was read from the runtime's data, for a zone it knew).
    if (!this.rules) formatterOf(timeZone);
  }

  /** The zone's UTC offset at an instant, in ms (east of UTC is positive). */
  offsetAt(instant: number): number {
    return (this.rules && tableOffsetOf(this.rules, instant)) ?? icuOffsetOf(this.timeZone, instant);
  }

  /** The local date of an instant. */
  localDateOf(instant: number): LocalDate {
    return this.steadyDayOf(instant)?.date ?? this.learnDayOf(instant);
  }

  /**
   * RFC 3339 with the zone's offset at that instant, to the second (`2026-12-01T09:00:00-05:00`).
   * Offsets are written to the minute, as RFC 3339 requires; for the few historical offsets
   * that had seconds, the local time is shifted with it, so the text still names the same instant
   * (Temporal's own text rounds the offset and keeps the local time, naming another instant).
   */
  format(instant: number): string {
    const day = this.steadyDayOf(instant);
    if (day) return `${day.date}T${timeOfDayText(instant - day.start)}${day.offset}`;
    this.learnDayOf(instant);
    const offset = Math.round(this.offsetAt(instant) / MINUTE_MS) * MINUTE_MS;
    return `${wallText(instant, offset)}${offsetText(offset)}`;
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

  /** A wall time (ms as if the wall clock were UTC) read in the zone: see the head of this file. */
  private read(wall: number): WallReading {
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    // The same offset on both sides: no change in between (at most one in two days), nothing to check.
    if (before === after) return { instant: wall - before, exists: true };
    // The larger offset first: an ambiguous time's first occurrence is the earlier instant.
    for (const offset of before >= after ? [before, after] : [after, before]) {
      if (this.offsetAt(wall - offset) === offset) return { instant: wall - offset, exists: true };
    }
    // A gap: the offset is `before` at `wall - after` and `after` at `wall - before`; the change lies between.
    let low = wall - after;
    let high = wall - before;
    while (high - low > SECOND_MS) {
      const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
      if (this.offsetAt(middle) === before) low = middle;
      else high = middle;
    }
    return { instant: high, exists: false };
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
      reading = this.read(calendarDay(date).epochDay * DAY_MS + minuteOfDay * MINUTE_MS);
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

  /** Learns the day an instant falls on, so the next instants of that day are found without a zone lookup. */
  private learnDayOf(instant: number): LocalDate {
    const date = localDateOfEpochDay(Math.floor((instant + this.offsetAt(instant)) / DAY_MS));
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

  /**
   * Whether the date is steady: its 00:00 exists, its offset is whole minutes, and the offset is
   * the same at its 24:00 (a change at 24:00 itself counts: that instant's wall time is then not
   * 24:00). One change at most in two days means none between two instants of the same offset.
   */
  private learnDay(date: LocalDate): SteadyDay | null {
    const wall = calendarDay(date).epochDay * DAY_MS;
    const midnight = this.read(wall);
    if (!midnight.exists) return null;
    const start = midnight.instant;
    // An existing wall time's instant is the wall time less its offset.
    const offset = wall - start;
    if (offset % MINUTE_MS !== 0 || this.offsetAt(start + DAY_MS) !== offset) return null;
    return { date, start, offset: offsetText(offset) };
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
