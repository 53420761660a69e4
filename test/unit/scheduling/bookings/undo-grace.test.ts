// scheduling.undoGraceMinutes (API.md round 2): a booking made less than that long ago can be
// cancelled online even inside minChangeNoticeMinutes; a reschedule keeps to the notice rule.
import { describe, expect, it } from 'vitest';
import {
  type BookingDeps,
  cancelBooking,
  createBooking,
  manageBooking,
  rescheduleBooking,
} from '../../../../shared/app/scheduling/bookings.ts';
import type { ClinicConfig } from '../../../../shared/core/config/schema.ts';
import type { CreateBookingInput } from '../../../../shared/core/scheduling/booking-schemas.ts';
import { TooLateToChangeError } from '../../../../shared/core/scheduling/errors.ts';
import { devConfig } from './fixtures.ts';
import { MemoryStore } from './memory-store.ts';

// Tuesday Dec 1, 2026, 08:00 New York: a same-day booking at 13:00 is inside the 24-hour notice.
const NOW = new Date('2026-12-01T13:00:00Z');
const SAME_DAY = '2026-12-01T13:00:00-05:00';
const MINUTE = 60_000;
let ids = 0;

function setup(config: ClinicConfig = devConfig) {
  const store = new MemoryStore();
  const deps: BookingDeps = {
    config,
    store,
    loadBusy: async () => store.busy(),
    newId: () => `01KUNDO${String(++ids).padStart(19, '0')}`,
    newToken: () => `token-${ids}`,
  };
  const context = { now: NOW, manageUrl: (id: string, token: string) => `https://m.example/${id}/${token}` };
  return { store, deps, context };
}

const input: CreateBookingInput = {
  type: 'follow-up',
  start: SAME_DAY,
  name: 'Ana',
  email: 'ana@example.com',
  phone: '+12015550123',
  consent: true,
  attribution: {},
  honeypotFilled: false,
};

const at = (minutes: number) => ({ now: new Date(NOW.getTime() + minutes * MINUTE) });

describe('the undo grace', () => {
  it('lets a same-day booking be cancelled online within 15 minutes of making it', async () => {
    const { deps, context } = setup();
    const { booking, manageToken: token } = await createBooking(deps, input, context);
    const cancelled = await cancelBooking(deps, booking.id, { token }, at(14.99));
    expect(cancelled).toMatchObject({ changed: true, booking: { status: 'cancelled' } });
  });

  it('refuses the cancel once the grace is over (15 minutes after booking)', async () => {
    const { deps, context } = setup();
    const { booking, manageToken: token } = await createBooking(deps, input, context);
    await expect(cancelBooking(deps, booking.id, { token }, at(15))).rejects.toBeInstanceOf(
      TooLateToChangeError,
    );
  });

  it('never lets a move through inside the notice period, grace or not', async () => {
    const { deps, context } = setup();
    const { booking, manageToken: token } = await createBooking(deps, input, context);
    await expect(
      rescheduleBooking(
        deps,
        booking.id,
        { token, start: '2026-12-01T14:00:00-05:00' },
        { ...context, ...at(1) },
      ),
    ).rejects.toBeInstanceOf(TooLateToChangeError);
  });

  it('is off with undoGraceMinutes 0', async () => {
    const config = { ...devConfig, scheduling: { ...devConfig.scheduling, undoGraceMinutes: 0 } };
    const { deps, context } = setup(config);
    const { booking, manageToken: token } = await createBooking(deps, input, context);
    await expect(cancelBooking(deps, booking.id, { token }, at(1))).rejects.toBeInstanceOf(
      TooLateToChangeError,
    );
  });

  it('shows on the manage data: cancellable but not changeable, with the grace’s end', async () => {
    const { deps, context } = setup();
    const { booking, manageToken: token } = await createBooking(deps, input, context);
    const managed = await manageBooking(deps, booking.id, token, { ...at(5), choices: 0 });
    expect(managed).toMatchObject({ changeable: false, cancellable: true });
    expect(managed.window).toEqual({ cancelUntil: new Date(NOW.getTime() + 15 * MINUTE - 1) });
    const later = await manageBooking(deps, booking.id, token, { ...at(16), choices: 0 });
    expect(later).toMatchObject({ changeable: false, cancellable: false, window: {} });
  });
});
