// GET /v1/appointment-types: the types patients can book, from the clinic config.
import { appointmentTypesSchema } from '../../../core/scheduling/appointment-types.ts';
import { defineRoute } from '../route-record.ts';

export const listAppointmentTypesRoute = defineRoute({
  id: 'ListAppointmentTypes',
  method: 'GET',
  path: '/v1/appointment-types',
  entry: 'functions/appointment-types.ts',
  table: 'none',
  auth: 'public',
  request: () => ({}),
  responses: { 200: { description: 'The appointment types', schema: appointmentTypesSchema } },
  docs: {
    operationId: 'listAppointmentTypes',
    summary: 'The appointment types patients can book',
    description: 'In the clinic’s order. `description` is always present, `null` when the clinic gives none.',
    tags: ['Scheduling'],
    problems: [],
  },
});
