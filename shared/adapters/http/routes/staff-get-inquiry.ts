// GET /v1/staff/inquiries/{id}: one lead, whole.
import { LEAD_NOT_FOUND, leadDetailSchema, leadIdParams } from '../../../core/staff/lead-schemas.ts';
import { defineRoute } from '../route-record.ts';

export const staffGetInquiryRoute = defineRoute({
  id: 'StaffGetInquiry',
  method: 'GET',
  path: '/v1/staff/inquiries/{id}',
  entry: 'functions/staff-get-inquiry.ts',
  // Reads the lead, and appends the read to the audit trail.
  table: 'readAndAudit',
  auth: 'staff',
  request: () => ({ params: leadIdParams }),
  notFound: LEAD_NOT_FOUND,
  responses: { 200: { description: 'The lead', schema: leadDetailSchema } },
  docs: {
    operationId: 'getStaffInquiry',
    summary: 'One lead',
    description: [
      'The whole lead: the message, the clinic’s custom fields, where it came from, its status, the',
      'team’s notes, the history of its status changes (who and when), and every email it called for',
      'with its delivery state. An unknown or malformed id is `404 not_found`. Each read is recorded',
      'in the audit trail (`inquiry.read`).',
    ].join(' '),
    tags: ['Staff'],
    problems: ['not_found'],
  },
});
