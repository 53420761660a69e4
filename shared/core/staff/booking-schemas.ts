// The bookings routes of the staff API on the wire: one schema per input (validating the request
// and feeding the OpenAPI document) and the answers' schemas (for the document only).
import { multiLineText } from '../inquiries/fields.ts';
import {
  bookingFieldsOf,
  bookingFieldsShape,
  type CreateBookingInput,
  type CreateBookingSchemaOptions,
  REASON_MAX,
  rescheduleBookingBody,
  startInstant,
} from '../scheduling/booking-schemas.ts';
import * as z from '../zod.ts';
import { AGENDA_MAX_DAYS, BOOKING_EXPORT_DEFAULT_DAYS, BOOKING_EXPORT_MAX_DAYS } from './bookings.ts';
import { checkedRange, localDate } from './date-range.ts';

const providerFilter = z
  .optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(63)))
  .check(z.describe('Only this provider’s bookings (a provider id of the clinic)'));

export const agendaQuery = checkedRange(
  z.object({
    from: z
      .optional(localDate)
      .check(z.describe('First local date, YYYY-MM-DD in the clinic’s time zone; default today')),
    to: z
      .optional(localDate)
      .check(
        z.describe(
          `Last local date (included); default \`from\`; at most ${AGENDA_MAX_DAYS} days, counting both`,
        ),
      ),
    provider: providerFilter,
    status: z
      .optional(z.enum(['confirmed', 'cancelled']))
      .check(z.describe('Only bookings with this status; absent: both, so the day’s cancellations show too')),
  }),
  AGENDA_MAX_DAYS,
);
export type AgendaQuery = z.infer<typeof agendaQuery>;

export const bookingExportQuery = checkedRange(
  z.object({
    from: z
      .optional(localDate)
      .check(
        z.describe(
          `First local date of the bookings’ starts; default ${BOOKING_EXPORT_DEFAULT_DAYS} days up to \`to\``,
        ),
      ),
    to: z
      .optional(localDate)
      .check(
        z.describe(
          `Last local date (included); default today; at most ${BOOKING_EXPORT_MAX_DAYS} days, counting both`,
        ),
      ),
  }),
  BOOKING_EXPORT_MAX_DAYS,
);
export type BookingExportQuery = z.infer<typeof bookingExportQuery>;

const notifyPatient = z
  .optional(z.boolean())
  .check(z.describe('false: the patient is not emailed (the clinic’s copy still goes); default true'));

/** What staff book for a caller: the booking itself, and whether the minimum notice is waived. */
export interface StaffCreateBookingInput
  extends Omit<CreateBookingInput, 'consent' | 'honeypotFilled' | 'next'> {
  readonly ignoreNotice: boolean;
}

/** POST /v1/staff/bookings: the public body without consent, honeypot or attribution, plus `ignoreNotice`. */
export function staffCreateBookingBody(options: Pick<CreateBookingSchemaOptions, 'country'>) {
  return z.pipe(
    z.object({
      ...bookingFieldsShape(options),
      ignoreNotice: z
        .optional(z.boolean())
        .check(z.describe('true: the clinic’s minimum notice is waived (a start from now on may be booked)')),
    }),
    z.transform(
      (body: Record<string, unknown>): StaffCreateBookingInput => ({
        ...bookingFieldsOf(body),
        attribution: {},
        ignoreNotice: body.ignoreNotice === true,
      }),
    ),
  );
}

export const staffCancelBookingBody = z.object({
  reason: z
    .pipe(
      z.optional(multiLineText(REASON_MAX, { required: false })),
      z.transform((value: string | undefined) => (value === '' ? undefined : value)),
    )
    .check(
      z.describe('Why it is cancelled: kept with the booking, shown to staff, never sent to the patient'),
    ),
  notifyPatient,
});
export type StaffCancelBookingInput = z.infer<typeof staffCancelBookingBody>;

export const staffRescheduleBookingBody = z.object({
  start: startInstant,
  providerId: rescheduleBookingBody.shape.providerId,
  notifyPatient,
  ignoreNotice: z
    .optional(z.boolean())
    .check(z.describe('true: the clinic’s minimum notice is waived for the new time')),
});
export type StaffRescheduleBookingInput = z.infer<typeof staffRescheduleBookingBody>;

export const ATTENDANCE_VALUES = ['attended', 'no_show'] as const;
export const attendanceBody = z.object({
  attendance: z
    .enum(ATTENDANCE_VALUES, { error: 'Choose attended or no_show' })
    .check(z.describe('Whether the patient came')),
});
export type AttendanceInput = z.infer<typeof attendanceBody>;

export const STAFF_BOOKING_NOT_FOUND = 'There is no booking with this id';

// ---- Answers (for the OpenAPI document; the code builds them) ----

const instant = z
  .string()
  .check(
    z.meta({ format: 'date-time' }),
    z.describe('RFC 3339 with the clinic’s UTC offset at that instant'),
  );
const actor = z
  .object({ sub: z.string(), email: z.string() })
  .check(z.describe('The staff member: pool id and email'));

export const staffBookingSummarySchema = z.object({
  id: z.string().check(z.describe('The booking id (a ULID)')),
  status: z.enum(['confirmed', 'cancelled']),
  type: z.string().check(z.describe('Appointment type id')),
  typeName: z.string(),
  start: instant,
  end: instant,
  providerId: z.string(),
  providerName: z.string(),
  name: z.string().check(z.describe('The patient’s name')),
  email: z.string(),
  phone: z.string().check(z.describe('E.164')),
  reason: z.optional(z.string()),
  notes: z.optional(z.string()),
  confirmedAt: z
    .optional(instant)
    .check(z.describe('When the patient confirmed they are coming, if they did')),
  attendance: z.optional(z.enum(ATTENDANCE_VALUES)).check(z.describe('Marked by staff after the start')),
});

export const agendaSchema = z.object({
  items: z.array(staffBookingSummarySchema).check(z.describe('Sorted by start; the whole range, no paging')),
});

export const staffBookingDetailSchema = z.extend(staffBookingSummarySchema, {
  smsConsent: z
    .boolean()
    .check(z.describe('Whether the patient agreed to appointment reminders by text message')),
  createdAt: instant,
  cancelledAt: z.optional(instant),
  cancelReason: z.optional(z.string()),
  history: z
    .array(
      z.object({
        at: instant,
        action: z
          .enum(['created', 'rescheduled', 'cancelled', 'confirmed', 'attended', 'no_show'])
          .check(z.describe('`confirmed`: the patient confirmed they will attend (a reminder’s link)')),
        actor: z.optional(actor).check(z.describe('Absent for the patient’s own change')),
        previousStart: z.optional(instant).check(z.describe('For a move: where it was')),
        previousProviderId: z.optional(z.string()),
      }),
    )
    .check(z.describe('Oldest first')),
  messages: z
    .array(
      z.object({
        channel: z.enum(['email', 'sms']),
        kind: z
          .string()
          .check(
            z.describe('`confirmation`, `reschedule`, `cancellation`; `staff_…` for the clinic’s own copy'),
          ),
        recipient: z.enum(['patient', 'staff']),
        status: z.enum(['sent', 'failed']),
        at: instant.check(z.describe('When that state was recorded')),
      }),
    )
    .check(z.describe('Every email the booking’s changes sent, with its delivery state, oldest first')),
});
