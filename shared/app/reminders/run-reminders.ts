// The reminder runner (API.md "Reminders"): a pure function of (table, now). Each run sends every
// reminder due at or before `now` that is not sent yet and whose appointment is still ahead, by
// handing it to the outbox (a notice item the notifier sends exactly once), and, when the clinic
// has one, the staff's daily agenda once its local time has come. A runner that was down catches
// up on its next run; nothing is sent for a visit already begun; quiet hours hold texts back.
import { minutesOfDay } from '../../core/config/clinic.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { type AgendaEntry, nextWorkingDay } from '../../core/messages/agenda-messages.ts';
import type { ReminderNotice } from '../../core/messages/reminder-messages.ts';
import type { Booking } from '../../core/scheduling/booking.ts';
import { changeWindow } from '../../core/scheduling/change-window.ts';
import { snapshotOf } from '../../core/scheduling/notice.ts';
import { quietSpellAt } from '../../core/scheduling/reminders.ts';
import type { ShortLink } from '../../core/scheduling/short-links.ts';
import { addDays, localDateOf, MINUTE_MS, zoneClock } from '../../core/scheduling/time.ts';
import type { AgendaStore, PendingReminder, ReminderStore, ShortLinkStore } from './ports.ts';

/** A text's short link leads to its booking until a day after the visit. */
const SHORT_LINK_GRACE_MS = 24 * 60 * MINUTE_MS;
/** A reminder still unsent this long after it was due is overdue (the alarm's threshold). */
export const OVERDUE_AFTER_MINUTES = 10;

export interface ReminderLinks {
  readonly manageUrl: (id: string, token: string) => string;
  readonly confirmUrl: (id: string, token: string) => string;
  /** The short link of a code (`GET /s/{code}`), for texts. */
  readonly shortUrl: (code: string) => string;
  /** A new random short code (core/scheduling/short-links.ts). */
  readonly newShortCode: () => string;
}

export interface ReminderRunnerDeps {
  readonly config: ClinicConfig;
  readonly reminders: ReminderStore;
  readonly agenda: AgendaStore;
  readonly links: ReminderLinks;
}

export interface ReminderRun {
  /** Handed to the outbox this run. */
  readonly released: number;
  /** Dropped: their booking is gone, cancelled or moved, or their visit has begun. */
  readonly discarded: number;
  /** Texts due but held back by quiet hours. */
  readonly held: number;
  /** Due over OVERDUE_AFTER_MINUTES ago and still not handed over (a failure this run). */
  readonly overdue: number;
  /** Failed this run (left for the next). */
  readonly failed: number;
  /** The local date whose next working day's agenda went out this run, if one did. */
  readonly agendaFor?: string;
}

type Outcome = 'released' | 'discarded' | 'held' | 'stale';

function stillValid(booking: Booking | undefined, reminder: PendingReminder): booking is Booking {
  return (
    booking !== undefined &&
    booking.status === 'confirmed' &&
    booking.start.getTime() === reminder.start.getTime() &&
    (booking.reminders ?? []).some((planned) => planned.sk === reminder.sk)
  );
}

async function handle(deps: ReminderRunnerDeps, reminder: PendingReminder, now: Date): Promise<Outcome> {
  const { config } = deps;
  if (reminder.start.getTime() <= now.getTime()) {
    await deps.reminders.discard(reminder);
    return 'discarded';
  }
  if (reminder.channel === 'sms') {
    if (!config.sms) {
      // The clinic stopped texting since the booking was made.
      await deps.reminders.discard(reminder);
      return 'discarded';
    }
    if (quietSpellAt(now.getTime(), config.sms.quietHours, config.clinic.timeZone)) return 'held';
  }
  const booking = await deps.reminders.booking(reminder.bookingId);
  if (!stillValid(booking, reminder)) {
    await deps.reminders.discard(reminder);
    return 'discarded';
  }
  const token = await deps.reminders.manageToken(booking.id);
  const window = changeWindow(config.scheduling, booking, now);
  // A text gets a short link to the confirm page: the full one alone would fill its segment.
  const shortLink: ShortLink | undefined =
    token && reminder.channel === 'sms'
      ? {
          code: deps.links.newShortCode(),
          bookingId: booking.id,
          token,
          expiresAt: new Date(booking.end.getTime() + SHORT_LINK_GRACE_MS),
        }
      : undefined;
  const notice: ReminderNotice = {
    reminderSk: reminder.sk,
    channel: reminder.channel,
    offsetMinutes: reminder.offsetMinutes,
    booking: snapshotOf(booking),
    releasedAt: now.toISOString(),
    ...(booking.confirmedAt ? { alreadyConfirmed: true as const } : {}),
    ...(token
      ? {
          manageUrl: deps.links.manageUrl(booking.id, token),
          confirmUrl: deps.links.confirmUrl(booking.id, token),
        }
      : {}),
    ...(shortLink ? { shortUrl: deps.links.shortUrl(shortLink.code) } : {}),
    ...(token && window.moveUntil ? { changeableUntil: window.moveUntil.toISOString() } : {}),
    ...(token && window.cancelUntil ? { cancellableUntil: window.cancelUntil.toISOString() } : {}),
  };
  return deps.reminders.release(reminder, notice, now, shortLink);
}

export async function runReminders(
  deps: ReminderRunnerDeps,
  now: Date,
  onFailure: (error: unknown) => void = () => {},
): Promise<ReminderRun> {
  const counts = { released: 0, discarded: 0, held: 0, overdue: 0, failed: 0 };
  const overdueBefore = now.getTime() - OVERDUE_AFTER_MINUTES * MINUTE_MS;
  for (const reminder of await deps.reminders.due(now)) {
    let outcome: Outcome | 'failed';
    try {
      outcome = await handle(deps, reminder, now);
    } catch (error) {
      // One bad item must not hold back the reminders behind it; the next run tries it again.
      onFailure(error);
      outcome = 'failed';
    }
    // 'stale': another run, or a change of the booking, got there first; nothing to count.
    if (outcome !== 'stale') counts[outcome]++;
    if (outcome === 'failed' && reminder.dueAt.getTime() < overdueBefore) counts.overdue++;
  }
  const agendaFor = await sendDailyAgenda(deps, now);
  return { ...counts, ...(agendaFor ? { agendaFor } : {}) };
}

/** The daily agenda, once its local time has come today and it has not gone yet. */
export async function sendDailyAgenda(deps: ReminderRunnerDeps, now: Date): Promise<string | undefined> {
  const { config } = deps;
  const setting = config.email.dailyAgenda;
  if (!setting) return undefined;
  const timeZone = config.clinic.timeZone;
  const clock = zoneClock(timeZone);
  const today = localDateOf(now, timeZone);
  if (now.getTime() < clock.boundaryOf(today, minutesOfDay(setting.time))) return undefined;
  if (await deps.agenda.sent(today)) return undefined;
  const date = nextWorkingDay(config, today);
  if (!date) return undefined;
  const bookings = await deps.agenda.bookings(
    new Date(clock.boundaryOf(date, 0)),
    new Date(clock.boundaryOf(addDays(date, 1), 0)),
  );
  const entries: AgendaEntry[] = bookings
    .filter((b) => b.status === 'confirmed')
    .map((b) => ({
      id: b.id,
      start: b.start.toISOString(),
      end: b.end.toISOString(),
      providerId: b.providerId,
      typeId: b.typeId,
      name: b.patient.name,
      phone: b.patient.phone,
      ...(b.reason === undefined ? {} : { reason: b.reason }),
      ...(b.confirmedAt ? { confirmedAt: b.confirmedAt.toISOString() } : {}),
    }));
  const sent = await deps.agenda.send(today, { sentOn: today, date, bookings: entries }, now);
  return sent ? today : undefined;
}

/**
 * Where a short link leads: the booking id and token its confirm page needs, while the code is
 * known and not expired; undefined otherwise (every unknown or expired code answers the same).
 */
export async function resolveShortLink(
  store: ShortLinkStore,
  code: string,
  now: Date,
): Promise<{ bookingId: string; token: string } | undefined> {
  const link = await store.find(code);
  if (!link || link.expiresAt.getTime() <= now.getTime()) return undefined;
  return { bookingId: link.bookingId, token: link.token };
}
