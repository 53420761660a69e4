// GET /v1/staff/exports/inquiries.csv: the range's leads as a spreadsheet.
import { leadExportQuery } from '../../../core/staff/lead-schemas.ts';
import { CSV_TYPE } from '../presenters/staff-leads.ts';
import { defineRoute } from '../route-record.ts';

export const staffExportInquiriesRoute = defineRoute({
  id: 'StaffExportInquiries',
  method: 'GET',
  path: '/v1/staff/exports/inquiries.csv',
  entry: 'functions/staff-export-inquiries.ts',
  // Reads leads, and appends the export to the audit trail.
  table: 'readAndAudit',
  auth: 'staff',
  timeoutSeconds: 29,
  request: () => ({ query: leadExportQuery }),
  responses: {
    200: {
      description: 'The leads as CSV',
      contentType: CSV_TYPE,
      headers: {
        'Content-Disposition': {
          description: '`attachment; filename="inquiries-FROM-TO.csv"`',
          schema: { type: 'string' },
        },
      },
    },
  },
  docs: {
    operationId: 'exportStaffInquiries',
    summary: 'Export leads as CSV',
    description: [
      'The new and handled leads received between `from` and `to` (local dates, both included; at most',
      '92 days; by default the last 30), newest first: received (in the clinic’s time zone), status, name,',
      'email, phone, topic, preferred contact, message and id. UTF-8 with a BOM, a header row, RFC 4180',
      "quoting; a cell that starts with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so a spreadsheet",
      'shows it as text (E.164 phones too). Each export is recorded in the audit trail (`inquiry.exported`).',
    ].join(' '),
    tags: ['Staff'],
    problems: [],
  },
});
