// A booking as the domain sees it, and its single-table item (the layout the read side queries:
// BOOKING#<id> / BOOKING, listed in gsi1 by UTC month of its start).
import type { CaptchaVerdict } from '../captcha/turnstile.ts';
import type { AppointmentType } from '../config/schema.ts';
import type { Attribution } from '../inquiries/fields.ts';
import { type PlannedReminder, reminderAttribute, remindersFromAttribute } from './reminders.ts';

export type BookingStatus = 'confirmed' | 'cancelled';
/** Whether the patient came, as the front desk marks it after the start. */
export type Attendance = 'attended' | 'no_show';

export const BOOKING_KIND = 'booking';
export const BOOKING_SORT_KEY = 'BOOKING';

export type { Attribution } from '../inquiries/fields.ts';

export interface Patient {
  readonly name: string;
  readonly email: string;
  /** E.164 */
  readonly phone: string;
}

/** A staff member acting on a booking (no actor: the patient's own change). */
export interface BookingActor {
  readonly sub: string;
  readonly email: string;
}

/** One change of a booking, kept on it: what, when and, for staff, by whom. */
export interface BookingHistoryEntry {
  readonly at: Date;
  readonly action: 'created' | 'rescheduled' | 'cancelled' | 'confirmed' | Attendance;
  readonly actor?: BookingActor;
  /** For a move: where it was before (ISO start, provider). */
  readonly previousStart?: string;
  readonly previousProviderId?: string;
}

export interface Booking {
  /** ULID */
  readonly id: string;
  readonly status: BookingStatus;
  readonly typeId: string;
  readonly providerId: string;
  readonly start: Date;
  readonly end: Date;
  /** The type's buffers when booked: the time this booking keeps free, even if the config changes. */
  readonly bufferBeforeMinutes: number;
  readonly bufferAfterMinutes: number;
  /** The lock grid its locks were claimed on, so they can be released after a config change. */
  readonly lockBlockMinutes: number;
  readonly patient: Patient;
  readonly reason?: string;
  readonly notes?: string;
  /** The patient agreed to text reminders. */
  readonly smsConsent?: true;
  readonly attribution: Attribution;
  /** SHA-256 (hex) of the manage token. */
  readonly tokenHash: string;
  /** 0 when created, +1 for each later change: reschedule, cancellation, attendance, confirmation (the iCalendar SEQUENCE, which may skip). */
  readonly sequence: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly cancelledAt?: Date;
  readonly cancelReason?: string;
  /** Set by staff after the start. */
  readonly attendance?: Attendance;
  /** When the patient confirmed they are coming (a reminder's link), if they did. */
  readonly confirmedAt?: Date;
  /**
   * The reminders still planned for it (see ./reminders.ts), whose items its own transactions
   * write and delete. Absent on bookings made before reminders existed: none are sent for them.
   */
  readonly reminders?: readonly PlannedReminder[];
  /** Oldest first. Bookings made before it was recorded have none: see historyOf. */
  readonly history?: readonly BookingHistoryEntry[];
  /**
   * When TTL removes it (the item's `expiresAt`): its end plus `retention.bookingDaysAfterVisit`.
   * The store sets it on every write, so a moved booking is kept from its new date.
   */
  readonly keepUntil?: Date;
  /** The CAPTCHA's verdict on the patient's form, when the clinic uses one (API.md "Abuse"). */
  readonly captcha?: CaptchaVerdict;
}

export function bookingPk(id: string): string {
  return `BOOKING#${id}`;
}

/** Months since year 0 (January of year 0 is 0), which orders and steps months as numbers. */
function utcMonthNumber(instant: Date): number {
  return instant.getUTCFullYear() * 12 + instant.getUTCMonth();
}

function monthPartition(monthNumber: number): string {
  const year = Math.floor(monthNumber / 12);
  const month = monthNumber - year * 12 + 1;
  return `BOOKINGS#${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/**
 * The gsi1 partition a booking is listed in: `BOOKINGS#<YYYY-MM>`, the UTC month of its start.
 * The item and the availability read both take it from here: if they ever disagreed, availability
 * would silently miss bookings.
 */
export function bookingMonthPartition(start: Date): string {
  return monthPartition(utcMonthNumber(start));
}

/** The partitions of every start in [from, to]: one per UTC month from `from`'s to `to`'s, inclusive. */
export function bookingMonthPartitions(from: Date, to: Date): string[] {
  const partitions: string[] = [];
  for (let month = utcMonthNumber(from); month <= utcMonthNumber(to); month++) {
    partitions.push(monthPartition(month));
  }
  return partitions;
}

type HeldTime = Pick<Booking, 'start' | 'end' | 'bufferBeforeMinutes' | 'bufferAfterMinutes'>;

/** The interval a booking keeps its provider from other bookings, buffers included, in epoch ms. */
export function blockedSpanMs(booking: HeldTime): { from: number; until: number } {
  return {
    from: booking.start.getTime() - booking.bufferBeforeMinutes * 60_000,
    until: booking.end.getTime() + booking.bufferAfterMinutes * 60_000,
  };
}

/** The interval a booking keeps its provider from other bookings: buffers included. */
export function blockedInterval(booking: HeldTime): { from: Date; until: Date } {
  const { from, until } = blockedSpanMs(booking);
  return { from: new Date(from), until: new Date(until) };
}

/** Start, end and buffers of a booking of `type` at `start`. */
export function timesFor(type: AppointmentType, start: Date): HeldTime {
  return {
    start,
    end: new Date(start.getTime() + type.durationMinutes * 60_000),
    bufferBeforeMinutes: type.bufferBeforeMinutes,
    bufferAfterMinutes: type.bufferAfterMinutes,
  };
}

export type Item = Record<string, unknown>;

export function toBookingItem(booking: Booking): Item {
  const start = booking.start.toISOString();
  return {
    pk: bookingPk(booking.id),
    sk: BOOKING_SORT_KEY,
    kind: BOOKING_KIND,
    id: booking.id,
    status: booking.status,
    typeId: booking.typeId,
    providerId: booking.providerId,
    start,
    end: booking.end.toISOString(),
    bufferBeforeMinutes: booking.bufferBeforeMinutes,
    bufferAfterMinutes: booking.bufferAfterMinutes,
    lockBlockMinutes: booking.lockBlockMinutes,
    gsi1pk: bookingMonthPartition(booking.start),
    gsi1sk: `${start}#${booking.id}`,
    ...patientAttributes(booking),
    tokenHash: booking.tokenHash,
    sequence: booking.sequence,
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
    ...(booking.cancelledAt === undefined ? {} : { cancelledAt: booking.cancelledAt.toISOString() }),
    ...(booking.cancelReason === undefined ? {} : { cancelReason: booking.cancelReason }),
    ...(booking.attendance === undefined ? {} : { attendance: booking.attendance }),
    ...(booking.confirmedAt === undefined ? {} : { confirmedAt: booking.confirmedAt.toISOString() }),
    ...(booking.history === undefined ? {} : { history: booking.history.map(historyItem) }),
    ...(booking.smsConsent ? { smsConsent: true } : {}),
    ...(booking.reminders === undefined ? {} : { reminders: booking.reminders.map(reminderAttribute) }),
    ...(booking.keepUntil === undefined ? {} : { expiresAt: Math.floor(booking.keepUntil.getTime() / 1000) }),
    ...(booking.captcha === undefined ? {} : { captcha: booking.captcha }),
  };
}

function historyItem(entry: BookingHistoryEntry): Item {
  return {
    at: entry.at.toISOString(),
    action: entry.action,
    ...(entry.actor ? { actor: { sub: entry.actor.sub, email: entry.actor.email } } : {}),
    ...(entry.previousStart === undefined ? {} : { previousStart: entry.previousStart }),
    ...(entry.previousProviderId === undefined ? {} : { previousProviderId: entry.previousProviderId }),
  };
}

const HISTORY_ACTIONS: ReadonlySet<string> = new Set([
  'created',
  'rescheduled',
  'cancelled',
  'confirmed',
  'attended',
  'no_show',
]);

function historyFromItem(value: unknown): BookingHistoryEntry[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((raw: Item): BookingHistoryEntry[] => {
    const at = text(raw?.at);
    const action = text(raw?.action);
    if (at === undefined || action === undefined || !HISTORY_ACTIONS.has(action)) return [];
    const actor = raw.actor as Item | undefined;
    const previousStart = text(raw.previousStart);
    const previousProviderId = text(raw.previousProviderId);
    return [
      {
        at: new Date(at),
        action: action as BookingHistoryEntry['action'],
        ...(actor && typeof actor.sub === 'string'
          ? { actor: { sub: actor.sub, email: String(actor.email ?? '') } }
          : {}),
        ...(previousStart === undefined ? {} : { previousStart }),
        ...(previousProviderId === undefined ? {} : { previousProviderId }),
      },
    ];
  });
}

/**
 * A booking's history: what it recorded or, for one made before history was kept, what its own
 * dates tell (made, and cancelled if it was), with no actor known.
 */
export function historyOf(booking: Booking): readonly BookingHistoryEntry[] {
  if (booking.history) return booking.history;
  return [
    { at: booking.createdAt, action: 'created' },
    ...(booking.cancelledAt ? [{ at: booking.cancelledAt, action: 'cancelled' as const }] : []),
  ];
}

/** The booking with one more entry in its history. */
export function withHistory(booking: Booking, entry: BookingHistoryEntry): Booking {
  return { ...booking, history: [...historyOf(booking), entry] };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function fromBookingItem(item: Item): Booking {
  const reason = text(item.reason);
  const notes = text(item.notes);
  const cancelledAt = text(item.cancelledAt);
  const cancelReason = text(item.cancelReason);
  const attendance =
    item.attendance === 'attended' || item.attendance === 'no_show' ? item.attendance : undefined;
  const confirmedAt = text(item.confirmedAt);
  const history = historyFromItem(item.history);
  const reminders = remindersFromAttribute(item.reminders);
  const expiresAt = typeof item.expiresAt === 'number' ? item.expiresAt : undefined;
  return {
    id: String(item.id),
    status: item.status === 'cancelled' ? 'cancelled' : 'confirmed',
    typeId: String(item.typeId),
    providerId: String(item.providerId),
    start: new Date(String(item.start)),
    end: new Date(String(item.end)),
    bufferBeforeMinutes: Number(item.bufferBeforeMinutes ?? 0),
    bufferAfterMinutes: Number(item.bufferAfterMinutes ?? 0),
    lockBlockMinutes: Number(item.lockBlockMinutes),
    patient: { name: String(item.name), email: String(item.email), phone: String(item.phone) },
    ...(reason === undefined ? {} : { reason }),
    ...(notes === undefined ? {} : { notes }),
    attribution: (item.attribution ?? {}) as Attribution,
    tokenHash: String(item.tokenHash),
    sequence: Number(item.sequence),
    createdAt: new Date(String(item.createdAt)),
    updatedAt: new Date(String(item.updatedAt)),
    ...(cancelledAt === undefined ? {} : { cancelledAt: new Date(cancelledAt) }),
    ...(cancelReason === undefined ? {} : { cancelReason }),
    ...(attendance === undefined ? {} : { attendance }),
    ...(confirmedAt === undefined ? {} : { confirmedAt: new Date(confirmedAt) }),
    ...(history === undefined ? {} : { history }),
    ...(item.smsConsent === true ? { smsConsent: true as const } : {}),
    ...(reminders === undefined ? {} : { reminders }),
    ...(expiresAt === undefined ? {} : { keepUntil: new Date(expiresAt * 1000) }),
    ...(item.captcha === 'verified' || item.captcha === 'unverified' ? { captcha: item.captcha } : {}),
  };
}

/** What the patient gave, as stored on the booking and carried by its notices. */
export function patientAttributes(booking: Pick<Booking, 'patient' | 'reason' | 'notes' | 'attribution'>): {
  name: string;
  email: string;
  phone: string;
  reason?: string;
  notes?: string;
  attribution?: Attribution;
} {
  return {
    name: booking.patient.name,
    email: booking.patient.email,
    phone: booking.patient.phone,
    ...(booking.reason === undefined ? {} : { reason: booking.reason }),
    ...(booking.notes === undefined ? {} : { notes: booking.notes }),
    // An empty attribution is left out rather than stored as an empty map.
    ...(Object.keys(booking.attribution).length > 0 ? { attribution: { ...booking.attribution } } : {}),
  };
}
