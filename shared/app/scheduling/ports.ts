// The ports the scheduling use cases depend on; shared/adapters/dynamodb implements them.
import type { Booking } from '../../core/scheduling/booking.ts';
import type { BookingNotice } from '../../core/scheduling/notice.ts';

/** What a booking write came to: written, or refused for a reason the use case answers. */
export type WriteOutcome = 'written' | 'slot-taken' | 'booking-changed';

export interface BookingStore {
  get(id: string): Promise<Booking | undefined>;
  /**
   * 'slot-taken' when another booking holds any of the provider's blocks. `manageToken` is kept
   * apart from the booking (see core/scheduling/reminders.ts linkItem) for its reminders' links.
   */
  create(booking: Booking, notice: BookingNotice, now: Date, manageToken: string): Promise<WriteOutcome>;
  /** 'booking-changed' when `current` is no longer what the table holds. */
  cancel(current: Booking, next: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome>;
  reschedule(current: Booking, next: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome>;
  /** A change of the confirmed booking alone (no time, no notice); 'booking-changed' as for cancel. */
  update(current: Booking, next: Booking): Promise<WriteOutcome>;
}
