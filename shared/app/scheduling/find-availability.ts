// GET /v1/availability as a use case: check the question against the config, read only the
// bookings the answer can depend on, and let the slot engine answer.

import { providerOffersType } from '../../core/config/clinic.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { DomainError, ValidationError } from '../../core/errors.ts';
import {
  type Availability,
  type AvailabilityQuery,
  MAX_RANGE_DAYS,
} from '../../core/scheduling/availability-schemas.ts';
import {
  type BusyBooking,
  bookingWindow,
  findAppointmentType,
  listSlots,
  localDateRangeInstants,
  nextAvailable,
  UnknownAppointmentTypeError,
} from '../../core/scheduling/slots.ts';
import {
  addDays,
  daysBetween,
  earlierDate,
  type LocalDate,
  laterDate,
  localDateOf,
} from '../../core/scheduling/time.ts';

export class RangeTooLargeError extends DomainError {
  constructor() {
    super('range_too_large', `Ask for at most ${MAX_RANGE_DAYS} days at a time`);
    this.name = 'RangeTooLargeError';
  }
}

/** The bookings that may hold time of slots in [from, to): the port to the table. */
export type BusyBookingsLoader = (from: Date, to: Date) => Promise<BusyBooking[]>;

export async function findAvailability(
  config: ClinicConfig,
  loadBusy: BusyBookingsLoader,
  query: AvailabilityQuery,
  now: Date,
): Promise<Availability> {
  const type = findAppointmentType(config, query.type);
  if (!type) throw new UnknownAppointmentTypeError();
  if (query.provider !== undefined) {
    const provider = config.scheduling.providers.find((p) => p.id === query.provider);
    if (!provider) throw new ValidationError([{ path: 'provider', message: 'Unknown provider' }]);
    if (!providerOffersType(provider, type.id)) {
      throw new ValidationError([
        { path: 'provider', message: 'This provider does not offer this appointment type' },
      ]);
    }
  }
  if (daysBetween(query.from, query.to) + 1 > MAX_RANGE_DAYS) throw new RangeTooLargeError();

  const { timeZone } = config.clinic;
  const search = { config, typeId: type.id, providerId: query.provider, now };
  // Only dates inside the booking window can hold a slot, so only their bookings are read (and
  // none at all for a range wholly in the past or beyond the window). The day before today is
  // kept for zones whose clock once fell back across midnight.
  const { lastDate } = bookingWindow(config, now);
  const firstBookable = addDays(localDateOf(now, timeZone), -1);
  const bookingsFor = async (from: LocalDate, to: LocalDate): Promise<BusyBooking[] | undefined> => {
    const first = laterDate(from, firstBookable);
    const last = earlierDate(to, lastDate);
    if (first > last) return undefined;
    const { start, end } = localDateRangeInstants(timeZone, first, last);
    return loadBusy(start, end);
  };

  const inRange = await bookingsFor(query.from, query.to);
  const slots = inRange ? listSlots({ ...search, from: query.from, to: query.to, bookings: inRange }) : [];
  const answer: Availability = { type: type.id, timeZone, from: query.from, to: query.to, slots };
  if (slots.length === 0) {
    const after = await bookingsFor(addDays(query.to, 1), lastDate);
    answer.nextAvailable = after ? nextAvailable({ ...search, after: query.to, bookings: after }) : null;
  }
  return answer;
}
