// An independent reading of API.md's Slot rules, for property tests of the slot engine. It
// shares no code with the engine: it asks Temporal about every instant directly (no cached
// offsets, no candidate stepping), and finds slots by testing every minute of a range.
import { Temporal } from 'temporal-polyfill';
import type { ClinicConfig } from '../../../shared/core/config/schema.ts';
import type { BusyBooking, Slot } from '../../../shared/core/scheduling/slots.ts';

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTE = 60_000;

function wallTime(date: Temporal.PlainDate, hhmm: string): Temporal.PlainDateTime {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return date.toPlainDateTime().add({ hours: h, minutes: m });
}

/**
 * The instant a local boundary stands for: the wall time's first occurrence, or, when the wall
 * time does not exist, the transition that skipped it.
 */
function boundary(timeZone: string, wall: Temporal.PlainDateTime): number {
  const earlier = wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  if (earlier.toPlainDateTime().equals(wall)) return earlier.epochMilliseconds;
  const transition = earlier.getTimeZoneTransition('next');
  if (!transition) throw new Error('a gap without a transition');
  return transition.epochMilliseconds;
}

function localRange(timeZone: string, range: { start: string; end: string }): [number, number] {
  return [
    boundary(timeZone, Temporal.PlainDateTime.from(range.start)),
    boundary(timeZone, Temporal.PlainDateTime.from(range.end)),
  ];
}

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];

/** Whether `start` (epoch ms) is an open slot of the type for this provider, rule by rule. */
export function oracleIsOpen(
  config: ClinicConfig,
  typeId: string,
  providerId: string,
  start: number,
  bookings: readonly BusyBooking[],
  now: Date,
): boolean {
  const { timeZone } = config.clinic;
  const type = config.scheduling.appointmentTypes.find((t) => t.id === typeId);
  const provider = config.scheduling.providers.find((p) => p.id === providerId);
  if (!type || !provider) return false;
  if (provider.appointmentTypes && !provider.appointmentTypes.includes(typeId)) return false;
  const zoned = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone);
  const date = zoned.toPlainDate();
  const wall = zoned.toPlainDateTime();
  // A start is a wall time taken at its first occurrence.
  if (wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' }).epochMilliseconds !== start) return false;
  const end = start + type.durationMinutes * MINUTE;

  // Rule 1: inside one working interval of that date, on the interval's wall-clock grid.
  const hours = (provider.weeklyHours ?? config.scheduling.weeklyHours)[
    DAY_NAMES[date.dayOfWeek - 1] as (typeof DAY_NAMES)[number]
  ] as [string, string][] | undefined;
  const onGrid = (hours ?? []).some(([open, close]) => {
    const sinceOpen = wall.since(wallTime(date, open), { largestUnit: 'minutes' });
    const steps = sinceOpen.minutes;
    return (
      sinceOpen.seconds === 0 &&
      sinceOpen.milliseconds === 0 &&
      steps >= 0 &&
      steps % type.slotIntervalMinutes === 0 &&
      boundary(timeZone, wallTime(date, open)) <= start &&
      end <= boundary(timeZone, wallTime(date, close))
    );
  });
  if (!onGrid) return false;

  // Rule 2: no clinic closure, no time off of the provider.
  for (const closure of config.scheduling.closures) {
    const span: [number, number] =
      'date' in closure
        ? [
            boundary(timeZone, Temporal.PlainDate.from(closure.date).toPlainDateTime()),
            boundary(timeZone, Temporal.PlainDate.from(closure.date).add({ days: 1 }).toPlainDateTime()),
          ]
        : localRange(timeZone, closure);
    if (overlaps(span, [start, end])) return false;
  }
  for (const away of provider.timeOff) {
    if (overlaps(localRange(timeZone, away), [start, end])) return false;
  }

  // Rule 3: no booking of the provider, both sides taken with their own buffers.
  const held: [number, number] = [
    start - type.bufferBeforeMinutes * MINUTE,
    end + type.bufferAfterMinutes * MINUTE,
  ];
  for (const booking of bookings) {
    if (booking.providerId !== providerId) continue;
    const blocked: [number, number] = [
      booking.start.getTime() - booking.bufferBeforeMinutes * MINUTE,
      booking.end.getTime() + booking.bufferAfterMinutes * MINUTE,
    ];
    if (overlaps(held, blocked)) return false;
  }

  // Rule 4: enough notice, and not beyond the last bookable local date.
  if (start < now.getTime() + config.scheduling.minNoticeMinutes * MINUTE) return false;
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate();
  return Temporal.PlainDate.compare(date, today.add({ days: config.scheduling.maxAdvanceDays })) <= 0;
}

function rfc3339(timeZone: string, instant: number): string {
  return Temporal.Instant.fromEpochMilliseconds(instant)
    .toZonedDateTimeISO(timeZone)
    .toString({ smallestUnit: 'second', timeZoneName: 'never' });
}

/** Every open slot whose local date is in from..to, found by testing each minute of the range. */
export function oracleSlots(input: {
  config: ClinicConfig;
  typeId: string;
  from: string;
  to: string;
  providerId?: string;
  bookings: readonly BusyBooking[];
  now: Date;
}): Slot[] {
  const { config, typeId, from, to, bookings, now } = input;
  const { timeZone } = config.clinic;
  const type = config.scheduling.appointmentTypes.find((t) => t.id === typeId);
  if (!type) throw new Error(`unknown type ${typeId}`);
  const providers = config.scheduling.providers
    .map((p) => p.id)
    .filter((id) => input.providerId === undefined || id === input.providerId);
  const first = Temporal.PlainDate.from(from);
  const last = Temporal.PlainDate.from(to);
  // Every instant of a local date in range lies between the two starts of day; an hour of margin
  // on each side leaves room for doubt without scanning whole extra days.
  const scanFrom = first.toZonedDateTime(timeZone).epochMilliseconds - 60 * MINUTE;
  const scanTo = last.add({ days: 1 }).toZonedDateTime(timeZone).epochMilliseconds + 60 * MINUTE;
  const slots: Slot[] = [];
  for (let t = scanFrom; t < scanTo; t += MINUTE) {
    const zoned = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(timeZone);
    const date = zoned.toPlainDate();
    if (Temporal.PlainDate.compare(date, first) < 0 || Temporal.PlainDate.compare(date, last) > 0) continue;
    // A shortcut only, implied by rule 1: the wall time must be on some interval's grid.
    const minuteOfDay = zoned.hour * 60 + zoned.minute;
    const day = DAY_NAMES[date.dayOfWeek - 1] as (typeof DAY_NAMES)[number];
    const mayBeOpen = (id: string) => {
      const provider = config.scheduling.providers.find((p) => p.id === id);
      const hours = ((provider?.weeklyHours ?? config.scheduling.weeklyHours)[day] ?? []) as [
        string,
        string,
      ][];
      return hours.some(([open]) => {
        const [h, m] = open.split(':').map(Number) as [number, number];
        const steps = minuteOfDay - (h * 60 + m);
        return steps >= 0 && steps % type.slotIntervalMinutes === 0;
      });
    };
    const free = providers.filter(
      (id) => mayBeOpen(id) && oracleIsOpen(config, typeId, id, t, bookings, now),
    );
    if (free.length > 0) {
      slots.push({
        start: rfc3339(timeZone, t),
        end: rfc3339(timeZone, t + type.durationMinutes * MINUTE),
        providers: free,
      });
    }
  }
  return slots;
}
