// What was sent about a booking, kept for staff (API.md: a booking's `messages`). Its emails go out
// from short-lived notice items that the notifier deletes once sent, so each email's delivery
// state is also put on an item of its own in the booking's partition (BOOKING#<id> /
// MESSAGE#<sequence>#<email id>): idempotent (one key per email of a notice), never part of a
// booking write (so a cancel or a move cannot lose it), and of a kind no planner reads (so
// recording a delivery never sends anything).

import { bookingPk } from '../scheduling/booking.ts';
import type { OutgoingEmail } from './message.ts';

export const BOOKING_MESSAGE_KIND = 'booking-message';
export const MESSAGE_SORT_KEY_PREFIX = 'MESSAGE#';
const DAY_SECONDS = 86_400;

export type MessageRecipient = 'patient' | 'staff';

export interface BookingMessage {
  readonly channel: 'email' | 'sms';
  /** What it was: `confirmation`, `reschedule`, `cancellation` (and `staff_…` for the clinic's copy). */
  readonly kind: string;
  readonly recipient: MessageRecipient;
  readonly status: 'sent' | 'failed';
  /** When that state was recorded. */
  readonly at: Date;
}

/**
 * Where an email of a booking notice keeps its delivery state. `keepUntil` is when the booking's
 * own records go (its end plus `retention.bookingDaysAfterVisit`).
 */
export function messageTrack(
  bookingId: string,
  sequence: number,
  email: {
    readonly id: string;
    readonly kind: string;
    readonly recipient: MessageRecipient;
    readonly channel?: 'email' | 'sms';
  },
  keepUntil: Date,
): NonNullable<OutgoingEmail['track']> {
  return {
    pk: bookingPk(bookingId),
    sk: `${MESSAGE_SORT_KEY_PREFIX}${String(sequence).padStart(6, '0')}#${email.id}`,
    fields: {
      kind: BOOKING_MESSAGE_KIND,
      bookingId,
      channel: email.channel ?? 'email',
      messageKind: email.kind,
      recipient: email.recipient,
      expiresAt: Math.floor(keepUntil.getTime() / 1000),
    },
  };
}

/** When a booking's records may go: `days` after its end. */
export function bookingKeepUntil(end: Date, days: number): Date {
  return new Date(end.getTime() + days * DAY_SECONDS * 1000);
}

/** The message an item records, or undefined when it is not one. */
export function messageFromItem(item: Record<string, unknown>): BookingMessage | undefined {
  if (item.kind !== BOOKING_MESSAGE_KIND) return undefined;
  const { status, at } = item;
  if ((status !== 'sent' && status !== 'failed') || typeof at !== 'string') return undefined;
  return {
    channel: item.channel === 'sms' ? 'sms' : 'email',
    kind: String(item.messageKind),
    recipient: item.recipient === 'staff' ? 'staff' : 'patient',
    status,
    at: new Date(at),
  };
}
