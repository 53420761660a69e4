// GET /v1/staff/inquiries: the leads inbox, searched and paged.
import { leadListQuery, leadPageSchema } from '../../../core/staff/lead-schemas.ts';
import { defineRoute } from '../route-record.ts';

export const staffListInquiriesRoute = defineRoute({
  id: 'StaffListInquiries',
  method: 'GET',
  path: '/v1/staff/inquiries',
  entry: 'functions/staff-list-inquiries.ts',
  // Reads leads, and appends the read to the audit trail.
  table: 'readAndAudit',
  auth: 'staff',
  request: () => ({ query: leadListQuery }),
  responses: { 200: { description: 'A page of leads, newest first', schema: leadPageSchema } },
  docs: {
    operationId: 'listStaffInquiries',
    summary: 'List and search leads',
    description: [
      'The leads received between `from` and `to` (local dates in the clinic’s time zone, both included;',
      'at most 92 days; by default the last 30 days up to today), newest first, paged with `limit` and',
      '`cursor`. `status` keeps one status (absent: all three); `q` keeps the leads whose name, email or',
      'phone contains the text, whatever its case. Each call is recorded in the audit trail',
      '(`inquiry.listed`, with the range and filters asked).',
    ].join(' '),
    tags: ['Staff'],
    problems: [],
  },
});
