// The booking domain's named errors; the problem middleware turns them into API.md's answers.
import { DomainError } from '../errors.ts';
import type { Slot } from './slots.ts';

/** 409 slot_unavailable: nothing was written; `alternatives` are the nearest open slots of the type. */
export class SlotUnavailableError extends DomainError {
  constructor(
    readonly alternatives: readonly Slot[],
    detail = alternatives.length > 0
      ? 'This time is not available; the nearest open times are listed in alternatives'
      : 'This time is not available, and there is no other open time for this appointment type',
  ) {
    super('slot_unavailable', detail, { alternatives });
    this.name = 'SlotUnavailableError';
  }
}

/** 409 too_late_to_change: the booking can no longer be cancelled or moved online. */
export class TooLateToChangeError extends DomainError {
  constructor(detail: string) {
    super('too_late_to_change', detail);
    this.name = 'TooLateToChangeError';
  }
}

/** 409 booking_cancelled: the booking was cancelled, so it can no longer be moved or confirmed. */
export class BookingCancelledError extends DomainError {
  constructor(detail = 'This appointment was cancelled; please book a new one or call the clinic') {
    super('booking_cancelled', detail);
    this.name = 'BookingCancelledError';
  }
}

/**
 * 409 booking_limit_reached: the patient (by email or by phone) already holds as many upcoming
 * bookings as one patient may make online. The detail sends them to the phone, which staff answer.
 */
export class BookingLimitReachedError extends DomainError {
  constructor(limit: number, clinicPhone?: string) {
    const held = limit === 1 ? 'an upcoming appointment' : `${limit} upcoming appointments`;
    const call = clinicPhone ? `please call the clinic at ${clinicPhone}` : 'please call the clinic';
    super(
      'booking_limit_reached',
      `You already have ${held} booked online, which is as many as we take online for one patient. To book another, ${call}.`,
    );
    this.name = 'BookingLimitReachedError';
  }
}
