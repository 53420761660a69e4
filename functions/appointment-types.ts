// GET /v1/appointment-types: the types patients can book, straight from the clinic config.
import { clinicConfig } from '../shared/config/runtime.ts';
import { json } from '../shared/http/responses.ts';
import { httpRoute } from '../shared/http/route.ts';
import { appointmentTypeList } from '../shared/scheduling/api.ts';

// The config only changes with a deploy, so the answer is built once per container.
const types = appointmentTypeList(clinicConfig());

export const handler = httpRoute({
  handler: async () => json(200, types),
});
