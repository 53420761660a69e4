// A local calendar date written `YYYY-MM-DD`: the one check behind every place that takes one (the
// availability query, the clinic config's closures and time off, the slot engine's arguments), and
// the proleptic Gregorian arithmetic the scheduling clock does on it (days since 1970-01-01).
import * as z from './zod.ts';

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A local date and minute, `YYYY-MM-DDTHH:MM` (a closure's or time off's start and end). */
export const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d$/;
const DAY_MS = 86_400_000;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Whether `value` is a real calendar date written `YYYY-MM-DD`: nothing else (not `20261201`,
 * `+002026-12-01` or a date-time), with a month that exists and a day that month has.
 */
export function isLocalDate(value: string): boolean {
  if (!LOCAL_DATE.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] as number));
}

/** Days from 1970-01-01 to a date `isLocalDate` accepts (negative before it). */
export function epochDayOf(date: LocalDate): number {
  if (!isLocalDate(date)) throw new RangeError(`Not a local date: ${date}`);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  const midnight = new Date(0);
  midnight.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round(midnight.getTime() / DAY_MS);
}

/** `7` → `07`: the two-digit fields of dates and times. */
export const twoDigits = (value: number): string => (value < 10 ? `0${value}` : String(value));

/** The date a number of days from 1970-01-01 falls on; years outside 0000–9999 have no such text. */
export function localDateOfEpochDay(epochDay: number): LocalDate {
  const midnight = new Date(epochDay * DAY_MS);
  const year = midnight.getUTCFullYear();
  if (!(year >= 0 && year <= 9999))
    throw new RangeError(`No YYYY-MM-DD date ${epochDay} days from 1970-01-01`);
  return `${String(year).padStart(4, '0')}-${twoDigits(midnight.getUTCMonth() + 1)}-${twoDigits(midnight.getUTCDate())}`;
}

/**
 * A string that is a local date, with the audience's own words for a bad shape or a date that does
 * not exist (zod/mini; classic schemas take it as a field like any other).
 */
export function localDateString(
  messages: { readonly format: string; readonly calendar: string },
  description?: string,
) {
  return z.string().check(
    z.regex(LOCAL_DATE, messages.format),
    z.refine((value) => isLocalDate(value), messages.calendar),
    ...(description === undefined ? [] : [z.describe(description)]),
  );
}
