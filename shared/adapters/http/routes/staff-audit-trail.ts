// GET /v1/staff/audit: the audit trail, for admins.
import { auditPageSchema, auditTrailQuery } from '../../../core/staff/lead-schemas.ts';
import { defineRoute } from '../route-record.ts';

export const staffAuditTrailRoute = defineRoute({
  id: 'StaffAuditTrail',
  method: 'GET',
  path: '/v1/staff/audit',
  entry: 'functions/staff-audit-trail.ts',
  // Reads the trail, and appends this read to it.
  table: 'readAndAudit',
  auth: 'admin',
  request: () => ({ query: auditTrailQuery }),
  responses: { 200: { description: 'A page of the trail, newest first', schema: auditPageSchema } },
  docs: {
    operationId: 'getStaffAuditTrail',
    summary: 'The audit trail',
    description: [
      'Admins only (`frontdesk` gets `403 forbidden`). Who read or changed which record, when and from',
      'where, between `from` and `to` (local dates, both included; at most 366 days; by default the last',
      '30), newest first, paged with `limit` and `cursor`. `actor` keeps one member’s entries (their',
      'email, any case), `recordId` one record’s. Entries cannot be changed or deleted; reading the trail',
      'is itself recorded (`audit.read`).',
    ].join(' '),
    tags: ['Staff'],
    problems: [],
  },
});
