// PATCH /v1/staff/inquiries/{id}: mark a lead handled, spam or new again, or add a note.
import {
  LEAD_NOT_FOUND,
  leadChangeBody,
  leadDetailSchema,
  leadIdParams,
} from '../../../core/staff/lead-schemas.ts';
import { defineRoute } from '../route-record.ts';

export const staffUpdateInquiryRoute = defineRoute({
  id: 'StaffUpdateInquiry',
  method: 'PATCH',
  path: '/v1/staff/inquiries/{id}',
  entry: 'functions/staff-update-inquiry.ts',
  table: 'readWrite',
  auth: 'staff',
  request: () => ({ body: leadChangeBody, params: leadIdParams }),
  notFound: LEAD_NOT_FOUND,
  responses: { 200: { description: 'The lead, changed', schema: leadDetailSchema } },
  docs: {
    operationId: 'updateStaffInquiry',
    summary: 'Change a lead’s status, or add a note',
    description: [
      '`status` marks the lead `handled`, `spam` or `new` again, recorded in its history with who and',
      'when (the status it already has changes nothing); `note` adds a note of at most 2000 characters,',
      'kept with who wrote it and when (notes written at once are all kept). A body with neither is',
      '`400 validation_failed`. No email is sent again. Each change is recorded in the audit trail',
      '(`inquiry.updated`).',
    ].join(' '),
    tags: ['Staff'],
    problems: ['not_found'],
  },
});
