// The staff routes' `from`..`to` of local dates: one message for a malformed date, one check that
// the range is in order and not too long (both days counted; the errors name `to`).
import { localDateString } from '../local-date.ts';
import { daysBetween, isLocalDate } from '../scheduling/time.ts';
import * as z from '../zod.ts';

export const localDate = localDateString({
  format: 'Enter a date as YYYY-MM-DD',
  calendar: 'Enter a real calendar date',
});

type Range = { from?: string | undefined; to?: string | undefined };
// Only two real dates can be compared; a malformed one already has its own message.
const bothDates = (q: Range) =>
  q.from !== undefined && q.to !== undefined && isLocalDate(q.from) && isLocalDate(q.to);

export function checkedRange<S extends z.ZodMiniType<Range>>(schema: S, maxDays: number): S {
  return schema.check(
    z.refine((q: Range) => !bothDates(q) || (q.to as string) >= (q.from as string), {
      path: ['to'],
      message: 'Must be on or after from',
    }),
    z.refine(
      (q: Range) =>
        !bothDates(q) ||
        (q.to as string) < (q.from as string) ||
        daysBetween(q.from as string, q.to as string) < maxDays,
      { path: ['to'], message: `The range may span at most ${maxDays} days` },
    ),
  );
}
