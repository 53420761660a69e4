// The booking outbox. Each create, reschedule or cancel transaction also writes one short-lived
// notice item (NOTICE#<bookingId> / <sequence>) carrying what that change's emails need, including
// the manage link, whose raw token the booking itself never stores. The notifier plans the emails
// from the notice's INSERT and deletes the notice once they are sent; a TTL removes any notice
// that outlives that by accident. All notices of a booking share one partition key, so the stream
// delivers them in the order they were written (confirmation before cancellation).
import {
  type Attribution,
  type Booking,
  type BookingStatus,
  type Item,
  patientAttributes,
} from './booking.ts';

export const NOTICE_KIND = 'booking-notice';
/** A backstop only: the notifier deletes a notice as soon as its emails are out. */
export const NOTICE_TTL_SECONDS = 3 * 24 * 60 * 60;

export type NoticeEvent = 'confirmed' | 'rescheduled' | 'cancelled';

/** The booking as it was right after the change (ISO strings: it travels through the table). */
export interface BookingSnapshot {
  readonly id: string;
  readonly status: BookingStatus;
  readonly typeId: string;
  readonly providerId: string;
  readonly start: string;
  readonly end: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly reason?: string;
  readonly notes?: string;
  readonly attribution?: Attribution;
  readonly sequence: number;
  readonly updatedAt: string;
  /** When it was booked (the undo grace runs from it); absent on notices written before it was kept. */
  readonly createdAt?: string;
  readonly cancelReason?: string;
}

export interface BookingNotice {
  readonly event: NoticeEvent;
  readonly booking: BookingSnapshot;
  /** For a reschedule: where the booking was before. */
  readonly previous?: { readonly providerId: string; readonly start: string; readonly end: string };
  /** The patient's manage link (it embeds the raw token); absent when the change did not need one. */
  readonly manageUrl?: string;
  /** False when staff chose not to tell the patient: only the clinic's copy goes. */
  readonly notifyPatient?: false;
  /** The staff member who made the change (their email), for the clinic's copy; absent for the patient's own. */
  readonly byStaff?: string;
}

export function snapshotOf(booking: Booking): BookingSnapshot {
  return {
    id: booking.id,
    status: booking.status,
    typeId: booking.typeId,
    providerId: booking.providerId,
    start: booking.start.toISOString(),
    end: booking.end.toISOString(),
    ...patientAttributes(booking),
    sequence: booking.sequence,
    updatedAt: booking.updatedAt.toISOString(),
    createdAt: booking.createdAt.toISOString(),
    ...(booking.cancelReason === undefined ? {} : { cancelReason: booking.cancelReason }),
  };
}

export function noticeItem(notice: BookingNotice, now: Date): Item {
  return {
    pk: `NOTICE#${notice.booking.id}`,
    sk: String(notice.booking.sequence),
    kind: NOTICE_KIND,
    event: notice.event,
    booking: notice.booking,
    ...(notice.previous ? { previous: notice.previous } : {}),
    ...(notice.manageUrl ? { manageUrl: notice.manageUrl } : {}),
    ...(notice.notifyPatient === false ? { notifyPatient: false } : {}),
    ...(notice.byStaff ? { byStaff: notice.byStaff } : {}),
    expiresAt: Math.floor(now.getTime() / 1000) + NOTICE_TTL_SECONDS,
  };
}

/** The notice an item carries, or undefined when it is not a well-formed notice. */
export function noticeFromItem(item: Item): BookingNotice | undefined {
  if (item.kind !== NOTICE_KIND) return undefined;
  const event = item.event;
  if (event !== 'confirmed' && event !== 'rescheduled' && event !== 'cancelled') return undefined;
  const booking = item.booking as BookingSnapshot | undefined;
  if (!booking || typeof booking.id !== 'string' || typeof booking.start !== 'string') return undefined;
  return {
    event,
    booking: { ...booking, sequence: Number(booking.sequence) },
    ...(item.previous ? { previous: item.previous as BookingNotice['previous'] & object } : {}),
    ...(typeof item.manageUrl === 'string' ? { manageUrl: item.manageUrl } : {}),
    ...(item.notifyPatient === false ? { notifyPatient: false as const } : {}),
    ...(typeof item.byStaff === 'string' ? { byStaff: item.byStaff } : {}),
  };
}
