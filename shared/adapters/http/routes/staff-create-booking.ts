// POST /v1/staff/bookings: book for a patient on the phone.
import { staffBookingDetailSchema, staffCreateBookingBody } from '../../../core/staff/booking-schemas.ts';
import { defineRoute } from '../route-record.ts';

export const staffCreateBookingRoute = defineRoute({
  id: 'StaffCreateBooking',
  method: 'POST',
  path: '/v1/staff/bookings',
  entry: 'functions/staff-create-booking.ts',
  table: 'readWrite',
  auth: 'staff',
  request: (config) => ({ body: staffCreateBookingBody({ country: config.clinic.country }) }),
  responses: { 201: { description: 'Booked', schema: staffBookingDetailSchema } },
  docs: {
    operationId: 'createStaffBooking',
    summary: 'Book for a caller',
    description: [
      'The body of `POST /v1/bookings` without consent, honeypot or attribution, plus `ignoreNotice`',
      '(true: the minimum notice is waived, any start from now on). The same engine and the same',
      'no-overlap guarantee: a taken or closed time is `409 slot_unavailable` with `alternatives`. The patient',
      'is emailed the confirmation with their manage link, as for a booking they made; the answer does not',
      'carry the manage token. The booking’s history names the staff member. Recorded in the audit trail',
      '(`booking.created`).',
    ].join(' '),
    tags: ['Staff'],
    problems: ['unknown_appointment_type', 'slot_unavailable'],
  },
});
