// GET /v1/appointment-types: the types patients can book, straight from the clinic config.

import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { json } from '../shared/adapters/http/responses.ts';
import { listAppointmentTypesRoute } from '../shared/adapters/http/routes/appointment-types.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { appointmentTypeList } from '../shared/core/scheduling/appointment-types.ts';

// The config only changes with a deploy, so the answer is built once per container.
const types = appointmentTypeList(clinicConfig());

export const handler = httpRoute(listAppointmentTypesRoute, async () => json(200, types));
