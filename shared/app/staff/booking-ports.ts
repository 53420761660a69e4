// The port the staff bookings use cases read through (its own file beside ports.ts, which the
// other staff use cases share); shared/adapters/dynamodb/agenda.ts implements it.
import type { BookingMessage } from '../../core/messages/booking-messages.ts';
import type { Booking, BookingStatus } from '../../core/scheduling/booking.ts';

export interface AgendaRead {
  /** First start included. */
  readonly start: Date;
  /** First start no longer included. */
  readonly end: Date;
  readonly providerId?: string | undefined;
  readonly status?: BookingStatus | undefined;
}

export interface StaffBookingReader {
  /** The bookings starting in [start, end), cancelled ones too unless `status` says, sorted by start. */
  agenda(read: AgendaRead): Promise<Booking[]>;
  /** The booking (a consistent read) and every message recorded of it, or undefined for an unknown id. */
  withMessages(id: string): Promise<{ booking: Booking; messages: BookingMessage[] } | undefined>;
}
