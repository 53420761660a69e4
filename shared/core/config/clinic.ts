// Small facts about a validated clinic config that functions use at run time. Kept apart from
// schema.ts so a function's bundle does not carry the config schema (zod, phone metadata).
import type { ClinicConfig, Provider, WeeklyHours } from './schema.ts';

export { minutesOfDay, providerOffersType, WEEKDAYS, type Weekday } from './hours.ts';

/** A provider's weekly hours: their own if given, else the clinic's. */
export function providerWeeklyHours(
  config: Pick<ClinicConfig, 'scheduling'>,
  provider: Provider,
): WeeklyHours {
  return provider.weeklyHours ?? config.scheduling.weeklyHours;
}

/** A provider's display name (the id, should the config no longer list them). */
export function providerName(config: ClinicConfig, providerId: string): string {
  return config.scheduling.providers.find((p) => p.id === providerId)?.name ?? providerId;
}

/** An appointment type's display name (the id, should the config no longer list it). */
export function typeName(config: ClinicConfig, typeId: string): string {
  return config.scheduling.appointmentTypes.find((t) => t.id === typeId)?.name ?? typeId;
}
