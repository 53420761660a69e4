// Dates and times as the front desk reads them: always in the clinic's time zone (never the
// browser's), through Intl.DateTimeFormat; calendar dates (YYYY-MM-DD) are plain day arithmetic.

/** A calendar date in the clinic's time zone, as the API takes it: `YYYY-MM-DD`. */
export type LocalDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): value is LocalDate {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function toUtcNoon(date: LocalDate): Date {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
}

function fromUtc(date: Date): LocalDate {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const at = toUtcNoon(date);
  at.setUTCDate(at.getUTCDate() + days);
  return fromUtc(at);
}

/** The Monday of the week `date` is in (clinics plan their weeks Monday to Sunday). */
export function weekStart(date: LocalDate): LocalDate {
  const weekday = toUtcNoon(date).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

export function daysFrom(first: LocalDate, count: number): LocalDate[] {
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}

/** The calendar date an instant falls on in `timeZone`. */
export function dateIn(instant: Date | string, timeZone: string): LocalDate {
  // en-CA formats as YYYY-MM-DD, the one locale whose short date is ISO.
  return formatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );
}

export function todayIn(timeZone: string, now: Date = new Date()): LocalDate {
  return dateIn(now, timeZone);
}

/** "9:00 AM" (or "09:00" where the locale says so) in the clinic's zone. */
export function formatTime(instant: Date | string, timeZone: string, locale = 'en-US'): string {
  return formatter(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(instant));
}

export function formatTimeRange(start: string, end: string, timeZone: string, locale = 'en-US'): string {
  return `${formatTime(start, timeZone, locale)} – ${formatTime(end, timeZone, locale)}`;
}

/** "Tuesday, December 1, 2026": a date as a heading says it (the date alone, no zone involved). */
export function formatLongDate(date: LocalDate, locale = 'en-US'): string {
  return formatter(locale, {
    timeZone: 'UTC',
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
  }).format(toUtcNoon(date));
}

/** "Tue, Dec 1": a date in a week's column or a list. */
export function formatShortDate(date: LocalDate, locale = 'en-US'): string {
  return formatter(locale, { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' }).format(
    toUtcNoon(date),
  );
}

/** "Tue, Dec 1, 9:00 AM" in the clinic's zone: when something happened or will happen. */
export function formatDateTime(instant: Date | string, timeZone: string, locale = 'en-US'): string {
  return formatter(locale, {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(instant));
}

/** "Nov 30, 2:14 PM" in the clinic's zone: when something was done, where room is short. */
export function formatShortDateTime(instant: Date | string, timeZone: string, locale = 'en-US'): string {
  return formatter(locale, {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(instant));
}

/** The zone's UTC offset at an instant, in minutes east of UTC. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const name = formatter('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT(?:([+-])(\d{2}):?(\d{2}))?/.exec(name ?? '');
  if (!match?.[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A wall-clock time on a date in the clinic's zone as RFC 3339 with that instant's offset
 * ("2026-12-01T13:00:00-05:00"). A time that the clock skips is moved past the gap; an ambiguous
 * one is taken at its first occurrence, as the booking engine does.
 */
export function wallClockToInstant(date: LocalDate, time: string, timeZone: string): string {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match || !isLocalDate(date)) throw new Error(`not a date and time: ${date} ${time}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, Number(match[1]), Number(match[2]));
  // Two candidates: the offsets just before and after; the earlier one that lands on the asked
  // wall-clock time wins (first occurrence); when neither does, the time is in a gap.
  const offsets = [
    offsetMinutes(new Date(asUtc - 86_400_000 / 2), timeZone),
    offsetMinutes(new Date(asUtc + 86_400_000 / 2), timeZone),
  ].sort((a, b) => b - a);
  for (const offset of offsets) {
    const instant = new Date(asUtc - offset * 60_000);
    if (offsetMinutes(instant, timeZone) === offset) return instantText(instant, offset);
  }
  const later = offsets[offsets.length - 1] as number;
  const instant = new Date(asUtc - later * 60_000);
  return instantText(instant, offsetMinutes(instant, timeZone));
}

function instantText(instant: Date, offset: number): string {
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${offsetText(offset)}`;
}

/** "HH:MM" (24 h) of an instant in the zone: what an `<input type="time">` holds. */
export function wallClockTime(instant: Date | string, timeZone: string): string {
  const parts = formatter('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(instant))
    .filter((part) => part.type === 'hour' || part.type === 'minute')
    .map((part) => part.value);
  return parts.join(':');
}

export function minutesBetween(start: string, end: string): number {
  return Math.round((new Date(end).getTime() - new Date(start).getTime()) / 60_000);
}

/** Words for the statuses the API answers with. */
const STATUS_LABELS: Readonly<Record<string, string>> = {
  confirmed: 'Confirmed',
  patient_confirmed: 'Patient confirmed',
  cancelled: 'Cancelled',
  attended: 'Attended',
  no_show: 'No-show',
  new: 'New',
  handled: 'Handled',
  spam: 'Spam',
  sent: 'Sent',
  delivered: 'Delivered',
  pending: 'Pending',
  failed: 'Failed',
  bounced: 'Bounced',
  complained: 'Complaint',
};

/** A booking's history entries where the status word alone would mislead. */
const HISTORY_LABELS: Readonly<Record<string, string>> = {
  // The patient's own "I will be there" (a reminder's link), not the booking's status.
  confirmed: 'Confirmed attendance',
};

/** What a booking's history entry (`created`, `confirmed`, `no_show`…) says happened. */
export function historyLabel(action: string): string {
  return HISTORY_LABELS[action] ?? humanize(action);
}

/** A machine word ("no_show", "booking.cancelled") as a person reads it. */
export function humanize(word: string): string {
  const known = STATUS_LABELS[word];
  if (known) return known;
  const spaced = word
    .replace(/[._-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The emails the API names by kind (a lead's `staff`/`ack`, a booking's `staff_…` copies), in words. */
const MESSAGE_LABELS: Readonly<Record<string, string>> = {
  ack: 'Reply to the patient',
  staff: 'Notice to the front desk',
  reschedule: 'New time',
};

export function messageLabel(kind: string): string {
  const known = MESSAGE_LABELS[kind];
  if (known) return known;
  if (kind.startsWith('staff_')) return `Clinic’s copy: ${humanize(kind.slice(6)).toLowerCase()}`;
  return humanize(kind);
}
