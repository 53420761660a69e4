// GET /v1/availability?type=&from=&to=[&provider=]: the open slots of a type between two local dates.
import {
  availabilityQuerySchema,
  availabilitySchema,
  MAX_RANGE_DAYS,
} from '../../../core/scheduling/availability-schemas.ts';
import { defineRoute } from '../route-record.ts';

export const getAvailabilityRoute = defineRoute({
  id: 'GetAvailability',
  method: 'GET',
  path: '/v1/availability',
  entry: 'functions/availability.ts',
  table: 'read',
  auth: 'public',
  request: () => ({ query: availabilityQuerySchema }),
  responses: { 200: { description: 'The open slots', schema: availabilitySchema } },
  docs: {
    operationId: 'getAvailability',
    summary: 'Open slots of an appointment type between two local dates',
    description: [
      `\`from\`..\`to\` are local dates in the clinic's time zone, both included, at most ${MAX_RANGE_DAYS} days (else \`400 range_too_large\`);`,
      '`to` before `from` is `400 validation_failed`. Slots follow the Slot rules: working hours, closures, time off,',
      'bookings with their buffers, minimum notice and the booking window. Days outside the booking window have no slots.',
      '`nextAvailable` is present only when `slots` is empty: the first open slot after `to` within the booking window, or `null`.',
      'An unknown type is `400 unknown_appointment_type`; an unknown `provider`, or one who does not offer the type,',
      'is `400 validation_failed` on `provider`.',
    ].join(' '),
    tags: ['Scheduling'],
    problems: ['unknown_appointment_type', 'range_too_large'],
  },
});
