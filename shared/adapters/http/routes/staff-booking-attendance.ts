// POST /v1/staff/bookings/{id}/attendance: whether the patient came.
import {
  attendanceBody,
  STAFF_BOOKING_NOT_FOUND,
  staffBookingDetailSchema,
} from '../../../core/staff/booking-schemas.ts';
import { defineRoute } from '../route-record.ts';
import { bookingIdParams } from './booking-parts.ts';

export const staffBookingAttendanceRoute = defineRoute({
  id: 'StaffBookingAttendance',
  method: 'POST',
  path: '/v1/staff/bookings/{id}/attendance',
  entry: 'functions/staff-booking-attendance.ts',
  table: 'readWrite',
  auth: 'staff',
  request: () => ({ body: attendanceBody, params: bookingIdParams }),
  notFound: STAFF_BOOKING_NOT_FOUND,
  responses: { 200: { description: 'The booking, marked', schema: staffBookingDetailSchema } },
  docs: {
    operationId: 'markStaffBookingAttendance',
    summary: 'Mark attendance',
    description: [
      '`attended` or `no_show`, once the booking has started (before its start, or for a cancelled booking,',
      '`400 validation_failed` on `attendance`); it may be corrected later. No email is sent. Recorded in the',
      'booking’s history and in the audit trail (`booking.attendance`).',
    ].join(' '),
    tags: ['Staff'],
    problems: ['not_found'],
  },
});
