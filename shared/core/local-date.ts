// A local calendar date written `YYYY-MM-DD`: the one check behind every place that takes one (the
// availability query, the clinic config's closures and time off, the slot engine's arguments).
import { Temporal } from 'temporal-polyfill';
import * as z from './zod.ts';

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether `value` is a real calendar date written `YYYY-MM-DD`. The shape is checked first:
 * Temporal alone would also take `20261201`, `+002026-12-01` or a date-time.
 */
export function isLocalDate(value: string): boolean {
  if (!LOCAL_DATE.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
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
