// The read side of scheduling on the wire: GET /v1/appointment-types and GET /v1/availability.
// The same schemas validate the query, describe the answers, and feed the OpenAPI document.
import { isLocalDate, localDateString } from '../local-date.ts';
import * as z from '../zod.ts';

/** The longest `from`..`to` range, both days included (API.md). */
export const MAX_RANGE_DAYS = 31;

const DATE_MESSAGES = { format: 'Enter a date as YYYY-MM-DD', calendar: 'Enter a real calendar date' };

const id = (description: string) =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(100), z.describe(description));

export const availabilityQuerySchema = z
  .object({
    type: id('Appointment type id (see GET /v1/appointment-types)'),
    from: localDateString(DATE_MESSAGES, "First local date, YYYY-MM-DD in the clinic's time zone"),
    to: localDateString(
      DATE_MESSAGES,
      `Last local date (included); at most ${MAX_RANGE_DAYS} days after from, counting both`,
    ),
    provider: z.optional(id('Only this provider; it must exist and offer the type')),
  })
  // Only two real dates can be out of order; a malformed one already has its own message.
  .check(
    z.refine((query) => !isLocalDate(query.from) || !isLocalDate(query.to) || query.to >= query.from, {
      path: ['to'],
      message: 'Must be on or after from',
    }),
  );
export type AvailabilityQuery = z.infer<typeof availabilityQuerySchema>;

// `format` for the OpenAPI document only: answers are built by the code, not parsed.
const dateTime = (description: string) =>
  z.string().check(z.meta({ format: 'date-time' }), z.describe(description));

export const slotSchema = z.object({
  start: dateTime(
    "RFC 3339 to the second, with the clinic's UTC offset at that instant: 2026-12-01T09:00:00-05:00",
  ),
  end: dateTime('start + the type’s duration, written the same way'),
  providers: z
    .array(z.string())
    .check(z.describe('Ids of the providers free for this slot, in the clinic’s order')),
});

export const availabilitySchema = z.object({
  type: z.string(),
  timeZone: z.string().check(z.describe('The clinic’s IANA time zone: every date here is local to it')),
  from: z.string(),
  to: z.string(),
  slots: z.array(slotSchema).check(z.describe('Open slots, sorted by start')),
  nextAvailable: z
    .optional(z.nullable(slotSchema))
    .check(
      z.describe(
        'Only when `slots` is empty: the first open slot after `to` within the booking window, or null when there is none',
      ),
    ),
});
export type Availability = z.infer<typeof availabilitySchema>;

// The appointment types' view moved to ./appointment-types.ts (zod/mini); kept importable from here.
export {
  type AppointmentTypeList,
  appointmentTypeList,
  appointmentTypesSchema,
} from './appointment-types.ts';
