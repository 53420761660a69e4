// GET /v1/staff/bookings/{id}: one booking with its history and messages.
import { STAFF_BOOKING_NOT_FOUND, staffBookingDetailSchema } from '../../../core/staff/booking-schemas.ts';
import { defineRoute } from '../route-record.ts';
import { bookingIdParams } from './booking-parts.ts';

export const staffGetBookingRoute = defineRoute({
  id: 'StaffGetBooking',
  method: 'GET',
  path: '/v1/staff/bookings/{id}',
  entry: 'functions/staff-get-booking.ts',
  // Reads the booking, and appends the read to the audit trail.
  table: 'readAndAudit',
  auth: 'staff',
  request: () => ({ params: bookingIdParams }),
  notFound: STAFF_BOOKING_NOT_FOUND,
  responses: { 200: { description: 'The booking', schema: staffBookingDetailSchema } },
  docs: {
    operationId: 'getStaffBooking',
    summary: 'One booking',
    description: [
      'Every detail of the booking, its history (made, moved, cancelled, attendance: when, and by which',
      'staff member; no actor for the patient’s own changes) and every email its changes sent with its',
      'delivery state. An unknown or malformed id is `404 not_found`. Each read is recorded in the audit',
      'trail (`booking.read`).',
    ].join(' '),
    tags: ['Staff'],
    problems: ['not_found'],
  },
});
