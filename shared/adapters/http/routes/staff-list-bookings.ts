// GET /v1/staff/bookings: the agenda, whole and sorted by start.
import { agendaQuery, agendaSchema } from '../../../core/staff/booking-schemas.ts';
import { AGENDA_MAX_DAYS } from '../../../core/staff/bookings.ts';
import { defineRoute } from '../route-record.ts';

export const staffListBookingsRoute = defineRoute({
  id: 'StaffListBookings',
  method: 'GET',
  path: '/v1/staff/bookings',
  entry: 'functions/staff-list-bookings.ts',
  // Reads bookings, and appends the read to the audit trail.
  table: 'readAndAudit',
  auth: 'staff',
  request: () => ({ query: agendaQuery }),
  responses: { 200: { description: 'The agenda', schema: agendaSchema } },
  docs: {
    operationId: 'listStaffBookings',
    summary: 'The agenda',
    description: [
      'The bookings that start between `from` and `to` (local dates in the clinic’s time zone, both',
      `included, at most ${AGENDA_MAX_DAYS} days; without them, today), whole and sorted by start, no paging.`,
      'Cancelled bookings are included unless `status` asks for one status only, so the front desk sees the',
      'day’s cancellations. `provider` keeps one provider’s (an unknown id is `400 validation_failed`).',
      'Each read is recorded in the audit trail (`booking.listed`, with the range as its record).',
    ].join(' '),
    tags: ['Staff'],
    problems: [],
  },
});
