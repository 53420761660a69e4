// The booking use cases against an in-memory store that keeps the same rules as the DynamoDB
// transactions (a lock block has one holder; a booking changes only at the sequence read). The
// races that need real concurrency are in test/integration/scheduling/bookings*.test.ts; here a
// store can be told to lose a race on purpose, which real DynamoDB cannot be made to do on cue.
import { describe, expect, it } from 'vitest';
import {
  BOOKING_NOT_FOUND,
  type BookingDeps,
  cancelBooking,
  createBooking,
  findBooking,
  manageBooking,
  rescheduleBooking,
} from '../../../../shared/app/scheduling/bookings.ts';
import { ValidationError } from '../../../../shared/core/errors.ts';
import type { CreateBookingInput } from '../../../../shared/core/scheduling/booking-schemas.ts';
import {
  BookingCancelledError,
  SlotUnavailableError,
  TooLateToChangeError,
} from '../../../../shared/core/scheduling/errors.ts';
import { devConfig } from './fixtures.ts';
import { MemoryStore } from './memory-store.ts';

// Friday Nov 20, 2026, 10:00 New York. Tue Dec 1 is within the window; only Dr. Shah works
// Tuesdays 9–17 besides Dr. Lee's clinic hours.
const NOW = new Date('2026-11-20T15:00:00Z');
let ids = 0;

function setup() {
  const store = new MemoryStore();
  const deps: BookingDeps = {
    config: devConfig,
    store,
    loadBusy: async () => store.busy(),
    newId: () => `01KTEST${String(++ids).padStart(19, '0')}`,
    newToken: () => `token-${ids}`,
  };
  const context = { now: NOW, manageUrl: (id: string, token: string) => `https://m.example/${id}/${token}` };
  return { store, deps, context };
}

function input(overrides: Partial<CreateBookingInput> = {}): CreateBookingInput {
  return {
    type: 'new-patient',
    start: '2026-12-01T10:00:00-05:00',
    name: 'Ana',
    email: 'ana@example.com',
    phone: '+12015550123',
    consent: true,
    attribution: {},
    honeypotFilled: false,
    ...overrides,
  };
}

describe('createBooking', () => {
  it('gives the first free provider in config order, and writes the confirmation notice with the manage link', async () => {
    const { deps, context, store } = setup();
    const result = await createBooking(deps, input(), context);
    expect(result.booking.providerId).toBe('dr-lee');
    expect(store.notices).toEqual([
      expect.objectContaining({
        event: 'confirmed',
        manageUrl: `https://m.example/${result.booking.id}/${result.manageToken}`,
      }),
    ]);
  });

  it('moves on to the next free provider when the first one’s time was just taken', async () => {
    const { deps, context, store } = setup();
    store.forced.push('slot-taken');
    const result = await createBooking(deps, input(), context);
    expect(result.booking.providerId).toBe('dr-shah');
  });

  it('answers slot_unavailable with the nearest open slots once every free provider is taken', async () => {
    const { deps, context, store } = setup();
    store.forced.push('slot-taken', 'slot-taken');
    const error = await createBooking(deps, input(), context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlotUnavailableError);
    const alternatives = (error as SlotUnavailableError).alternatives;
    expect(alternatives).toHaveLength(3);
    expect(store.bookings.size).toBe(0);
  });

  it('reads the bookings of the asked slot only, and of the whole window only to find alternatives', async () => {
    const { deps, context, store } = setup();
    const asked: string[][] = [];
    const recording: BookingDeps = {
      ...deps,
      loadBusy: async (from, to) => {
        asked.push([from.toISOString(), to.toISOString()]);
        return store.busy();
      },
    };
    // A booking the one write takes reads nothing.
    await createBooking(recording, input(), context);
    expect(asked).toEqual([]);

    asked.length = 0;
    // The one write and the write after the read both find the time taken.
    store.forced.push('slot-taken', 'slot-taken');
    const another = { email: 'bo@example.com', phone: '+12015550124' };
    await createBooking(recording, input(another), context).catch(() => undefined);
    expect(asked).toEqual([
      // The loader widens by the longest reach of any booking itself (busy.ts).
      ['2026-12-01T15:00:00.000Z', '2026-12-01T15:45:00.000Z'],
      // now + minNoticeMinutes (120) to the end of today + maxAdvanceDays (60), New York time.
      ['2026-11-20T17:00:00.000Z', '2027-01-20T05:00:00.000Z'],
    ]);
  });

  it('does not try a provider who is not free, and keeps to the provider asked for', async () => {
    const { deps, context } = setup();
    await createBooking(deps, input({ providerId: 'dr-shah' }), context);
    const another = { email: 'bo@example.com', phone: '+12015550124' };
    const again = await createBooking(deps, input({ providerId: 'dr-shah', ...another }), context).catch(
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(SlotUnavailableError);
    for (const slot of (again as SlotUnavailableError).alternatives)
      expect(slot.providers).toEqual(['dr-shah']);
  });

  it('refuses an unknown provider id as a field error', async () => {
    const { deps, context } = setup();
    await expect(createBooking(deps, input({ providerId: 'dr-nobody' }), context)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('books nothing for a filled honeypot, answering with the same shape', async () => {
    const { deps, context, store } = setup();
    const result = await createBooking(deps, input({ honeypotFilled: true }), context);
    expect(result.stored).toBe(false);
    expect(result.booking.providerId).toBe('dr-lee');
    // Shown once, like a real booking's, though no booking holds it.
    expect(result.manageToken).toMatch(/^token-\d+$/);
    expect(result.manageUrl).toBe(`https://m.example/${result.booking.id}/${result.manageToken}`);
    expect(store.bookings.size).toBe(0);
    expect(store.locks.size).toBe(0);
    expect(store.notices).toEqual([]);
  });
});

describe('cancelBooking and rescheduleBooking', () => {
  async function booked(overrides: Partial<CreateBookingInput> = {}) {
    const env = setup();
    const created = await createBooking(env.deps, input(overrides), env.context);
    return { ...env, id: created.booking.id, token: created.manageToken };
  }

  it('finds nothing for a wrong token or id: the same 404', async () => {
    const { deps, id, token } = await booked();
    await expect(findBooking(deps, id, 'wrong')).rejects.toMatchObject({ code: 'not_found' });
    await expect(findBooking(deps, id, undefined)).rejects.toMatchObject({ code: 'not_found' });
    await expect(findBooking(deps, '01KTEST0000000000000000999', token)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(findBooking(deps, 'not-an-id', token)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('re-reads and tries again when the booking changed between the read and the write', async () => {
    const { deps, context, store, id, token } = await booked();
    store.forced.push('booking-changed');
    const moved = await rescheduleBooking(deps, id, { token, start: '2026-12-01T10:15:00-05:00' }, context);
    expect(moved).toMatchObject({ changed: true, booking: { sequence: 1 } });
    store.forced.push('booking-changed');
    const cancelled = await cancelBooking(deps, id, { token }, context);
    expect(cancelled).toMatchObject({ changed: true, booking: { status: 'cancelled', sequence: 2 } });
  });

  it('keeps the current provider on a move without providerId when they are free', async () => {
    // Dr. Lee comes first in config order and is free too: only the preference keeps Dr. Shah.
    const { deps, context, id, token } = await booked({ providerId: 'dr-shah' });
    const moved = await rescheduleBooking(deps, id, { token, start: '2026-12-01T14:00:00-05:00' }, context);
    expect(moved.booking.providerId).toBe('dr-shah');
  });

  it('answers a move to where the booking already is without a write or an email', async () => {
    const { deps, context, store, id, token } = await booked();
    const same = await rescheduleBooking(deps, id, { token, start: '2026-12-01T15:00:00Z' }, context);
    expect(same).toMatchObject({ changed: false, booking: { sequence: 0 } });
    expect(store.notices).toHaveLength(1);
  });

  it('refuses to move a cancelled booking (booking_cancelled) and to change one inside the notice period', async () => {
    const { deps, context, id, token } = await booked();
    const late = { ...context, now: new Date('2026-11-30T15:00:01Z') };
    await expect(cancelBooking(deps, id, { token }, late)).rejects.toBeInstanceOf(TooLateToChangeError);
    await cancelBooking(deps, id, { token }, context);
    const moved = await rescheduleBooking(
      deps,
      id,
      { token, start: '2026-12-02T10:00:00-05:00' },
      context,
    ).catch((e: unknown) => e);
    expect(moved).toBeInstanceOf(BookingCancelledError);
    expect(moved).toMatchObject({ code: 'booking_cancelled' });
  });
});

describe('cancelBooking outcomes', () => {
  it('says whether it cancelled now: a second cancel changes nothing and emails nothing', async () => {
    const { deps, context, store } = setup();
    const created = await createBooking(deps, input(), context);
    const token = created.manageToken;
    const first = await cancelBooking(deps, created.booking.id, { token, reason: 'Feeling better' }, context);
    expect(first).toMatchObject({ changed: true, booking: { status: 'cancelled', cancelledAt: NOW } });
    const later = { now: new Date(NOW.getTime() + 60_000) };
    const again = await cancelBooking(deps, created.booking.id, { token }, later);
    expect(again.changed).toBe(false);
    expect(again.booking).toEqual(first.booking);
    expect(store.notices.map((notice) => notice.event)).toEqual(['confirmed', 'cancelled']);
  });
});

describe('manageBooking', () => {
  it('gives the booking, that it can still be changed, and the nearest other open times when asked', async () => {
    const { deps, context } = setup();
    const created = await createBooking(deps, input(), context);
    const managed = await manageBooking(deps, created.booking.id, created.manageToken, {
      now: NOW,
      choices: 8,
    });
    expect(managed.booking.id).toBe(created.booking.id);
    expect(managed.changeable).toBe(true);
    expect(managed.choices).toHaveLength(8);
    expect(managed.choices.map((slot) => new Date(slot.start).getTime())).not.toContain(
      created.booking.start.getTime(),
    );
  });

  it('reads no availability when no choices are asked for, or when the booking can no longer be changed', async () => {
    const { deps, context } = setup();
    const created = await createBooking(deps, input(), context);
    let reads = 0;
    const counting: BookingDeps = {
      ...deps,
      loadBusy: async (from, to) => {
        reads++;
        return deps.loadBusy(from, to);
      },
    };
    const json = await manageBooking(counting, created.booking.id, created.manageToken, {
      now: NOW,
      choices: 0,
    });
    expect(json).toMatchObject({ changeable: true, choices: [] });
    const tooLate = new Date('2026-11-30T15:00:01Z');
    const late = await manageBooking(counting, created.booking.id, created.manageToken, {
      now: tooLate,
      choices: 8,
    });
    expect(late).toMatchObject({ changeable: false, choices: [] });
    expect(reads).toBe(0);
  });

  it('is the same 404 as findBooking for a wrong token', async () => {
    const { deps, context } = setup();
    const created = await createBooking(deps, input(), context);
    await expect(
      manageBooking(deps, created.booking.id, 'wrong', { now: NOW, choices: 8 }),
    ).rejects.toMatchObject({ code: 'not_found', detail: BOOKING_NOT_FOUND });
  });
});
