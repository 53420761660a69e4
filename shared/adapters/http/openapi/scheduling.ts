// GET /v1/appointment-types and GET /v1/availability in the OpenAPI document: the schemas that
// validate the query and describe the answers.
import {
  appointmentTypesSchema,
  availabilityQuerySchema,
  availabilitySchema,
  MAX_RANGE_DAYS,
} from '../../../core/scheduling/availability-schemas.ts';
import type { OperationDoc } from './operation.ts';

export const listAppointmentTypesOperation: OperationDoc = {
  method: 'get',
  path: '/v1/appointment-types',
  operationId: 'listAppointmentTypes',
  summary: 'The appointment types patients can book',
  description: 'In the clinic’s order. `description` is always present, `null` when the clinic gives none.',
  tags: ['Scheduling'],
  responses: { 200: { description: 'The appointment types', schema: appointmentTypesSchema } },
  problems: [],
};

export const getAvailabilityOperation: OperationDoc = {
  method: 'get',
  path: '/v1/availability',
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
  query: availabilityQuerySchema,
  responses: { 200: { description: 'The open slots', schema: availabilitySchema } },
  problems: ['validation_failed', 'unknown_appointment_type', 'range_too_large'],
};
