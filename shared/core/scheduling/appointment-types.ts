// GET /v1/appointment-types on the wire: the public view of the clinic's appointment types and its
// schema (OpenAPI only: the answer is built, not parsed). zod/mini and a module of its own, so the
// route's bundle carries neither classic zod nor the date rules of availability-schemas.ts.
import * as z from 'zod/mini';
import type { ClinicConfig } from '../config/schema.ts';

export const appointmentTypesSchema = z.object({
  types: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.nullable(z.string()).check(z.describe('null when the clinic gives none')),
      durationMinutes: z.int(),
    }),
  ),
});
export type AppointmentTypeList = z.infer<typeof appointmentTypesSchema>;

/** The public view of the clinic's appointment types, in config order. */
export function appointmentTypeList(config: ClinicConfig): AppointmentTypeList {
  return {
    types: config.scheduling.appointmentTypes.map((type) => ({
      id: type.id,
      name: type.name,
      description: type.description ?? null,
      durationMinutes: type.durationMinutes,
    })),
  };
}
