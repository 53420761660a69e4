// Until when a patient may change a booking online (API.md round 2, "Changes to existing routes"):
// a move until `minChangeNoticeMinutes` before the start; a cancel until then too, or, for a
// booking made less than `undoGraceMinutes` ago, at once (so a mistaken booking can be undone),
// but never once the appointment has begun. The one rule the API enforces and every email, invite
// and page states, so nothing promises what the API refuses.
import type { ClinicConfig } from '../config/schema.ts';

const MINUTE_MS = 60_000;

export interface ChangeFacts {
  readonly status: 'confirmed' | 'cancelled';
  readonly start: Date;
  /** When it was booked; absent (an older record), no undo grace applies. */
  readonly createdAt?: Date;
}

/** What may still be done online at a given instant, and until when. */
export interface ChangeWindow {
  /** The last instant a reschedule is accepted; absent when it no longer is. */
  readonly moveUntil?: Date;
  /** The last instant a cancel is accepted (≥ moveUntil); absent when it no longer is. */
  readonly cancelUntil?: Date;
}

type Rules = Pick<ClinicConfig['scheduling'], 'minChangeNoticeMinutes' | 'undoGraceMinutes'>;

/** The cut-off of the notice rule: changes are accepted up to and including this instant. */
function noticeCutOff(rules: Rules, booking: ChangeFacts): number {
  return booking.start.getTime() - rules.minChangeNoticeMinutes * MINUTE_MS;
}

/** The end of the undo grace (exclusive), never later than the start; 0 when there is none. */
function graceEnd(rules: Rules, booking: ChangeFacts): number {
  if (!booking.createdAt || rules.undoGraceMinutes <= 0) return 0;
  return Math.min(booking.createdAt.getTime() + rules.undoGraceMinutes * MINUTE_MS, booking.start.getTime());
}

export function canMoveOnline(rules: Rules, booking: ChangeFacts, now: Date): boolean {
  return booking.status === 'confirmed' && now.getTime() <= noticeCutOff(rules, booking);
}

export function canCancelOnline(rules: Rules, booking: ChangeFacts, now: Date): boolean {
  if (booking.status !== 'confirmed') return false;
  return now.getTime() <= noticeCutOff(rules, booking) || now.getTime() < graceEnd(rules, booking);
}

/** Until when, seen from `at`, the booking may still be moved and cancelled online. */
export function changeWindow(rules: Rules, booking: ChangeFacts, at: Date): ChangeWindow {
  const cutOff = noticeCutOff(rules, booking);
  const grace = graceEnd(rules, booking);
  const moveUntil = canMoveOnline(rules, booking, at) ? new Date(cutOff) : undefined;
  // The grace's end is exclusive: the last accepted instant is its last millisecond.
  const cancelUntil = canCancelOnline(rules, booking, at) ? new Date(Math.max(cutOff, grace - 1)) : undefined;
  return { ...(moveUntil ? { moveUntil } : {}), ...(cancelUntil ? { cancelUntil } : {}) };
}
