// The public view of the clinic's providers on the wire (GET /v1/providers): what a booking widget
// needs to offer a choice of clinician. Built from the config alone; no schedule is revealed.
import type { ClinicConfig } from '../config/schema.ts';
import * as z from '../zod.ts';

export const providerListSchema = z.object({
  providers: z
    .array(
      z.object({
        id: z
          .string()
          .check(z.describe('The id GET /v1/availability and POST /v1/bookings take as provider(Id)')),
        name: z.string().check(z.describe('The name shown to patients')),
        appointmentTypes: z
          .array(z.string())
          .check(z.describe('Ids of the appointment types this provider offers, in the clinic’s order')),
      }),
    )
    .check(z.describe('In the clinic’s order')),
});
export type ProviderList = z.infer<typeof providerListSchema>;

/** Every provider with the types they offer spelled out (a provider without a list offers them all). */
export function providerList(config: ClinicConfig): ProviderList {
  const types = config.scheduling.appointmentTypes.map((type) => type.id);
  return {
    providers: config.scheduling.providers.map((provider) => ({
      id: provider.id,
      name: provider.name,
      appointmentTypes: types.filter((id) => provider.appointmentTypes?.includes(id) ?? true),
    })),
  };
}
