// Small facts about a validated clinic config that functions use at run time. Kept apart from
// schema.ts so a function's bundle does not carry the config schema (zod, phone metadata).
import type { ClinicConfig, Provider, WeeklyHours } from './schema.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes since local midnight of an `HH:MM` wall-clock time (`24:00` is 1440). */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Whether a provider offers a type: a provider without `appointmentTypes` offers all of them. */
export function providerOffersType(provider: Pick<Provider, 'appointmentTypes'>, typeId: string): boolean {
  return provider.appointmentTypes === undefined || provider.appointmentTypes.includes(typeId);
}

/** A provider's weekly hours: their own if given, else the clinic's. */
export function providerWeeklyHours(
  config: Pick<ClinicConfig, 'scheduling'>,
  provider: Provider,
): WeeklyHours {
  return provider.weeklyHours ?? config.scheduling.weeklyHours;
}
