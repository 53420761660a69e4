// The change window every email and the API share (shared/core/scheduling/change-window.ts).
import { describe, expect, it } from 'vitest';
import {
  canCancelOnline,
  canMoveOnline,
  changeWindow,
} from '../../../shared/core/scheduling/change-window.ts';

const MINUTE = 60_000;
const rules = { minChangeNoticeMinutes: 1440, undoGraceMinutes: 15 };
const start = new Date('2026-12-02T14:00:00Z');
const cutOff = new Date(start.getTime() - 1440 * MINUTE);
const confirmed = (createdAt: Date) => ({ status: 'confirmed' as const, start, createdAt });

describe('changeWindow', () => {
  it('booked days ahead: move and cancel until the notice cut-off, inclusive', () => {
    const booking = confirmed(new Date('2026-11-20T15:00:00Z'));
    expect(changeWindow(rules, booking, booking.createdAt)).toEqual({
      moveUntil: cutOff,
      cancelUntil: cutOff,
    });
    expect(canMoveOnline(rules, booking, cutOff)).toBe(true);
    expect(canMoveOnline(rules, booking, new Date(cutOff.getTime() + 1))).toBe(false);
    expect(canCancelOnline(rules, booking, new Date(cutOff.getTime() + 1))).toBe(false);
  });

  it('booked inside the notice period: cancel only, until the grace ends', () => {
    const createdAt = new Date(cutOff.getTime() + 60 * MINUTE);
    const booking = confirmed(createdAt);
    const graceLast = new Date(createdAt.getTime() + 15 * MINUTE - 1);
    expect(changeWindow(rules, booking, createdAt)).toEqual({ cancelUntil: graceLast });
    expect(canCancelOnline(rules, booking, graceLast)).toBe(true);
    expect(canCancelOnline(rules, booking, new Date(graceLast.getTime() + 1))).toBe(false);
    expect(changeWindow(rules, booking, new Date(graceLast.getTime() + 1))).toEqual({});
  });

  it('booked just before the cut-off: move until the cut-off, cancel until the grace ends after it', () => {
    const createdAt = new Date(cutOff.getTime() - 5 * MINUTE);
    const booking = confirmed(createdAt);
    expect(changeWindow(rules, booking, createdAt)).toEqual({
      moveUntil: cutOff,
      cancelUntil: new Date(createdAt.getTime() + 15 * MINUTE - 1),
    });
  });

  it('never past the start, even when the grace would run beyond it (a staff booking minutes ahead)', () => {
    const createdAt = new Date(start.getTime() - 5 * MINUTE);
    const booking = confirmed(createdAt);
    expect(changeWindow(rules, booking, createdAt)).toEqual({ cancelUntil: new Date(start.getTime() - 1) });
    expect(canCancelOnline(rules, booking, start)).toBe(false);
  });

  it('nothing for a cancelled booking, and no grace without a creation time', () => {
    expect(changeWindow(rules, { status: 'cancelled', start }, cutOff)).toEqual({});
    const old = { status: 'confirmed' as const, start };
    expect(changeWindow(rules, old, new Date(cutOff.getTime() + 1))).toEqual({});
  });
});
