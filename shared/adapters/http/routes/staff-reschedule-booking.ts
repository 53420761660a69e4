// POST /v1/staff/bookings/{id}/reschedule: move for a patient, whatever the cut-off.
import {
  STAFF_BOOKING_NOT_FOUND,
  staffBookingDetailSchema,
  staffRescheduleBookingBody,
} from '../../../core/staff/booking-schemas.ts';
import { defineRoute } from '../route-record.ts';
import { bookingIdParams } from './booking-parts.ts';

export const staffRescheduleBookingRoute = defineRoute({
  id: 'StaffRescheduleBooking',
  method: 'POST',
  path: '/v1/staff/bookings/{id}/reschedule',
  entry: 'functions/staff-reschedule-booking.ts',
  table: 'readWrite',
  auth: 'staff',
  request: () => ({ body: staffRescheduleBookingBody, params: bookingIdParams }),
  notFound: STAFF_BOOKING_NOT_FOUND,
  responses: { 200: { description: 'The booking, moved', schema: staffBookingDetailSchema } },
  docs: {
    operationId: 'rescheduleStaffBooking',
    summary: 'Move a booking',
    description: [
      'Moves it whatever `scheduling.minChangeNoticeMinutes` says, through the same engine as the patient’s',
      'own move: a taken or closed time is `409 slot_unavailable` with `alternatives`; `ignoreNotice` waives',
      'the minimum notice for the new time. A cancelled booking is `409 booking_cancelled`. The patient is',
      'emailed the new time (the link they already have keeps working) unless `notifyPatient` is false; the',
      'clinic’s copy goes either way. Recorded in the booking’s history and the audit trail (`booking.rescheduled`).',
    ].join(' '),
    tags: ['Staff'],
    problems: ['not_found', 'slot_unavailable', 'booking_cancelled'],
  },
});
