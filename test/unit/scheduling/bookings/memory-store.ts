// A BookingStore in memory with the table's rules (locks, the booking's condition), for the use
// cases' unit tests; a race is lost on purpose by queueing an outcome in `forced`.
import { heldLocks } from '../../../../shared/adapters/dynamodb/booking-transactions.ts';
import type { BookingStore, WriteOutcome } from '../../../../shared/app/scheduling/ports.ts';
import type { Booking } from '../../../../shared/core/scheduling/booking.ts';
import type { BookingNotice } from '../../../../shared/core/scheduling/notice.ts';
import type { BusyBooking } from '../../../../shared/core/scheduling/slots.ts';

export class MemoryStore implements BookingStore {
  readonly bookings = new Map<string, Booking>();
  readonly locks = new Map<string, string>();
  readonly notices: BookingNotice[] = [];
  /** Outcomes to report instead of writing, first in first out: a race lost on purpose. */
  readonly forced: WriteOutcome[] = [];

  async get(id: string) {
    return this.bookings.get(id);
  }
  async create(booking: Booking, notice: BookingNotice) {
    return this.apply(undefined, booking, notice);
  }
  async cancel(current: Booking, next: Booking, notice: BookingNotice) {
    return this.apply(current, next, notice);
  }
  async reschedule(current: Booking, next: Booking, notice: BookingNotice) {
    return this.apply(current, next, notice);
  }
  async update(current: Booking, next: Booking): Promise<WriteOutcome> {
    const forced = this.forced.shift();
    if (forced) return forced;
    const stored = this.bookings.get(current.id);
    if (stored?.status !== 'confirmed' || stored.sequence !== current.sequence) return 'booking-changed';
    this.bookings.set(next.id, next);
    return 'written';
  }
  private apply(current: Booking | undefined, next: Booking, notice: BookingNotice): WriteOutcome {
    const forced = this.forced.shift();
    if (forced) return forced;
    if (current) {
      const stored = this.bookings.get(current.id);
      if (stored?.status !== 'confirmed' || stored.sequence !== current.sequence) return 'booking-changed';
    }
    const old = current ? heldLocks(current) : [];
    const wanted = next.status === 'confirmed' ? heldLocks(next) : [];
    if (wanted.some((key) => this.locks.has(key) && this.locks.get(key) !== next.id)) return 'slot-taken';
    for (const key of old) this.locks.delete(key);
    for (const key of wanted) this.locks.set(key, next.id);
    this.bookings.set(next.id, next);
    this.notices.push(notice);
    return 'written';
  }
  busy(): BusyBooking[] {
    return [...this.bookings.values()].filter((b) => b.status === 'confirmed');
  }
}
