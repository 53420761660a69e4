// The ports the scheduling use cases depend on; shared/adapters/dynamodb implements them.
import type { Booking, Patient } from '../../core/scheduling/booking.ts';
import type { BookingNotice } from '../../core/scheduling/notice.ts';
import type { PatientBookings, UnreadPatientBookings } from '../../core/scheduling/patients.ts';

/** What a booking write came to: written, or refused for a reason the use case answers. */
export type WriteOutcome = 'written' | 'slot-taken' | 'booking-changed';

/**
 * What a create came to: written; refused because another booking holds the time, or because the
 * patient's bookings changed since they were read (read again and count again); or refused
 * because the same patient booked this type at this time moments ago (`bookingId`: that booking).
 */
export type CreateOutcome =
  | { readonly outcome: 'written' | 'slot-taken' | 'patient-changed' }
  | { readonly outcome: 'repeat'; readonly bookingId: string }
  | { readonly outcome: 'rate-limited'; readonly retryAfterSeconds: number };

/** What a create writes besides the booking (the abuse rules: shared/core/scheduling/patients.ts). */
export interface CreateConditions {
  /**
   * The patient's bookings as read before: the write holds only if they are still so. Or, when
   * nothing was read, the bound each side's head count must be within (core/scheduling/patients.ts).
   */
  readonly patientBookings: PatientBookings | UnreadPatientBookings;
  /**
   * Leave the double-submit marker (a patient's own booking; staff bookings leave none).
   * `replaces`: a marker's booking found cancelled or moved, whose marker may be taken over.
   */
  readonly repeat?: { readonly replaces?: string };
  /**
   * Counts the attempt against the client's hourly allowance in the same write, which then holds
   * only if the allowance had room ('rate-limited' when not). Without it, the caller took it.
   */
  readonly allowance?: { readonly clientIp: string; readonly limit: number };
}

export interface BookingStore {
  get(id: string): Promise<Booking | undefined>;
  /**
   * The booking with this id only when `tokenHash` is its manage token's hash. An unknown id and a
   * wrong token come back alike, from one read of the same shape, so the time an answer takes
   * cannot tell an existing id from an unknown one (docs/reliability.md "Booking ids").
   */
  getWithToken(id: string, tokenHash: string): Promise<Booking | undefined>;
  /**
   * 'slot-taken' when another booking holds any of the provider's blocks. `manageToken` is kept
   * apart from the booking (see core/scheduling/reminders.ts linkItem) for its reminders' links.
   */
  create(
    booking: Booking,
    notice: BookingNotice,
    now: Date,
    manageToken: string,
    conditions: CreateConditions,
  ): Promise<CreateOutcome>;
  /** 'booking-changed' when `current` is no longer what the table holds. */
  cancel(current: Booking, next: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome>;
  reschedule(current: Booking, next: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome>;
  /** A change of the confirmed booking alone (no time, no notice); 'booking-changed' as for cancel. */
  update(current: Booking, next: Booking): Promise<WriteOutcome>;
  /** The bookings made for this email or this phone, as the patient ledger lists them (consistent). */
  patientBookings(patient: Patient): Promise<PatientBookings>;
  /**
   * The booking this email asked for at this type and start within the double-submit window
   * (its marker's booking id), if any; the booking itself may since have been cancelled or moved.
   */
  repeatOf(asked: RepeatQuestion, now: Date): Promise<string | undefined>;
  /** A confirmed booking's raw manage token, as kept for its reminders' links. */
  manageTokenOf(bookingId: string): Promise<string | undefined>;
}

export interface RepeatQuestion {
  readonly email: string;
  readonly typeId: string;
  readonly start: Date;
}

/** One attempt against the client's hourly allowance, taken whatever the attempt comes to. */
export type AttemptOutcome =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface AttemptLimiter {
  /** Counts an attempt by `clientIp` at `now` if fewer than `limit` were made in the past hour. */
  take(clientIp: string, limit: number, now: Date): Promise<AttemptOutcome>;
}
