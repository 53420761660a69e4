// A patient's booking from the website in one write (docs/scheduling.md "One write"): built as
// POST /v1/bookings builds its dependencies, against the local table, with the DynamoDB calls
// counted by the functions' own client. The times are in a week years ahead, picked at random, so
// no other test's bookings (or an earlier run's, in a kept local table) stand in the way.

import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GetItemCommand } from '../../../shared/adapters/dynamodb/wire-client.ts';
import type { OnlineBookingDeps } from '../../../shared/app/scheduling/bookings.ts';
import { RateLimitedError } from '../../../shared/core/errors.ts';
import type { CreateBookingInput } from '../../../shared/core/scheduling/booking-schemas.ts';
import { BookingLimitReachedError } from '../../../shared/core/scheduling/errors.ts';
import { ledgerHeadKey, patientKeys } from '../../../shared/core/scheduling/patients.ts';
import { listSlots } from '../../../shared/core/scheduling/slots.ts';
import { addDays, localDateOf } from '../../../shared/core/scheduling/time.ts';
import {
  clinicConfigInUse,
  randomClientIp,
  stubFunctionEnv,
  testStoreDynamoDb,
  testTableName,
  uniqueEmail,
} from '../support/index.ts';

const config = clinicConfigInUse();
const { perClientIpPerHour, activeBookingsPerPatient } = config.scheduling.limits;
const storeDb = testStoreDynamoDb();
afterAll(() => storeDb.destroy());

// A Monday at 9:00 New York, 2031–2040; each test books in a week of its own after it.
const WEEK_MS = 7 * 24 * 3_600_000;
const FIRST_WEEK = Date.parse('2031-01-06T14:00:00Z') + Math.floor(Math.random() * 500) * WEEK_MS;
let weeks = 0;

let book: typeof import('../../../shared/app/scheduling/bookings.ts');
let deps: OnlineBookingDeps;
let secret: Uint8Array;
const operations: string[] = [];

beforeAll(async () => {
  stubFunctionEnv();
  // Imported after the environment is set, as a function's modules are loaded in its container.
  const { dynamoDb } = await import('../../../shared/adapters/dynamodb/client.ts');
  const { onlineBookingDeps } = await import('../../../shared/adapters/http/booking-requests.ts');
  const { tableSecret } = await import('../../../shared/adapters/dynamodb/secret.ts');
  book = await import('../../../shared/app/scheduling/bookings.ts');
  dynamoDb.onAttempt((operation) => operations.push(operation));
  deps = onlineBookingDeps(config);
  secret = await tableSecret({ client: dynamoDb, tableName: testTableName() })();
  // A warm container: the functions read the pseudonyms' key once, on their first request.
  await deps.attempts.take(randomClientIp(), perClientIpPerHour, new Date(FIRST_WEEK));
});
afterAll(() => vi.unstubAllEnvs());

/**
 * A week of its own: its clock, and open follow-up starts in it (nobody else books that week) two
 * hours apart, so that no two of them meet; `providers`: only starts that many clinicians offer.
 */
function week(options: { providerId?: string; providers?: number } = {}) {
  const now = new Date(FIRST_WEEK + ++weeks * WEEK_MS);
  const from = addDays(localDateOf(now, config.clinic.timeZone), 2);
  const slots = listSlots({
    config,
    typeId: 'follow-up',
    ...(options.providerId ? { providerId: options.providerId } : {}),
    from,
    to: addDays(from, 5),
    bookings: [],
    now,
  });
  const starts: string[] = [];
  for (const slot of slots) {
    if (slot.providers.length < (options.providers ?? 1)) continue;
    const last = starts.at(-1);
    if (last === undefined || Date.parse(slot.start) - Date.parse(last) >= 2 * 3_600_000)
      starts.push(slot.start);
  }
  const context = { now, manageUrl: (id: string, token: string) => `https://m.example/${id}/${token}` };
  return { now, context, starts };
}

function patient() {
  const digits = String(Math.floor(Math.random() * 10_000)).padStart(4, '0');
  return { name: 'Ana Test', email: uniqueEmail('one-write'), phone: `+1201555${digits}` };
}

function input(start: string, who: ReturnType<typeof patient>, extra: Partial<CreateBookingInput> = {}) {
  return {
    type: 'follow-up',
    start,
    ...who,
    consent: true,
    attribution: {},
    honeypotFilled: false,
    ...extra,
  } satisfies CreateBookingInput;
}

/** The calls one booking makes. */
async function counted(run: () => Promise<unknown>): Promise<{ result: unknown; calls: string[] }> {
  operations.length = 0;
  const result = await run().catch((error: unknown) => error);
  return { result, calls: [...operations] };
}

async function headOf(side: 'email' | 'phone', who: ReturnType<typeof patient>) {
  const keys = patientKeys(secret, who);
  const { Item } = await storeDb.send(
    new GetItemCommand({
      TableName: testTableName(),
      Key: marshall(ledgerHeadKey(side, keys[side])),
      ConsistentRead: true,
    }),
  );
  return Item ? unmarshall(Item) : undefined;
}

describe('a booking from the website, without a CAPTCHA', () => {
  it('is one TransactWriteItems for a new patient, which takes the attempt and starts the count', async () => {
    const who = patient();
    const ip = randomClientIp();
    const { context, starts, now } = week();
    const [start] = starts;
    const { result, calls } = await counted(() =>
      book.bookOnline(deps, input(start as string, who), context, { clientIp: ip }),
    );
    expect(result).toMatchObject({ stored: true });
    expect(calls).toEqual(['TransactWriteItems']);
    expect(await headOf('email', who)).toMatchObject({ count: 1, version: 1 });
    expect(await headOf('phone', who)).toMatchObject({ count: 1, version: 1 });
    // The write counted the attempt: with an allowance of one, the next is refused.
    expect(await deps.attempts.take(ip, 1, now)).toMatchObject({ allowed: false });
  });

  it('refuses the attempt over the allowance in that write, with its Retry-After, and keeps nothing', async () => {
    const ip = randomClientIp();
    const { context, starts: times } = week();
    for (let i = 0; i < perClientIpPerHour; i++) {
      const { result } = await counted(() =>
        book.bookOnline(deps, input(times[i] as string, patient()), context, { clientIp: ip }),
      );
      expect(result).toMatchObject({ stored: true });
    }
    const who = patient();
    const { result, calls } = await counted(() =>
      book.bookOnline(deps, input(times[perClientIpPerHour] as string, who), context, { clientIp: ip }),
    );
    expect(result).toBeInstanceOf(RateLimitedError);
    expect((result as RateLimitedError).retryAfterSeconds).toBeGreaterThan(3500);
    expect((result as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(calls).toEqual(['TransactWriteItems']);
    expect(await headOf('email', who)).toBeUndefined();
  });

  it('counts the attempt apart when that write finds the time taken, and books the next clinician free', async () => {
    const { context, starts } = week({ providers: 2 });
    const [start] = starts;
    const first = await book.bookOnline(deps, input(start as string, patient()), context, {
      clientIp: randomClientIp(),
    });
    const { result, calls } = await counted(() =>
      book.bookOnline(deps, input(start as string, patient()), context, { clientIp: randomClientIp() }),
    );
    expect(result).toMatchObject({ stored: true });
    expect((result as { booking: { providerId: string } }).booking.providerId).not.toBe(
      first.booking.providerId,
    );
    // Refused; then the allowance, the marker, the slot's month and the ledger's two sides, read
    // together; then the write that books.
    expect(calls[0]).toBe('TransactWriteItems');
    expect([...calls.slice(1, -1)].sort()).toEqual(['GetItem', 'Query', 'Query', 'Query', 'UpdateItem']);
    expect(calls.at(-1)).toBe('TransactWriteItems');
  });

  it('reads and recounts a patient whose count is past the bound, and still holds the cap', async () => {
    const who = patient();
    const { context, starts: times } = week();
    const callsOf: string[][] = [];
    for (let i = 0; i < activeBookingsPerPatient; i++) {
      const { result, calls } = await counted(() =>
        book.bookOnline(deps, input(times[i] as string, who), context, { clientIp: randomClientIp() }),
      );
      expect(result).toMatchObject({ stored: true });
      callsOf.push(calls);
    }
    // The counts both sides keep may add up to a booking each: the bound is (cap − 1) / 2 per side.
    const unread = Math.floor((activeBookingsPerPatient - 1) / 2) + 1;
    for (const calls of callsOf.slice(0, unread)) expect(calls).toEqual(['TransactWriteItems']);
    for (const calls of callsOf.slice(unread)) {
      expect(calls).toContain('Query');
      expect(calls.at(-1)).toBe('TransactWriteItems');
    }
    expect(await headOf('email', who)).toMatchObject({ count: activeBookingsPerPatient });
    const { result } = await counted(() =>
      book.bookOnline(deps, input(times[activeBookingsPerPatient] as string, who), context, {
        clientIp: randomClientIp(),
      }),
    );
    expect(result).toBeInstanceOf(BookingLimitReachedError);
  });

  it('reads the patient after a move (which drops the count), and counts afresh', async () => {
    const who = patient();
    const { context, starts } = week({ providerId: 'dr-lee' });
    const [first, moveTo, next] = starts;
    const made = await book.bookOnline(deps, input(first as string, who, { providerId: 'dr-lee' }), context, {
      clientIp: randomClientIp(),
    });
    await book.rescheduleBooking(
      deps,
      made.booking.id,
      { token: made.manageToken, start: moveTo as string },
      context,
    );
    const moved = await headOf('email', who);
    expect(moved).toMatchObject({ version: 2 });
    expect(moved).not.toHaveProperty('count');
    const { result, calls } = await counted(() =>
      book.bookOnline(deps, input(next as string, who), context, { clientIp: randomClientIp() }),
    );
    expect(result).toMatchObject({ stored: true });
    expect(calls.filter((c) => c === 'Query').length).toBeGreaterThanOrEqual(2);
    expect(await headOf('email', who)).toMatchObject({ count: 2, version: 3 });
  });

  it('lets only as many of one new patient’s simultaneous bookings in as the cap allows', async () => {
    const who = patient();
    const { context, starts } = week();
    const times = starts.slice(0, activeBookingsPerPatient + 3);
    expect(times).toHaveLength(activeBookingsPerPatient + 3);
    const results = await Promise.all(
      times.map((start) =>
        book
          .bookOnline(deps, input(start, who), context, { clientIp: randomClientIp() })
          .catch((error: unknown) => error),
      ),
    );
    expect(results.filter((r) => (r as { stored?: boolean }).stored === true)).toHaveLength(
      activeBookingsPerPatient,
    );
    expect(results.filter((r) => r instanceof BookingLimitReachedError)).toHaveLength(3);
  });
});
