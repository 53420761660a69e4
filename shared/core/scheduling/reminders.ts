// Reminders, planned with the booking (API.md "Reminders", docs/reminders.md). Whatever reminders
// a booking will need are decided when it is made or moved, kept on the booking, and written as
// items of the pending-reminders partition in the same transaction; cancel and reschedule delete
// them in theirs. The runner only asks which items are due, so a cancelled booking has no item left
// to send from. Pure: the same booking, config and `now` always plan the same reminders with the same keys.

import { minutesOfDay } from '../config/hours.ts';
import type { AppointmentType, ClinicConfig, ReminderConfig } from '../config/schema.ts';
import { addDays, MINUTE_MS, zoneClock } from './time.ts';

export type ReminderChannel = 'email' | 'sms';

/** Every pending reminder of every booking lives in this one partition, sorted by when it is due. */
export const REMINDERS_PK = 'REMINDERS';
export const REMINDER_KIND = 'reminder';
/** A reminder the runner found due: the outbox item its email or text is sent from. */
export const REMINDER_NOTICE_KIND = 'reminder-notice';

const DAY_MS = 24 * 60 * MINUTE_MS;

export interface PlannedReminder {
  /** Its item's sort key in REMINDERS_PK: `<dueAt ISO>#<bookingId>#<offset>#<channel>`. */
  readonly sk: string;
  readonly dueAt: Date;
  readonly channel: ReminderChannel;
  readonly offsetMinutes: number;
}

/** The reminders a booking of this type gets: the type's own list, else the clinic's. */
export function remindersFor(
  config: ClinicConfig,
  type: Pick<AppointmentType, 'reminders'>,
): readonly ReminderConfig[] {
  return type.reminders ?? config.scheduling.reminders;
}

/** How many reminder items one booking of this type can hold (texts counted as if consented). */
export function maxRemindersPerBooking(
  config: ClinicConfig,
  type: Pick<AppointmentType, 'reminders'>,
): number {
  return remindersFor(config, type).reduce(
    (sum, reminder) => sum + reminder.channels.filter((c) => c === 'email' || config.sms).length,
    0,
  );
}

export function reminderSortKey(
  bookingId: string,
  dueAt: Date,
  offsetMinutes: number,
  channel: ReminderChannel,
): string {
  return `${dueAt.toISOString()}#${bookingId}#${offsetMinutes}#${channel}`;
}

/** The local wall-clock minute of the day (0–1439) of an instant in `timeZone`. */
function wallMinuteOf(instant: number, timeZone: string): number {
  const wall = instant + zoneClock(timeZone).offsetAt(instant);
  return Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
}

export interface QuietSpell {
  /** The instant quiet hours began (the first quiet minute). */
  readonly from: number;
  /** The instant they end. */
  readonly until: number;
}

/**
 * The quiet hours `instant` falls in, or undefined when it falls outside them. `quietHours` are
 * local ["HH:MM", "HH:MM"]; a start later than the end spans midnight (21:00–08:00). Wall times
 * are read in the clinic's zone, so a spell is right on the days the clocks change.
 */
export function quietSpellAt(
  instant: number,
  quietHours: readonly [string, string],
  timeZone: string,
): QuietSpell | undefined {
  const clock = zoneClock(timeZone);
  const start = minutesOfDay(quietHours[0]);
  const end = minutesOfDay(quietHours[1]);
  const minute = wallMinuteOf(instant, timeZone);
  const today = clock.localDateOf(instant);
  const spansMidnight = start > end;
  let startDate: string | undefined;
  if (!spansMidnight && minute >= start && minute < end) startDate = today;
  if (spansMidnight && minute >= start) startDate = today;
  if (spansMidnight && minute < end) startDate = addDays(today, -1);
  if (startDate === undefined) return undefined;
  const endDate = spansMidnight ? addDays(startDate, 1) : startDate;
  return { from: clock.boundaryOf(startDate, start), until: clock.boundaryOf(endDate, end) };
}

/**
 * When a text due at `due` may go: at `due` outside quiet hours; inside them, at the last minute
 * before they began. When that minute has already passed by `now` (a booking made during quiet
 * hours), at their end instead. Undefined when neither is still before `latest` (the start).
 */
export function textSendTime(
  due: number,
  now: number,
  latest: number,
  quietHours: readonly [string, string],
  timeZone: string,
): number | undefined {
  const spell = quietSpellAt(due, quietHours, timeZone);
  if (!spell) return due;
  const before = spell.from - MINUTE_MS;
  if (before > now) return before;
  return spell.until < latest ? spell.until : undefined;
}

export interface ReminderSubject {
  readonly id: string;
  readonly start: Date;
  readonly smsConsent?: true;
}

/**
 * The reminders a booking made (or moved) at `now` needs: one per offset and channel of its type's
 * list, texts only for a consenting patient and a clinic with `sms`. An offset already past at
 * `now` is skipped, never sent at once; a text due in quiet hours is moved before them.
 */
export function planReminders(
  config: ClinicConfig,
  type: Pick<AppointmentType, 'reminders'>,
  booking: ReminderSubject,
  now: Date,
): PlannedReminder[] {
  const start = booking.start.getTime();
  const planned: PlannedReminder[] = [];
  for (const reminder of remindersFor(config, type)) {
    const due = start - reminder.offsetMinutes * MINUTE_MS;
    if (due <= now.getTime()) continue;
    for (const channel of reminder.channels) {
      let at: number | undefined = due;
      if (channel === 'sms') {
        if (!config.sms || !booking.smsConsent) continue;
        at = textSendTime(due, now.getTime(), start, config.sms.quietHours, config.clinic.timeZone);
        if (at === undefined) continue;
      }
      const dueAt = new Date(at);
      planned.push({
        sk: reminderSortKey(booking.id, dueAt, reminder.offsetMinutes, channel),
        dueAt,
        channel,
        offsetMinutes: reminder.offsetMinutes,
      });
    }
  }
  return planned.sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
}

/** How a planned reminder is kept on its booking's item. */
export function reminderAttribute(reminder: PlannedReminder): Record<string, unknown> {
  return {
    sk: reminder.sk,
    dueAt: reminder.dueAt.toISOString(),
    channel: reminder.channel,
    offsetMinutes: reminder.offsetMinutes,
  };
}

export function remindersFromAttribute(value: unknown): PlannedReminder[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((raw: Record<string, unknown>): PlannedReminder[] => {
    const channel = raw?.channel;
    if (typeof raw?.sk !== 'string' || typeof raw.dueAt !== 'string') return [];
    if (channel !== 'email' && channel !== 'sms') return [];
    return [{ sk: raw.sk, dueAt: new Date(raw.dueAt), channel, offsetMinutes: Number(raw.offsetMinutes) }];
  });
}

/** The pending item of a planned reminder: what the runner reads to know it is due. */
export function reminderItem(
  booking: { readonly id: string; readonly start: Date },
  reminder: PlannedReminder,
): Record<string, unknown> {
  return {
    pk: REMINDERS_PK,
    sk: reminder.sk,
    kind: REMINDER_KIND,
    bookingId: booking.id,
    start: booking.start.toISOString(),
    dueAt: reminder.dueAt.toISOString(),
    channel: reminder.channel,
    offsetMinutes: reminder.offsetMinutes,
    // A backstop: an item whose visit has passed is of no use to anyone.
    expiresAt: Math.floor(booking.start.getTime() / 1000) + 86_400,
  };
}

/** Where the runner puts a due reminder's outbox item: beside the booking's own notices, in order. */
export function reminderNoticeKey(bookingId: string, reminderSk: string): { pk: string; sk: string } {
  return { pk: `NOTICE#${bookingId}`, sk: `REMINDER#${reminderSk}` };
}

export const LINK_SORT_KEY = 'LINK';
export const LINK_KIND = 'booking-link';

/**
 * Where a booking's raw manage token waits for its reminders' links (the booking itself keeps only
 * its hash). Apart from the booking's partition, so no staff read of a booking ever loads it; the
 * cancel transaction deletes it, and a TTL a day after the visit removes it otherwise.
 */
export function linkKey(bookingId: string): { pk: string; sk: string } {
  return { pk: `BOOKINGLINK#${bookingId}`, sk: LINK_SORT_KEY };
}

export function linkItem(
  booking: { readonly id: string; readonly end: Date },
  manageToken: string,
): Record<string, unknown> {
  return {
    ...linkKey(booking.id),
    kind: LINK_KIND,
    bookingId: booking.id,
    manageToken,
    expiresAt: Math.floor(booking.end.getTime() / 1000) + 86_400,
  };
}
