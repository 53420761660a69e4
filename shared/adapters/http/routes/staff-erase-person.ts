// POST /v1/staff/erasures: erase a person's leads and bookings on their request (admins only).
import { erasureBodySchema, erasureReportSchema } from '../../../core/privacy/erasure.ts';
import { defineRoute } from '../route-record.ts';

export const staffErasePersonRoute = defineRoute({
  id: 'StaffErasePerson',
  method: 'POST',
  path: '/v1/staff/erasures',
  entry: 'functions/staff-erase-person.ts',
  table: 'readWrite',
  auth: 'admin',
  // Reads every month the clinic keeps, then deletes item by item: API Gateway waits at most 30 s.
  timeoutSeconds: 29,
  request: (config) => ({ body: erasureBodySchema(config.clinic.country) }),
  responses: {
    200: {
      description: 'What was erased (nothing, when nothing matched: running it again is harmless)',
      schema: erasureReportSchema,
    },
  },
  docs: {
    operationId: 'erasePerson',
    summary: 'Erase a person’s leads and bookings',
    description: [
      'Admins only (`frontdesk` gets `403 forbidden`). Removes every lead and booking whose email is',
      '`email` (in any case) or whose phone is `phone`, with everything that belongs to them: a lead’s',
      'dedupe marker; a booking’s delivery records, pending notices and reminders, link, and the',
      'provider-time locks it still holds (a future booking’s time is open again; nobody is emailed).',
      'Audit entries are kept (append-only, no patient data in them); the erasure is added to the trail:',
      '`inquiry.erased` and `booking.erased` with each id, and `person.erased` with counts only — never',
      'the email or phone. A second request finds nothing and removes nothing. Backups and the table’s',
      'stream keep what was erased until they expire (docs/privacy.md).',
    ].join(' '),
    tags: ['Staff'],
    problems: [],
  },
});
