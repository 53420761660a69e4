// Claiming a provider's time. A booking holds one lock item per time block its blocked interval
// [start − bufferBefore, end + bufferAfter) covers, each put with attribute_not_exists(pk) in the
// booking's own transaction: two bookings whose blocked intervals overlap share at least one block,
// so DynamoDB lets only one of them commit, whatever the concurrency.
import { minutesOfDay } from '../config/clinic.ts';
import type { ClinicConfig } from '../config/schema.ts';

export const LOCK_SORT_KEY = 'LOCK';
export const LOCK_KIND = 'booking-lock';
/** DynamoDB's limit on the items of one TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;
/** Besides its locks, a booking transaction writes the booking and its notice (outbox) item. */
export const NON_LOCK_TRANSACTION_ITEMS = 2;
/**
 * The patient's ledger (core/scheduling/patients.ts): a move rewrites the booking's two entries
 * and moves both heads on; a create writes those four and the double-submit marker, its manage
 * link and, from the website, the client's attempt allowance (docs/scheduling.md "One write").
 */
export const RESCHEDULE_LEDGER_ITEMS = 4;
export const CREATE_EXTRA_ITEMS = 4 + 1 + 1 + 1;
/**
 * Each reminder a booking holds costs a reschedule three items at worst: the new time's put, and
 * the old time's pending item and released notice deleted (booking-transactions.ts).
 */
export const ITEMS_PER_REMINDER = 3;
/**
 * Every current IANA zone's UTC offset is a whole multiple of 15 minutes (India +5:30, Nepal
 * +5:45, Chatham +12:45), so local wall-clock minutes line up with a 15-minute epoch grid.
 */
const ZONE_OFFSET_GRANULARITY_MINUTES = 15;
const MINUTE_MS = 60_000;

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/**
 * The block size, in minutes, for a clinic's config: the largest grid (aligned to the Unix epoch)
 * on which every slot start, every blocked-interval start and every blocked-interval end falls.
 * A slot start is local midnight (a multiple of the zone-offset granularity away from the epoch
 * grid) + a working interval's start + k · slot interval; the blocked interval adds the buffers
 * and the duration. So the gcd of all of those makes each blocked interval an exact union of
 * blocks: a booking never claims a block it does not use, and the engine's "open slot" and the
 * locks' "free" agree.
 */
export function lockBlockMinutes(scheduling: ClinicConfig['scheduling']): number {
  const parts: number[] = [ZONE_OFFSET_GRANULARITY_MINUTES];
  for (const type of scheduling.appointmentTypes) {
    parts.push(
      type.durationMinutes,
      type.slotIntervalMinutes,
      type.bufferBeforeMinutes,
      type.bufferAfterMinutes,
    );
  }
  const allHours = [scheduling.weeklyHours, ...scheduling.providers.map((p) => p.weeklyHours)];
  for (const hours of allHours) {
    for (const intervals of Object.values(hours ?? {})) {
      for (const [start] of intervals ?? []) parts.push(minutesOfDay(start));
    }
  }
  // Config validation also calls this on a file with other problems (a time like "8:00" gives NaN);
  // those are reported on their own, and left out here so the gcd always ends.
  return parts.filter((part) => Number.isInteger(part)).reduce(gcd, 0);
}

/** The partition key of one block's lock. */
export function lockPk(providerId: string, blockStart: Date): string {
  return `LOCK#${providerId}#${blockStart.toISOString()}`;
}

/**
 * The lock keys covering [from, until) on a grid of `blockMinutes`. Rounded outwards, so an
 * interval that is not on the grid (a config change since the booking) is still fully covered.
 */
export function lockPks(providerId: string, from: Date, until: Date, blockMinutes: number): string[] {
  const blockMs = blockMinutes * MINUTE_MS;
  const first = Math.floor(from.getTime() / blockMs) * blockMs;
  const keys: string[] = [];
  for (let at = first; at < until.getTime(); at += blockMs) keys.push(lockPk(providerId, new Date(at)));
  return keys;
}

/** How many lock blocks a booking of this type holds. */
export function blocksPerBooking(
  type: { durationMinutes: number; bufferBeforeMinutes: number; bufferAfterMinutes: number },
  blockMinutes: number,
): number {
  return Math.ceil(
    (type.bufferBeforeMinutes + type.durationMinutes + type.bufferAfterMinutes) / blockMinutes,
  );
}

export interface ConfigProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * Config problems that would make a booking transaction exceed DynamoDB's 100 items. The worst
 * case is a reschedule to a time that shares no block with the old one: it claims every new block,
 * releases every old one, writes the booking and its notice, and replaces every reminder. Meant for the config schema's
 * validation, so a clinic whose types cannot be booked is refused at deploy time.
 */
export function lockCapacityProblems(scheduling: ClinicConfig['scheduling']): ConfigProblem[] {
  const blockMinutes = lockBlockMinutes(scheduling);
  const problems: ConfigProblem[] = [];
  scheduling.appointmentTypes.forEach((type, index) => {
    const blocks = blocksPerBooking(type, blockMinutes);
    // Texts counted whether or not `sms` is set: the limit must not depend on a patient's consent.
    const reminders = (type.reminders ?? scheduling.reminders).reduce((n, r) => n + r.channels.length, 0);
    const fixed = NON_LOCK_TRANSACTION_ITEMS + ITEMS_PER_REMINDER * reminders + RESCHEDULE_LEDGER_ITEMS;
    // A create is smaller but for the shortest visits: it claims each block once.
    const create = blocks + NON_LOCK_TRANSACTION_ITEMS + reminders + CREATE_EXTRA_ITEMS;
    const items = Math.max(2 * blocks + fixed, create);
    if (items > MAX_TRANSACTION_ITEMS) {
      const maxBlocks = Math.floor((MAX_TRANSACTION_ITEMS - fixed) / 2);
      problems.push({
        path: ['appointmentTypes', index, 'durationMinutes'],
        message:
          `with buffers spans ${blocks} blocks of ${blockMinutes} minutes (the greatest common divisor of all ` +
          `durations, intervals, buffers, opening times and 15); bookings are limited to ${maxBlocks} blocks. ` +
          'Use durations, intervals, buffers and opening times that are multiples of 5 or 15 minutes',
      });
    }
  });
  return problems;
}
