// The ports the reminder runner depends on; shared/adapters/dynamodb/reminder-store.ts implements them.

import type { AgendaNotice } from '../../core/messages/agenda-messages.ts';
import type { ReminderNotice } from '../../core/messages/reminder-messages.ts';
import type { Booking } from '../../core/scheduling/booking.ts';
import type { ReminderChannel } from '../../core/scheduling/reminders.ts';
import type { ShortLink } from '../../core/scheduling/short-links.ts';

/** A pending reminder item, as the runner reads it. */
export interface PendingReminder {
  readonly sk: string;
  readonly bookingId: string;
  /** The booking's start when the reminder was planned: a moved booking no longer matches it. */
  readonly start: Date;
  readonly dueAt: Date;
  readonly channel: ReminderChannel;
  readonly offsetMinutes: number;
}

export interface ReminderStore {
  /** Every pending reminder due at or before `now`, earliest first. */
  due(now: Date): Promise<PendingReminder[]>;
  booking(id: string): Promise<Booking | undefined>;
  /** The raw manage token kept for the booking's reminder links, if any. */
  manageToken(bookingId: string): Promise<string | undefined>;
  /**
   * In one transaction: the pending item goes and the notice the outbox sends from is written,
   * only while the booking is still confirmed at the reminder's start. 'stale' when it is not (or
   * another run released it first): nothing was written.
   */
  release(
    reminder: PendingReminder,
    notice: ReminderNotice,
    now: Date,
    shortLink?: ShortLink,
  ): Promise<'released' | 'stale'>;
  /** Removes a pending item that can never be sent (its booking gone, cancelled or moved, or its visit begun). */
  discard(reminder: PendingReminder): Promise<void>;
}

export interface AgendaStore {
  /** Whether the agenda of this local date has gone out already. */
  sent(date: string): Promise<boolean>;
  /** The confirmed bookings starting in [from, until), by start. */
  bookings(from: Date, until: Date): Promise<Booking[]>;
  /** Records the agenda of `date` as sent and writes its notice, once: false when it already was. */
  send(date: string, notice: AgendaNotice, now: Date): Promise<boolean>;
}

export interface ShortLinkStore {
  /** The link a code names, if there is one (expired or not). */
  find(code: string): Promise<ShortLink | undefined>;
}
