// The patient's booking from the website (bookOnline, createBooking in shared/app/scheduling/
// bookings.ts) against the in-memory store: the order of the defences, the per-patient cap, and the
// double submit — including the races a store can be told to lose on purpose.
import { describe, expect, it } from 'vitest';
import type { CaptchaCheck } from '../../../shared/app/captcha/check-captcha.ts';
import {
  bookOnline,
  createBooking,
  type OnlineBookingDeps,
} from '../../../shared/app/scheduling/bookings.ts';
import type { AttemptOutcome } from '../../../shared/app/scheduling/ports.ts';
import { CaptchaFailedError, RateLimitedError } from '../../../shared/core/errors.ts';
import type { CreateBookingInput } from '../../../shared/core/scheduling/booking-schemas.ts';
import { BookingLimitReachedError, SlotUnavailableError } from '../../../shared/core/scheduling/errors.ts';
import { devConfig } from '../scheduling/bookings/fixtures.ts';
import { MemoryStore } from '../scheduling/bookings/memory-store.ts';

// Friday Nov 20, 2026, 10:00 New York; Tue Dec 1 is in the window (Dr. Lee and Dr. Shah).
const NOW = new Date('2026-11-20T15:00:00Z');
let ids = 0;

function setup(options: { attempt?: AttemptOutcome; captcha?: CaptchaCheck } = {}) {
  const store = new MemoryStore();
  const calls: string[] = [];
  const deps: OnlineBookingDeps = {
    config: devConfig,
    store,
    loadBusy: async () => store.busy(),
    newId: () => `01KTEST${String(++ids).padStart(19, '0')}`,
    newToken: () => `token-${ids}`,
    attempts: {
      take: async (clientIp, limit) => {
        calls.push(`attempt ${clientIp} of ${limit}`);
        return options.attempt ?? { allowed: true };
      },
    },
    captcha: {
      verify: async (token) => {
        calls.push(`captcha ${token}`);
        return options.captcha ?? 'passed';
      },
    },
  };
  // The allowance a write takes itself (no CAPTCHA) is the same limiter's.
  store.allowance = (clientIp, limit) => deps.attempts.take(clientIp, limit, NOW);
  const context = { now: NOW, manageUrl: (id: string, token: string) => `https://m.example/${id}/${token}` };
  return { store, deps, context, calls };
}

function input(overrides: Partial<CreateBookingInput> = {}): CreateBookingInput {
  return {
    type: 'follow-up',
    start: '2026-12-01T10:00:00-05:00',
    name: 'Ana',
    email: 'ana@example.com',
    phone: '+12015550123',
    consent: true,
    attribution: {},
    honeypotFilled: false,
    captchaToken: 'tok',
    ...overrides,
  };
}

const at = (hour: number) => `2026-12-01T${String(hour).padStart(2, '0')}:00:00-05:00`;
const client = { clientIp: '198.18.0.1' };

describe('bookOnline', () => {
  it('takes an attempt first, then checks the CAPTCHA, then books, marking the booking verified', async () => {
    const { deps, context, calls } = setup();
    const result = await bookOnline(deps, input(), context, client);
    expect(calls).toEqual(['attempt 198.18.0.1 of 5', 'captcha tok']);
    expect(result.booking.captcha).toBe('verified');
  });

  it('answers an attempt over the allowance with 429 before asking the CAPTCHA or writing anything', async () => {
    const { deps, context, calls, store } = setup({ attempt: { allowed: false, retryAfterSeconds: 120 } });
    const error = await bookOnline(deps, input(), context, client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(120);
    expect(calls).toEqual(['attempt 198.18.0.1 of 5']);
    expect(store.creates).toEqual([]);
  });

  it('with a CAPTCHA, takes the attempt, then asks siteverify, then writes once, reading nothing', async () => {
    const { deps, context, calls, store } = setup();
    let grant: (outcome: AttemptOutcome) => void = () => {};
    deps.attempts.take = () => {
      calls.push('attempt asked');
      return new Promise((resolve) => {
        grant = resolve;
      });
    };
    const patientBookings = store.patientBookings.bind(store);
    store.patientBookings = (...args) => {
      calls.push('patient read');
      return patientBookings(...args);
    };
    const booking = bookOnline(deps, input(), context, client);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['attempt asked']);
    expect(store.creates).toEqual([]);
    grant({ allowed: true });
    expect((await booking).stored).toBe(true);
    expect(calls).toEqual(['attempt asked', 'captcha tok']);
    // The attempt was taken before: the write does not take it again.
    expect(store.creates).toEqual([{ patientBookings: { atMost: 1 }, repeat: {} }]);
  });

  it('answers 429 to a refused attempt whatever else is wrong with it (unknown type, honeypot, repeat)', async () => {
    const refused = { attempt: { allowed: false, retryAfterSeconds: 60 } as const };
    for (const overrides of [
      { type: 'no-such-type' },
      { providerId: 'dr-nobody' },
      { honeypotFilled: true },
    ]) {
      for (const captcha of ['with', 'without'] as const) {
        const { deps, context, store } = setup(refused);
        const online = captcha === 'with' ? deps : { ...deps, captcha: undefined };
        await expect(bookOnline(online, input(overrides), context, client)).rejects.toBeInstanceOf(
          RateLimitedError,
        );
        expect(store.creates).toEqual([]);
      }
    }
    // The same patient's second click, over the allowance: 429, not the first booking again.
    const { deps, context } = setup();
    await bookOnline(deps, input(), context, client);
    deps.attempts.take = async () => ({ allowed: false, retryAfterSeconds: 60 });
    await expect(bookOnline(deps, input(), context, client)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('refuses a token the CAPTCHA fails, and books one it could not check as unverified', async () => {
    const failed = setup({ captcha: 'failed' });
    await expect(bookOnline(failed.deps, input(), failed.context, client)).rejects.toBeInstanceOf(
      CaptchaFailedError,
    );
    expect(failed.store.bookings.size).toBe(0);
    const down = setup({ captcha: 'unavailable' });
    expect((await bookOnline(down.deps, input(), down.context, client)).booking.captcha).toBe('unverified');
  });

  it('books without a CAPTCHA when the clinic has none: the booking says nothing of one', async () => {
    const { deps, context } = setup();
    const result = await bookOnline({ ...deps, captcha: undefined }, input(), context, client);
    expect(result.booking.captcha).toBeUndefined();
  });
});

describe('bookOnline without a CAPTCHA', () => {
  function noCaptcha(options: { attempt?: AttemptOutcome } = {}) {
    const built = setup(options);
    const { store, calls } = built;
    const patientBookings = store.patientBookings.bind(store);
    store.patientBookings = (...args) => {
      calls.push('patient read');
      return patientBookings(...args);
    };
    const repeatOf = store.repeatOf.bind(store);
    store.repeatOf = (...args) => {
      calls.push('marker read');
      return repeatOf(...args);
    };
    const deps: OnlineBookingDeps = {
      ...built.deps,
      captcha: undefined,
      loadBusy: async (...args) => {
        calls.push('busy read');
        return built.deps.loadBusy(...args);
      },
    };
    return { ...built, deps };
  }

  it('leaves the attempt to the booking’s one write, which reads nothing', async () => {
    const { deps, context, calls, store } = noCaptcha();
    expect((await bookOnline(deps, input(), context, client)).stored).toBe(true);
    expect(calls).toEqual(['attempt 198.18.0.1 of 5']);
    expect(store.creates).toEqual([
      { patientBookings: { atMost: 1 }, repeat: {}, allowance: { clientIp: '198.18.0.1', limit: 5 } },
    ]);
  });

  it('answers 429 with the Retry-After that write was refused with, counting nothing apart', async () => {
    const { deps, context, calls, store } = noCaptcha({
      attempt: { allowed: false, retryAfterSeconds: 120 },
    });
    const error = await bookOnline(deps, input(), context, client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(120);
    expect(calls).toEqual(['attempt 198.18.0.1 of 5']);
    expect(store.bookings.size).toBe(0);
  });

  it('counts the attempt apart, once, when that write does not go in, then reads and books as before', async () => {
    const { deps, context, calls, store } = noCaptcha();
    // Dr. Lee, first in the config, was taken between the page and the post.
    store.forced.push({ outcome: 'slot-taken' });
    const result = await bookOnline(deps, input(), context, client);
    expect(result.booking.providerId).toBe('dr-shah');
    expect(calls.filter((call) => call.startsWith('attempt'))).toEqual(['attempt 198.18.0.1 of 5']);
    expect(calls).toEqual(expect.arrayContaining(['marker read', 'patient read', 'busy read']));
    expect(store.creates.map((c) => c.allowance)).toEqual([{ clientIp: '198.18.0.1', limit: 5 }, undefined]);
  });

  it('counts a returning patient’s attempt once: the write refused for the count, the attempt taken apart', async () => {
    const { deps, context, calls, store } = noCaptcha();
    for (const hour of [9, 11]) await bookOnline(deps, input({ start: at(hour) }), context, client);
    calls.length = 0;
    // Two bookings on each side of the ledger: past the bound of one, so the write is refused.
    const result = await bookOnline(deps, input({ start: at(13) }), context, client);
    expect(result.stored).toBe(true);
    expect(calls.filter((call) => call.startsWith('attempt'))).toEqual(['attempt 198.18.0.1 of 5']);
    expect(calls).toContain('patient read');
    expect(store.bookings.size).toBe(3);
  });

  it('answers 429 when the attempt counted apart has no room, whatever the reads found', async () => {
    const { deps, context, store } = noCaptcha();
    store.forced.push({ outcome: 'patient-changed' });
    deps.attempts.take = async () => ({ allowed: false, retryAfterSeconds: 30 });
    const error = await bookOnline(deps, input(), context, client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(store.creates).toHaveLength(1);
  });

  it('does not try again a clinician that write found taken, though the busy read still shows them free', async () => {
    const { deps, context, store } = noCaptcha();
    store.forced.push({ outcome: 'slot-taken' });
    const result = await bookOnline(deps, input({ providerId: 'dr-lee' }), context, client).catch(
      (e: unknown) => e,
    );
    expect(result).toBeInstanceOf(SlotUnavailableError);
    expect(store.creates).toHaveLength(1);
  });
});

describe('the per-patient cap', () => {
  it('refuses the fourth upcoming booking by email or by phone, naming the clinic’s phone', async () => {
    const { deps, context } = setup();
    for (const hour of [9, 10, 11]) await createBooking(deps, input({ start: at(hour) }), context);
    const byEmail = await createBooking(deps, input({ start: at(13), phone: '+12015550999' }), context).catch(
      (e) => e,
    );
    expect(byEmail).toBeInstanceOf(BookingLimitReachedError);
    expect((byEmail as BookingLimitReachedError).detail).toContain('(201) 555-0143');
    const byPhone = await createBooking(
      deps,
      input({ start: at(13), email: 'other@example.com' }),
      context,
    ).catch((e) => e);
    expect(byPhone).toBeInstanceOf(BookingLimitReachedError);
  });

  it('counts again and refuses when another booking of the patient went in between the count and the write', async () => {
    const { deps, context, store } = setup();
    await createBooking(deps, input({ start: at(9) }), context);
    await createBooking(deps, input({ start: at(10) }), context);
    // The patient's other request commits between this one's count (2) and its write.
    const create = store.create.bind(store);
    let raced = false;
    store.create = async (...args) => {
      if (!raced) {
        raced = true;
        await createBooking(deps, input({ start: at(11), email: 'ANA@EXAMPLE.COM' }), context);
      }
      return create(...args);
    };
    const refused = await createBooking(deps, input({ start: at(13) }), context).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BookingLimitReachedError);
    expect(store.bookings.size).toBe(3);
  });

  it('does not limit staff, whose bookings leave no double-submit marker', async () => {
    const { deps, context, store } = setup();
    const staff = { actor: { sub: 's', email: 'desk@clinic.example' }, ignoreCutOff: true };
    for (const hour of [9, 10, 11, 13]) await createBooking(deps, input({ start: at(hour) }), context, staff);
    expect(store.bookings.size).toBe(4);
    expect(store.creates.every((c) => c.repeat === undefined)).toBe(true);
  });
});

describe('the double submit', () => {
  it('answers a repeat with the first booking and its token, keeping nothing: the marker refuses the write and names it', async () => {
    const { deps, context, store } = setup();
    const first = await createBooking(deps, input(), context);
    let markerReads = 0;
    const repeatOf = store.repeatOf.bind(store);
    store.repeatOf = (...args) => {
      markerReads += 1;
      return repeatOf(...args);
    };
    const again = await createBooking(deps, input({ email: 'ANA@example.com' }), context);
    expect(again).toMatchObject({ repeat: true, manageToken: first.manageToken, manageUrl: first.manageUrl });
    expect(again.booking.id).toBe(first.booking.id);
    expect(store.creates).toHaveLength(2);
    expect(store.bookings.size).toBe(1);
    expect(store.notices).toHaveLength(1);
    // The refusal named the first booking: its marker is not read again.
    expect(markerReads).toBe(0);
  });

  it('answers a repeat the write found (the other click committed after the reads) the same way', async () => {
    const { deps, context, store } = setup();
    const first = await createBooking(deps, input(), context);
    // As if this request had read no marker: its first write is refused (for its count), and the
    // write after the reads by the first one's marker.
    store.markers.clear();
    store.forced.push({ outcome: 'patient-changed' }, { outcome: 'repeat', bookingId: first.booking.id });
    const again = await createBooking(deps, input(), context);
    expect(again.booking.id).toBe(first.booking.id);
    expect(again.repeat).toBe(true);
  });

  it('does not hand the booking to the same email with another phone, and books nothing', async () => {
    const { deps, context, store } = setup();
    await createBooking(deps, input(), context);
    const other = await createBooking(deps, input({ phone: '+12015550999' }), context).catch((e) => e);
    expect(other).toBeInstanceOf(SlotUnavailableError);
    expect((other as SlotUnavailableError).detail).toMatch(/emailed/);
    expect(store.bookings.size).toBe(1);
  });

  it('books anew over the marker of a booking cancelled since, taking that marker over', async () => {
    const { deps, context, store } = setup();
    const first = await createBooking(deps, input(), context);
    store.bookings.set(first.booking.id, { ...first.booking, status: 'cancelled' });
    for (const key of [...store.locks.keys()]) store.locks.delete(key);
    const again = await createBooking(deps, input(), context);
    expect(again.booking.id).not.toBe(first.booking.id);
    expect(again.repeat).toBeUndefined();
    expect(store.creates.at(-1)?.repeat).toEqual({ replaces: first.booking.id });
  });
});
