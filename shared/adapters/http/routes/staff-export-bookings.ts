// GET /v1/staff/exports/bookings.csv: the range's bookings as a spreadsheet.
import { bookingExportQuery } from '../../../core/staff/booking-schemas.ts';
import { BOOKING_EXPORT_DEFAULT_DAYS, BOOKING_EXPORT_MAX_DAYS } from '../../../core/staff/bookings.ts';
import { CSV_TYPE } from '../presenters/staff-leads.ts';
import { defineRoute } from '../route-record.ts';

export const staffExportBookingsRoute = defineRoute({
  id: 'StaffExportBookings',
  method: 'GET',
  path: '/v1/staff/exports/bookings.csv',
  entry: 'functions/staff-export-bookings.ts',
  // Reads bookings, and appends the export to the audit trail.
  table: 'readAndAudit',
  auth: 'staff',
  timeoutSeconds: 29,
  request: () => ({ query: bookingExportQuery }),
  responses: {
    200: {
      description: 'The bookings as CSV',
      contentType: CSV_TYPE,
      headers: {
        'Content-Disposition': {
          description: '`attachment; filename="bookings-FROM-TO.csv"`',
          schema: { type: 'string' },
        },
      },
    },
  },
  docs: {
    operationId: 'exportStaffBookings',
    summary: 'Export bookings as CSV',
    description: [
      'The bookings that start between `from` and `to` (local dates, both included; at most',
      `${BOOKING_EXPORT_MAX_DAYS} days; by default the last ${BOOKING_EXPORT_DEFAULT_DAYS}), cancelled ones too, sorted by start:`,
      'start and end in the clinic’s time zone, status, attendance, appointment, clinician, patient, email,',
      'phone, reason, notes, cancellation reason, when and by whom it was booked, and the id. UTF-8 with a BOM,',
      'a header row, RFC 4180 quoting; a cell that starts with `=`, `+`, `-`, `@`, tab or CR is prefixed with',
      "`'` so a spreadsheet shows it as text (E.164 phones too). Each export is recorded in the audit trail",
      '(`booking.exported`).',
    ].join(' '),
    tags: ['Staff'],
    problems: [],
  },
});
