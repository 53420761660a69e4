// POST /v1/staff/bookings/{id}/cancel: cancel for a patient, whatever the cut-off.
import {
  STAFF_BOOKING_NOT_FOUND,
  staffBookingDetailSchema,
  staffCancelBookingBody,
} from '../../../core/staff/booking-schemas.ts';
import { defineRoute } from '../route-record.ts';
import { bookingIdParams } from './booking-parts.ts';

export const staffCancelBookingRoute = defineRoute({
  id: 'StaffCancelBooking',
  method: 'POST',
  path: '/v1/staff/bookings/{id}/cancel',
  entry: 'functions/staff-cancel-booking.ts',
  table: 'readWrite',
  auth: 'staff',
  request: () => ({ body: staffCancelBookingBody, params: bookingIdParams }),
  notFound: STAFF_BOOKING_NOT_FOUND,
  responses: { 200: { description: 'The booking, cancelled', schema: staffBookingDetailSchema } },
  docs: {
    operationId: 'cancelStaffBooking',
    summary: 'Cancel a booking',
    description: [
      'Cancels whatever `scheduling.minChangeNoticeMinutes` says, and frees the provider’s time at once.',
      'The patient is emailed the cancellation unless `notifyPatient` is false; the clinic’s own copy goes',
      'either way. Cancelling a cancelled booking answers it again and emails nothing. Recorded in the',
      'booking’s history and in the audit trail (`booking.cancelled`).',
    ].join(' '),
    tags: ['Staff'],
    problems: ['not_found'],
  },
});
