// The bookings routes of the staff API on the wire: one schema per input (validating the request
// and feeding the OpenAPI document) and the answers' schemas (for the document only).
import * as z from 'zod';
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
import { AGENDA_MAX_DAYS, BOOKING_EXPORT_DEFAULT_DAYS, BOOKING_EXPORT_MAX_DAYS } from './bookings.ts';
import { checkedRange, localDate } from './date-range.ts';

const providerFilter = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .optional()
  .describe('Only this provider’s bookings (a provider id of the clinic)');

export const agendaQuery = checkedRange(
  z.object({
    from: z
      .optional(localDate)
      .describe('First local date, YYYY-MM-DD in the clinic’s time zone; default today'),
    to: z
      .optional(localDate)
      .describe(
        `Last local date (included); default \`from\`; at most ${AGENDA_MAX_DAYS} days, counting both`,
      ),
    provider: providerFilter,
    status: z
      .enum(['confirmed', 'cancelled'])
      .optional()
      .describe('Only bookings with this status; absent: both, so the day’s cancellations show too'),
  }),
  AGENDA_MAX_DAYS,
);
export type AgendaQuery = z.infer<typeof agendaQuery>;

export const bookingExportQuery = checkedRange(
  z.object({
    from: z
      .optional(localDate)
      .describe(
        `First local date of the bookings’ starts; default ${BOOKING_EXPORT_DEFAULT_DAYS} days up to \`to\``,
      ),
    to: z
      .optional(localDate)
      .describe(
        `Last local date (included); default today; at most ${BOOKING_EXPORT_MAX_DAYS} days, counting both`,
      ),
  }),
  BOOKING_EXPORT_MAX_DAYS,
);
export type BookingExportQuery = z.infer<typeof bookingExportQuery>;

const notifyPatient = z
  .boolean()
  .optional()
  .describe('false: the patient is not emailed (the clinic’s copy still goes); default true');

/** What staff book for a caller: the booking itself, and whether the minimum notice is waived. */
export interface StaffCreateBookingInput
  extends Omit<CreateBookingInput, 'consent' | 'honeypotFilled' | 'next'> {
  readonly ignoreNotice: boolean;
}

/** POST /v1/staff/bookings: the public body without consent, honeypot or attribution, plus `ignoreNotice`. */
export function staffCreateBookingBody(options: Pick<CreateBookingSchemaOptions, 'country'>) {
  return z
    .object({
      ...bookingFieldsShape(options),
      ignoreNotice: z
        .boolean()
        .optional()
        .describe('true: the clinic’s minimum notice is waived (a start from now on may be booked)'),
    })
    .transform(
      (body): StaffCreateBookingInput => ({
        ...bookingFieldsOf(body),
        attribution: {},
        ignoreNotice: body.ignoreNotice === true,
      }),
    );
}

export const staffCancelBookingBody = z.object({
  reason: multiLineText(REASON_MAX, { required: false })
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .describe('Why it is cancelled: kept with the booking, shown to staff, never sent to the patient'),
  notifyPatient,
});
export type StaffCancelBookingInput = z.infer<typeof staffCancelBookingBody>;

export const staffRescheduleBookingBody = z.object({
  start: startInstant,
  providerId: rescheduleBookingBody.shape.providerId,
  notifyPatient,
  ignoreNotice: z
    .boolean()
    .optional()
    .describe('true: the clinic’s minimum notice is waived for the new time'),
});
export type StaffRescheduleBookingInput = z.infer<typeof staffRescheduleBookingBody>;

export const ATTENDANCE_VALUES = ['attended', 'no_show'] as const;
export const attendanceBody = z.object({
  attendance: z
    .enum(ATTENDANCE_VALUES, { error: 'Choose attended or no_show' })
    .describe('Whether the patient came'),
});
export type AttendanceInput = z.infer<typeof attendanceBody>;

export const STAFF_BOOKING_NOT_FOUND = 'There is no booking with this id';

// ---- Answers (for the OpenAPI document; the code builds them) ----

const instant = z
  .string()
  .meta({ format: 'date-time' })
  .describe('RFC 3339 with the clinic’s UTC offset at that instant');
const actor = z
  .object({ sub: z.string(), email: z.string() })
  .describe('The staff member: pool id and email');

export const staffBookingSummarySchema = z.object({
  id: z.string().describe('The booking id (a ULID)'),
  status: z.enum(['confirmed', 'cancelled']),
  type: z.string().describe('Appointment type id'),
  typeName: z.string(),
  start: instant,
  end: instant,
  providerId: z.string(),
  providerName: z.string(),
  name: z.string().describe('The patient’s name'),
  email: z.string(),
  phone: z.string().describe('E.164'),
  reason: z.string().optional(),
  notes: z.string().optional(),
  confirmedAt: instant.optional().describe('When the patient confirmed they are coming, if they did'),
  attendance: z.enum(ATTENDANCE_VALUES).optional().describe('Marked by staff after the start'),
});

export const agendaSchema = z.object({
  items: z.array(staffBookingSummarySchema).describe('Sorted by start; the whole range, no paging'),
});

export const staffBookingDetailSchema = staffBookingSummarySchema.extend({
  smsConsent: z.boolean().describe('Whether the patient agreed to appointment reminders by text message'),
  createdAt: instant,
  cancelledAt: instant.optional(),
  cancelReason: z.string().optional(),
  history: z
    .array(
      z.object({
        at: instant,
        action: z
          .enum(['created', 'rescheduled', 'cancelled', 'confirmed', 'attended', 'no_show'])
          .describe('`confirmed`: the patient confirmed they will attend (a reminder’s link)'),
        actor: actor.optional().describe('Absent for the patient’s own change'),
        previousStart: instant.optional().describe('For a move: where it was'),
        previousProviderId: z.string().optional(),
      }),
    )
    .describe('Oldest first'),
  messages: z
    .array(
      z.object({
        channel: z.enum(['email', 'sms']),
        kind: z
          .string()
          .describe('`confirmation`, `reschedule`, `cancellation`; `staff_…` for the clinic’s own copy'),
        recipient: z.enum(['patient', 'staff']),
        status: z.enum(['sent', 'failed']),
        at: instant.describe('When that state was recorded'),
      }),
    )
    .describe('Every email the booking’s changes sent, with its delivery state, oldest first'),
});
