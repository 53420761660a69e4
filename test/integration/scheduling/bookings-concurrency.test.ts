// No two bookings ever hold one provider at overlapping times, whatever the concurrency: many
// simultaneous requests through the local gateway against DynamoDB Local, and a transaction
// conflict injected into a real client (DynamoDB Local never reports one on its own).
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, DynamoBookingStore } from '../../../shared/adapters/dynamodb/booking-store.ts';
import { loadBusyBookings } from '../../../shared/adapters/dynamodb/busy.ts';
import { createBooking } from '../../../shared/app/scheduling/bookings.ts';
import {
  createBookingBodySchema,
  createBookingSchemaOptions,
} from '../../../shared/core/scheduling/booking-schemas.ts';
import { zoneClock } from '../../../shared/core/scheduling/time.ts';
import { cancelledTransaction } from '../../support/scripted-dynamodb.ts';
import { testStoreDynamoDb, testTableName } from '../support/index.ts';
import {
  book,
  bookingTestFile,
  type Created,
  config,
  getItem,
  localStart,
  openSlotAt,
  openSlots,
  patient,
} from './bookings-support.ts';

const { db, nextDay } = bookingTestFile('concurrency');
const storeDb = testStoreDynamoDb();
afterAll(() => storeDb.destroy());
const MINUTE = 60_000;

/** The confirmed bookings of a provider on a local date, as the table holds them. */
async function bookingsOn(day: string, providerId: string) {
  const clock = zoneClock(config.clinic.timeZone);
  const from = new Date(clock.boundaryOf(day, 0));
  const to = new Date(clock.boundaryOf(day, 24 * 60));
  const busy = await loadBusyBookings(storeDb, testTableName(), from, to, config);
  return busy.filter((b) => b.providerId === providerId && b.start >= from && b.start < to);
}

describe('concurrent bookings', () => {
  it('50 requests for one provider’s slot at once: exactly one 201 and 49 × 409 slot_unavailable', async () => {
    const day = nextDay();
    const slot = await openSlotAt('new-patient', day, '09:00', 'dr-lee');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        book({ type: 'new-patient', start: slot.start, providerId: 'dr-lee', ...patient() }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.json<{ code: string }>().code).toBe('slot_unavailable');
    }
    const held = await bookingsOn(day, 'dr-lee');
    expect(held.map((b) => b.start.getTime())).toEqual([Date.parse(slot.start)]);
  });

  it('50 requests for a slot two providers offer, without providerId: one booking each, 48 × 409', async () => {
    const day = nextDay(['tue', 'thu']);
    const slot = await openSlotAt('follow-up', day, '10:00');
    expect(slot.providers).toEqual(['dr-lee', 'dr-shah']);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => book({ type: 'follow-up', start: slot.start, ...patient() })),
    );
    const created = responses.filter((r) => r.status === 201).map((r) => r.json<Created>());
    expect(created.map((c) => c.providerId).sort()).toEqual(['dr-lee', 'dr-shah']);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(48);
  });

  it('overlapping requests of different types, all at once, never overlap one provider (buffers included)', async () => {
    const day = nextDay();
    const types = ['new-patient', 'follow-up', 'botox-injection'] as const;
    // Every open start of every type in the morning, twice over: most of them overlap others.
    const noon = Date.parse(localStart(day, '12:00'));
    const requests: { type: string; start: string }[] = [];
    for (const type of types) {
      for (const slot of await openSlots(type, day, 'dr-lee')) {
        if (Date.parse(slot.start) < noon)
          requests.push({ type, start: slot.start }, { type, start: slot.start });
      }
    }
    expect(requests.length).toBeGreaterThan(40);
    const responses = await Promise.all(
      requests.map((r) => book({ type: r.type, start: r.start, providerId: 'dr-lee', ...patient() })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = responses.filter((r) => r.status === 201).map((r) => r.json<Created>());
    expect(created.length).toBeGreaterThan(2);
    expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(requests.length / 2);

    const held = await bookingsOn(day, 'dr-lee');
    expect(held).toHaveLength(created.length);
    const blocked = held
      .map((b) => ({
        from: b.start.getTime() - b.bufferBeforeMinutes * MINUTE,
        until: b.end.getTime() + b.bufferAfterMinutes * MINUTE,
      }))
      .sort((a, b) => a.from - b.from);
    for (let i = 1; i < blocked.length; i++) {
      expect(blocked[i]?.from).toBeGreaterThanOrEqual(blocked[i - 1]?.until as number);
    }
  });
});

describe('transaction conflicts', () => {
  it('are retried until the booking commits', async () => {
    // DynamoDB Local runs transactions one at a time and never cancels one for a conflict, so
    // the first TransactWriteItems of this real client is made to fail as DynamoDB would
    // (thrown by the client's attempt listener), and every later call goes to DynamoDB Local for real.
    const client = testStoreDynamoDb();
    let transactions = 0;
    client.onAttempt((operation, input) => {
      if (operation !== 'TransactWriteItems' || ++transactions !== 1) return;
      const items = (input as { TransactItems?: unknown[] }).TransactItems ?? [];
      throw cancelledTransaction(items.map((_, i) => (i === 1 ? 'TransactionConflict' : 'None')));
    });

    try {
      const day = nextDay();
      const slot = await openSlotAt('follow-up', day, '13:00', 'dr-lee');
      const input = createBookingBodySchema(createBookingSchemaOptions(config)).parse({
        type: 'follow-up',
        start: slot.start,
        providerId: 'dr-lee',
        ...patient(),
      });
      const result = await createBooking(
        {
          config,
          store: new DynamoBookingStore(client, testTableName(), { ...DEFAULT_RETRY, baseDelayMs: 5 }),
          loadBusy: (from, to) => loadBusyBookings(client, testTableName(), from, to, config),
        },
        input,
        { now: new Date(), manageUrl: (id, token) => `https://m.example/${id}?token=${token}` },
      );
      expect(transactions).toBe(2);
      expect(result.stored).toBe(true);
      expect(await getItem(db, `BOOKING#${result.booking.id}`, 'BOOKING')).toMatchObject({
        status: 'confirmed',
      });
      const lock = await getItem(db, `LOCK#dr-lee#${new Date(slot.start).toISOString()}`, 'LOCK');
      expect(lock).toMatchObject({ bookingId: result.booking.id });
    } finally {
      client.destroy();
    }
  });
});
