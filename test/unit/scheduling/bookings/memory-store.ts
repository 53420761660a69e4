// A BookingStore in memory with the table's rules (locks, the booking's condition, the patient
// ledger's versions, the double-submit marker), for the use cases' unit tests; a race is lost on
// purpose by queueing an outcome in `forced`.
import { heldLocks } from '../../../../shared/adapters/dynamodb/booking-transactions.ts';
import type {
  AttemptOutcome,
  BookingStore,
  CreateConditions,
  CreateOutcome,
  RepeatQuestion,
  WriteOutcome,
} from '../../../../shared/app/scheduling/ports.ts';
import type { Booking, Patient } from '../../../../shared/core/scheduling/booking.ts';
import type { BookingNotice } from '../../../../shared/core/scheduling/notice.ts';
import {
  isLedgerRead,
  type LedgerSide,
  normalisedEmail,
  type PatientBookings,
  REPEAT_WINDOW_SECONDS,
} from '../../../../shared/core/scheduling/patients.ts';
import type { BusyBooking } from '../../../../shared/core/scheduling/slots.ts';

const sideKey = (side: LedgerSide, patient: Pick<Patient, 'email' | 'phone'>) =>
  side === 'email' ? `email:${normalisedEmail(patient.email)}` : `phone:${patient.phone}`;
const repeatKey = (asked: RepeatQuestion) =>
  `${normalisedEmail(asked.email)}|${asked.typeId}|${asked.start.toISOString()}`;

export class MemoryStore implements BookingStore {
  readonly bookings = new Map<string, Booking>();
  readonly locks = new Map<string, string>();
  readonly notices: BookingNotice[] = [];
  readonly tokens = new Map<string, string>();
  readonly versions = new Map<string, number>();
  /** Each ledger head's count (absent: none kept, as after a move). */
  readonly counts = new Map<string, number>();
  /** The client's allowance, asked when a create takes the attempt itself (as the table's would). */
  allowance: (clientIp: string, limit: number) => Promise<AttemptOutcome> = async () => ({ allowed: true });
  readonly markers = new Map<string, { bookingId: string; until: number }>();
  /** Outcomes to report instead of writing, first in first out: a race lost on purpose. */
  readonly forced: (WriteOutcome | CreateOutcome)[] = [];
  /** Every create asked for, with its conditions. */
  readonly creates: CreateConditions[] = [];

  async get(id: string) {
    return this.bookings.get(id);
  }
  async getWithToken(id: string, tokenHash: string) {
    const booking = this.bookings.get(id);
    return booking?.tokenHash === tokenHash ? booking : undefined;
  }
  async create(
    booking: Booking,
    notice: BookingNotice,
    now: Date,
    manageToken: string,
    conditions: CreateConditions,
  ): Promise<CreateOutcome> {
    this.creates.push(conditions);
    const forced = this.forced.shift();
    if (forced) return typeof forced === 'string' ? ({ outcome: forced } as CreateOutcome) : forced;
    const read = conditions.patientBookings;
    const sides = ['email', 'phone'] as const;
    const headHolds = (side: LedgerSide) => {
      const k = sideKey(side, booking.patient);
      if (isLedgerRead(read)) return this.versions.get(k) === read[side].version;
      if (!this.versions.has(k)) return true;
      const count = this.counts.get(k);
      return count !== undefined && (read.atMost === undefined || count <= read.atMost);
    };
    if (!sides.every(headHolds)) return { outcome: 'patient-changed' };
    const key = repeatKey({ email: booking.patient.email, typeId: booking.typeId, start: booking.start });
    const marker = this.markers.get(key);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (
      conditions.repeat &&
      marker &&
      marker.until > nowSeconds &&
      marker.bookingId !== conditions.repeat.replaces
    ) {
      return { outcome: 'repeat', bookingId: marker.bookingId };
    }
    if (heldLocks(booking).some((k) => this.locks.has(k) && this.locks.get(k) !== booking.id)) {
      return { outcome: 'slot-taken' };
    }
    if (conditions.allowance) {
      // Asked last, once everything else holds, as the table's transaction counts the attempt
      // only when it commits (the use case counts a refused write apart).
      const attempt = await this.allowance(conditions.allowance.clientIp, conditions.allowance.limit);
      if (!attempt.allowed) return { outcome: 'rate-limited', retryAfterSeconds: attempt.retryAfterSeconds };
    }
    const outcome = this.apply(undefined, booking, notice);
    if (outcome !== 'written')
      return { outcome: outcome === 'slot-taken' ? 'slot-taken' : 'patient-changed' };
    this.tokens.set(booking.id, manageToken);
    for (const side of sides) {
      const k = sideKey(side, booking.patient);
      this.versions.set(k, (this.versions.get(k) ?? 0) + 1);
      this.counts.set(k, isLedgerRead(read) ? read[side].entries.length + 1 : (this.counts.get(k) ?? 0) + 1);
    }
    if (conditions.repeat)
      this.markers.set(key, { bookingId: booking.id, until: nowSeconds + REPEAT_WINDOW_SECONDS });
    return { outcome: 'written' };
  }
  async cancel(current: Booking, next: Booking, notice: BookingNotice) {
    return this.apply(current, next, notice);
  }
  async reschedule(current: Booking, next: Booking, notice: BookingNotice) {
    const outcome = this.apply(current, next, notice);
    if (outcome === 'written') {
      for (const side of ['email', 'phone'] as const) this.counts.delete(sideKey(side, current.patient));
    }
    return outcome;
  }
  async update(current: Booking, next: Booking): Promise<WriteOutcome> {
    const forced = this.forced.shift();
    if (typeof forced === 'string') return forced as WriteOutcome;
    const stored = this.bookings.get(current.id);
    if (stored?.status !== 'confirmed' || stored.sequence !== current.sequence) return 'booking-changed';
    this.bookings.set(next.id, next);
    return 'written';
  }
  /** The ledger as the table would hold it: an entry per booking made, gone once cancelled. */
  async patientBookings(patient: Patient): Promise<PatientBookings> {
    const side = (which: LedgerSide) => ({
      version: this.versions.get(sideKey(which, patient)),
      entries: [...this.bookings.values()]
        .filter((b) => b.status === 'confirmed' && sideKey(which, b.patient) === sideKey(which, patient))
        .map((b) => ({ bookingId: b.id, start: b.start })),
    });
    return { email: side('email'), phone: side('phone') };
  }
  async repeatOf(asked: RepeatQuestion, now: Date) {
    const marker = this.markers.get(repeatKey(asked));
    return marker && marker.until > Math.floor(now.getTime() / 1000) ? marker.bookingId : undefined;
  }
  async manageTokenOf(bookingId: string) {
    return this.bookings.get(bookingId)?.status === 'confirmed' ? this.tokens.get(bookingId) : undefined;
  }
  private apply(current: Booking | undefined, next: Booking, notice: BookingNotice): WriteOutcome {
    const forced = current ? this.forced.shift() : undefined;
    if (typeof forced === 'string') return forced as WriteOutcome;
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
