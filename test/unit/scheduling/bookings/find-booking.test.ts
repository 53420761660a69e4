// "Existence of a booking id is measurable" (issue 10): an existing id with a wrong token must cost
// exactly what an unknown id costs. Checked by structure, not by timing (docs/reliability.md
// "Booking ids"): the same functions, called the same number of times, in the same order, with
// arguments of the same size, and the same refusal — on both paths.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type BookingDeps, findBooking } from '../../../../shared/app/scheduling/bookings.ts';
import type { BookingStore } from '../../../../shared/app/scheduling/ports.ts';
import { NotFoundError } from '../../../../shared/core/errors.ts';
import * as tokens from '../../../../shared/core/scheduling/tokens.ts';
import { booking, devConfig, TOKEN } from './fixtures.ts';
import { MemoryStore } from './memory-store.ts';

vi.mock('../../../../shared/core/scheduling/tokens.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../../shared/core/scheduling/tokens.ts')>();
  return {
    ...actual,
    hashManageToken: vi.fn(actual.hashManageToken),
    manageTokenMatches: vi.fn(actual.manageTokenMatches),
  };
});

const EXISTING = booking().id;
const UNKNOWN = '01KBOOKING00000000000000ZZ';
const WRONG = 'a-wrong-token-of-the-same-length-aaaaaaaaaaa';

/** Every call the lookup makes, to the store and to the token functions, as name and argument sizes. */
type Call = readonly [string, ...number[]];

function traced(): { deps: BookingDeps; calls: Call[] } {
  const calls: Call[] = [];
  const memory = new MemoryStore();
  memory.bookings.set(EXISTING, booking());
  const store = new Proxy(memory, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push([`store.${String(name)}`, ...args.map((arg) => String(arg).length)]);
        return value.apply(target, args);
      };
    },
  }) as BookingStore;
  const deps: BookingDeps = { config: devConfig, store, loadBusy: async () => [] };
  return { deps, calls };
}

/** The lookup's calls and its outcome. */
async function lookUp(id: string, token: string | undefined) {
  const { deps, calls } = traced();
  vi.mocked(tokens.hashManageToken).mockClear();
  vi.mocked(tokens.manageTokenMatches).mockClear();
  const outcome = await findBooking(deps, id, token).then(
    (found) => ({ found: found.id }),
    (error: unknown) => ({ refused: error instanceof NotFoundError ? error.detail : String(error) }),
  );
  const tokenCalls: Call[] = [
    ...vi.mocked(tokens.hashManageToken).mock.calls.map(([text]): Call => ['hashManageToken', text.length]),
    ...vi
      .mocked(tokens.manageTokenMatches)
      .mock.calls.map(([stored, presented]): Call => ['manageTokenMatches', stored.length, presented.length]),
  ];
  return { outcome, calls: [...tokenCalls, ...calls] };
}

describe('findBooking: an existing id with a wrong token costs what an unknown id costs', () => {
  beforeEach(() => {
    expect(WRONG.length).toBe(TOKEN.length);
    expect(UNKNOWN.length).toBe(EXISTING.length);
  });

  it.each([
    ['a wrong token', WRONG],
    ['no token', undefined],
    ['an empty token', ''],
  ])(
    'makes the same calls, with arguments of the same size, and the same refusal, for %s',
    async (_, token) => {
      const existing = await lookUp(EXISTING, token);
      const unknown = await lookUp(UNKNOWN, token);
      expect(existing.outcome).toEqual({ refused: 'There is no booking with this id and token' });
      expect(unknown.outcome).toEqual(existing.outcome);
      expect(unknown.calls).toEqual(existing.calls);
    },
  );

  it('hashes once, reads once through the token-filtered read, compares once; never reads the item by id alone', async () => {
    const { calls } = await lookUp(EXISTING, WRONG);
    expect(calls.map(([name]) => name).sort()).toEqual(
      ['hashManageToken', 'manageTokenMatches', 'store.getWithToken'].sort(),
    );
  });

  it('finds the booking with its token (the path that may differ, since its caller knows the token)', async () => {
    const { outcome } = await lookUp(EXISTING, TOKEN);
    expect(outcome).toEqual({ found: EXISTING });
  });
});
