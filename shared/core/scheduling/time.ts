// Wall-clock arithmetic in the clinic's time zone, without ever touching the machine's own zone:
// instants are epoch milliseconds, local dates are `YYYY-MM-DD` strings, and the zone's offsets
// come from Temporal, read once per offset period and cached, so that a month of candidate slots
// costs arithmetic rather than thousands of time-zone conversions.
import { Temporal } from 'temporal-polyfill';
import type { Weekday } from '../config/hours.ts';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;
/** Every UTC offset in use lies well inside ±26 h; wall times further away cannot be involved. */
const OFFSET_REACH_MS = 26 * 60 * MINUTE_MS;

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;
const WEEKDAY_BY_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const wallEpochs = new Map<LocalDate, number>();

/** Epoch ms of the date's midnight read as if it were UTC: the base of wall-clock arithmetic. */
export function wallEpochOfDate(date: LocalDate): number {
  let epoch = wallEpochs.get(date);
  if (epoch === undefined) {
    const match = LOCAL_DATE.exec(date);
    if (!match) throw new RangeError(`Not a local date: ${date}`);
    epoch = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    // Dates in use cluster around today; the cap only keeps a long-lived process from hoarding.
    if (wallEpochs.size >= 20_000) wallEpochs.clear();
    wallEpochs.set(date, epoch);
  }
  return epoch;
}

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * `YYYY-MM-DDTHH:MM:SS` of a wall epoch (ms since 1970-01-01T00:00 on the wall clock), by integer
 * arithmetic: formatting is the engine's most repeated step, and Date#toISOString was half its time.
 * Days to civil date after Howard Hinnant's `civil_from_days`.
 */
function formatWallTime(wallEpoch: number): string {
  const days = Math.floor(wallEpoch / DAY_MS);
  const secondOfDay = Math.floor((wallEpoch - days * DAY_MS) / 1000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(wallEpoch).toISOString().slice(0, 19);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const second = secondOfDay % 60;
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}`;
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(value: string): boolean {
  if (!LOCAL_DATE.test(value)) return false;
  return dateOfWallEpoch(wallEpochOfDate(value)) === value;
}

function dateOfWallEpoch(wallEpoch: number): LocalDate {
  return new Date(wallEpoch).toISOString().slice(0, 10);
}

/** The later of two local dates (they compare as strings, which Math.max cannot do). */
export function laterDate(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b;
}

export function earlierDate(a: LocalDate, b: LocalDate): LocalDate {
  return a < b ? a : b;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfWallEpoch(wallEpochOfDate(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((wallEpochOfDate(to) - wallEpochOfDate(from)) / DAY_MS);
}

export function weekdayOf(date: LocalDate): Weekday {
  return WEEKDAY_BY_UTC_DAY[new Date(wallEpochOfDate(date)).getUTCDay()] as Weekday;
}

/** `2026-12-24T12:00` → the date and the minutes since its midnight. */
export function parseLocalDateTime(value: string): { date: LocalDate; minuteOfDay: number } {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) throw new RangeError(`Not a local date-time: ${value}`);
  return { date: match[1] as string, minuteOfDay: Number(match[2]) * 60 + Number(match[3]) };
}

/** A stretch of time over which the zone keeps one UTC offset: [from, until). */
interface OffsetPeriod {
  readonly from: number;
  readonly until: number;
  readonly offsetMs: number;
}

/**
 * One time zone's clock. Offsets are looked up in a sorted list of offset periods, each learned
 * from Temporal once (a DST zone has two a year), so converting is a binary search plus arithmetic.
 */
export class ZoneClock {
  private readonly periods: OffsetPeriod[] = [];
  /** Per local date: its one UTC offset, or null when the offset changes near that date. */
  private readonly steadyOffsets = new Map<LocalDate, number | null>();

  constructor(readonly timeZone: string) {}

  /** The zone's UTC offset at an instant, in ms (east of UTC is positive). */
  offsetAt(instant: number): number {
    return this.periodAt(instant).offsetMs;
  }

  /** The local date of an instant. */
  localDateOf(instant: number): LocalDate {
    return dateOfWallEpoch(instant + this.offsetAt(instant));
  }

  /**
   * RFC 3339 with the zone's offset at that instant, to the second (`2026-12-01T09:00:00-05:00`).
   * Offsets are written to the minute, as RFC 3339 requires; for the few historical offsets
   * that had seconds, the local time is shifted with it, so the text still names the same instant.
   */
  format(instant: number): string {
    const offsetMinutes = Math.round(this.offsetAt(instant) / MINUTE_MS);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    return `${formatWallTime(instant + offsetMinutes * MINUTE_MS)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  }

  /**
   * The instant of a local wall-clock time, or `undefined` when that time does not exist (it
   * falls in a spring-forward gap). An ambiguous time (fall-back) is taken at its first
   * occurrence. `minuteOfDay` may be 1440 (the next day's midnight).
   */
  instantOf(date: LocalDate, minuteOfDay: number): number | undefined {
    const steady = this.steadyOffsetOf(date);
    if (steady !== null && minuteOfDay >= 0 && minuteOfDay <= 24 * 60) {
      return wallEpochOfDate(date) + minuteOfDay * MINUTE_MS - steady;
    }
    const wall = wallEpochOfDate(date) + minuteOfDay * MINUTE_MS;
    let earliest: number | undefined;
    for (const period of this.periodsAround(wall)) {
      const instant = wall - period.offsetMs;
      if (
        instant >= period.from &&
        instant < period.until &&
        (earliest === undefined || instant < earliest)
      ) {
        earliest = instant;
      }
    }
    return earliest;
  }

  /**
   * The instant a local boundary (an opening time, a closure's start or end) stands for. A time
   * inside a spring-forward gap stands for the end of the gap: every wall time at or after it
   * that exists comes after that instant. Ambiguous times are taken at their first occurrence.
   */
  boundaryOf(date: LocalDate, minuteOfDay: number): number {
    const exact = this.instantOf(date, minuteOfDay);
    if (exact !== undefined) return exact;
    const wall = wallEpochOfDate(date) + minuteOfDay * MINUTE_MS;
    const periods = this.periodsAround(wall);
    for (let i = 1; i < periods.length; i++) {
      const before = periods[i - 1] as OffsetPeriod;
      const after = periods[i] as OffsetPeriod;
      const transition = after.from;
      if (wall >= transition + before.offsetMs && wall < transition + after.offsetMs) return transition;
    }
    throw new Error(`No instant found for ${date} minute ${minuteOfDay} in ${this.timeZone}`);
  }

  /**
   * The date's offset when one offset period covers every instant its wall times (00:00 to
   * 24:00) could stand for; most dates of the year, where conversion is a subtraction.
   */
  private steadyOffsetOf(date: LocalDate): number | null {
    let steady = this.steadyOffsets.get(date);
    if (steady === undefined) {
      const midnight = wallEpochOfDate(date);
      const periods = this.periodsAround(midnight);
      const last = periods.at(-1) as OffsetPeriod;
      steady =
        periods.length === 1 && last.until > midnight + DAY_MS + OFFSET_REACH_MS ? last.offsetMs : null;
      this.steadyOffsets.set(date, steady);
    }
    return steady;
  }

  /** The offset periods that overlap [wall − 26 h, wall + 26 h], in order. */
  private periodsAround(wall: number): OffsetPeriod[] {
    const periods: OffsetPeriod[] = [];
    let period = this.periodAt(wall - OFFSET_REACH_MS);
    periods.push(period);
    while (period.until <= wall + OFFSET_REACH_MS) {
      period = this.periodAt(period.until);
      periods.push(period);
    }
    return periods;
  }

  private periodAt(instant: number): OffsetPeriod {
    const periods = this.periods;
    let low = 0;
    let high = periods.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const period = periods[mid] as OffsetPeriod;
      if (instant < period.from) high = mid;
      else if (instant >= period.until) low = mid + 1;
      else return period;
    }
    const learned = this.learnPeriod(instant);
    periods.splice(low, 0, learned);
    return learned;
  }

  private learnPeriod(instant: number): OffsetPeriod {
    const zoned = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(this.timeZone);
    // 'previous' looks strictly before its instant; asking from 1 ms later also finds a
    // transition that happens exactly at `instant` (transitions fall on whole seconds).
    const previous = Temporal.Instant.fromEpochMilliseconds(instant + 1)
      .toZonedDateTimeISO(this.timeZone)
      .getTimeZoneTransition('previous');
    const next = zoned.getTimeZoneTransition('next');
    return {
      from: previous ? previous.epochMilliseconds : Number.NEGATIVE_INFINITY,
      until: next ? next.epochMilliseconds : Number.POSITIVE_INFINITY,
      offsetMs: zoned.offsetNanoseconds / 1_000_000,
    };
  }
}

const clocks = new Map<string, ZoneClock>();

/** The shared clock of a zone (its learned offsets are kept for the life of the process). */
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
