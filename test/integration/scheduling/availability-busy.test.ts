// loadBusyBookings against DynamoDB Local: which bookings it reads (widened window, confirmed only,
// the needed attributes only) and how (Queries on gsi1, one per UTC month, never a Scan). Dates
// are in 2091, a range no other test writes to, so the answers can be compared exactly.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadBusyBookings } from '../../../shared/adapters/dynamodb/busy.ts';
import type { DynamoDBClient } from '../../../shared/adapters/dynamodb/wire-client.ts';
import { clinicConfigInUse, testStoreDynamoDb, testTableName } from '../support/index.ts';
import { putBookingItem } from './booking-items.ts';

const config = clinicConfigInUse(); // reach: 45-minute type + 10 before + 15 after = 70 minutes
let db: DynamoDBClient;
/** Every command this client sent, with its input, as it went on the wire. */
let sent: { command: string; input: Record<string, unknown> }[] = [];

beforeAll(() => {
  db = testStoreDynamoDb();
  db.onAttempt((operation, input) => {
    sent.push({ command: `${operation}Command`, input: input as Record<string, unknown> });
  });
});
afterAll(() => db.destroy());
beforeEach(() => {
  sent = [];
});

const providerId = `dr-${randomUUID().slice(0, 8)}`;

async function put(
  start: string,
  minutes: number,
  options: { status?: 'confirmed' | 'cancelled'; before?: number; after?: number } = {},
) {
  const times = { start: new Date(start), end: new Date(Date.parse(start) + minutes * 60_000) };
  await putBookingItem(db, {
    providerId,
    typeId: 'new-patient',
    ...times,
    bufferBeforeMinutes: options.before ?? 0,
    bufferAfterMinutes: options.after ?? 0,
    ...(options.status ? { status: options.status } : {}),
  });
  return times;
}

describe('loadBusyBookings', () => {
  it('reads the confirmed bookings that can reach the window, across a month boundary, with one Query per month', async () => {
    // The window: 2091-03-31T23:00Z to 2091-04-01T02:00Z, widened by 70 minutes on each side.
    const startsBeforeAndReaches = await put('2091-03-31T21:55:00.000Z', 45, { after: 15 });
    const tooEarly = await put('2091-03-31T21:45:00.000Z', 30);
    const inside = await put('2091-04-01T00:30:00.000Z', 30, { before: 10, after: 10 });
    const startsAfterButItsBufferReaches = await put('2091-04-01T03:05:00.000Z', 30, { before: 10 });
    const tooLate = await put('2091-04-01T03:10:00.000Z', 30);
    await put('2091-04-01T01:00:00.000Z', 30, { status: 'cancelled' });
    sent = [];

    const found = await loadBusyBookings(
      db,
      testTableName(),
      new Date('2091-03-31T23:00:00.000Z'),
      new Date('2091-04-01T02:00:00.000Z'),
      config,
    );
    const mine = found
      .filter((b) => b.providerId === providerId)
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    expect(mine).toStrictEqual([
      { providerId, ...startsBeforeAndReaches, bufferBeforeMinutes: 0, bufferAfterMinutes: 15 },
      { providerId, ...inside, bufferBeforeMinutes: 10, bufferAfterMinutes: 10 },
      { providerId, ...startsAfterButItsBufferReaches, bufferBeforeMinutes: 10, bufferAfterMinutes: 0 },
    ]);
    expect(mine.map((b) => b.start)).not.toContainEqual(tooEarly.start);
    expect(mine.map((b) => b.start)).not.toContainEqual(tooLate.start);

    expect(sent.map((s) => s.command)).toEqual(['QueryCommand', 'QueryCommand']);
    expect(sent.map((s) => s.input.IndexName)).toEqual(['gsi1', 'gsi1']);
    // Only what the engine needs comes back (times, and a block segment's): never the patient's details.
    expect(sent[0]?.input.ProjectionExpression).toBe(
      '#kind, providerId, #start, #end, bufferBeforeMinutes, bufferAfterMinutes, segmentStart, segmentEnd, gsi1sk',
    );
    expect(
      sent
        .map((s) => (s.input.ExpressionAttributeValues as Record<string, { S: string }>)[':partition']?.S)
        .sort(),
    ).toEqual(['BOOKINGS#2091-03', 'BOOKINGS#2091-04']);
  });

  it('makes a single Query for a window inside one month', async () => {
    await loadBusyBookings(
      db,
      testTableName(),
      new Date('2091-06-10T04:00:00Z'),
      new Date('2091-06-17T04:00:00Z'),
      config,
    );
    expect(sent.map((s) => s.command)).toEqual(['QueryCommand']);
  });
});
