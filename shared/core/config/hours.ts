// Weekdays and wall-clock times as the clinic config writes them. No imports, so the config
// schema and the run-time facts (./clinic.ts) can both build on it.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes since local midnight of an `HH:MM` wall-clock time (`24:00` is 1440). */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Whether a provider offers a type: a provider without `appointmentTypes` offers all of them. */
export function providerOffersType(
  provider: { readonly appointmentTypes?: readonly string[] | undefined },
  typeId: string,
): boolean {
  return provider.appointmentTypes === undefined || provider.appointmentTypes.includes(typeId);
}
