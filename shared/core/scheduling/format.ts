// How booking times read to people: in the clinic's time zone, US English. (Phone numbers read
// as the contact form's do: shared/core/inquiries/format.ts.)
export { displayPhone } from '../inquiries/format.ts';

function parts(instant: Date, timeZone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat('en-US', { ...options, timeZone }).formatToParts(instant)) {
    out[part.type] = part.value;
  }
  return out;
}

/** "Tue, Dec 1 at 9:00 AM": short enough for a subject line, no zone (it is the clinic's). */
export function shortWhen(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  });
  return `${p.weekday}, ${p.month} ${p.day} at ${p.hour}:${p.minute} ${p.dayPeriod}`;
}

/** "Tuesday, December 1, 2026, 9:00 AM – 9:45 AM EST". */
export function longWhen(start: Date, end: Date, timeZone: string): string {
  const s = parts(start, timeZone, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  });
  const e = parts(end, timeZone, { hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' });
  return `${s.weekday}, ${s.month} ${s.day}, ${s.year}, ${s.hour}:${s.minute} ${s.dayPeriod} – ${e.hour}:${e.minute} ${e.dayPeriod} ${e.timeZoneName}`;
}

/** "24 hours", "2 days", "90 minutes". */
export function describeMinutes(minutes: number): string {
  if (minutes > 0 && minutes % 1440 === 0) return minutes === 1440 ? '24 hours' : `${minutes / 1440} days`;
  if (minutes > 0 && minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
