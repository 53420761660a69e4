// The patient's lookup of a booking (DynamoBookingStore.getWithToken) against DynamoDB Local: only
// the right token brings the item back, and a wrong token and an unknown id get the very same
// answer from DynamoDB — no item crosses the wire for either, so neither costs more to receive or
// parse, and the time of the answer does not say whether the id exists (docs/reliability.md "Booking ids").

import { marshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DynamoBookingStore } from '../../../shared/adapters/dynamodb/booking-store.ts';
import { PutItemCommand, QueryCommand } from '../../../shared/adapters/dynamodb/wire-client.ts';
import { type Booking, toBookingItem } from '../../../shared/core/scheduling/booking.ts';
import { hashManageToken } from '../../../shared/core/scheduling/tokens.ts';
import { testStoreDynamoDb, testTableName } from '../support/index.ts';

const db = testStoreDynamoDb();
afterAll(() => db.destroy());

const TOKEN = 'the-right-token-aaaaaaaaaaaaaaaaaaaaaaaaaaa';
const WRONG = 'a-wrong-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

/** A booking in 2020: long past, so no availability or list another test reads ever meets it. */
async function putBooking(): Promise<Booking> {
  const start = new Date('2020-03-03T14:00:00.000Z');
  const booking: Booking = {
    id: ulid(),
    status: 'confirmed',
    typeId: 'new-patient',
    providerId: 'dr-lee',
    start,
    end: new Date(start.getTime() + 45 * 60_000),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 15,
    lockBlockMinutes: 5,
    patient: { name: 'Never Shown', email: 'lookup@example.com', phone: '+12015550123' },
    reason: 'A reason long enough to make the item worth receiving',
    attribution: { utm_source: 'test' },
    tokenHash: hashManageToken(TOKEN),
    sequence: 0,
    createdAt: start,
    updatedAt: start,
  };
  await db.send(
    new PutItemCommand({
      TableName: testTableName(),
      Item: marshall(toBookingItem(booking), { removeUndefinedValues: true }),
    }),
  );
  return booking;
}

/** What DynamoDB answered the store's one read, without the request's own metadata. */
async function answerTo(read: (store: DynamoBookingStore) => Promise<Booking | undefined>) {
  const send = vi.spyOn(db, 'send');
  try {
    const found = await read(new DynamoBookingStore(db, testTableName()));
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]?.[0]).toBeInstanceOf(QueryCommand);
    const sent = send.mock.results[0] as { value: Promise<Record<string, unknown>> };
    const { $metadata: _, ...answer } = await sent.value;
    return { found, answer };
  } finally {
    send.mockRestore();
  }
}

describe('DynamoBookingStore.getWithToken', () => {
  it('brings the booking back for its token only', async () => {
    const booking = await putBooking();
    const right = await answerTo((store) => store.getWithToken(booking.id, hashManageToken(TOKEN)));
    expect(right.found?.id).toBe(booking.id);
    expect(right.found?.patient.name).toBe('Never Shown');
  });

  it('gets the same answer from DynamoDB for a wrong token as for an unknown id: no item, no count', async () => {
    const booking = await putBooking();
    const wrongToken = await answerTo((store) => store.getWithToken(booking.id, hashManageToken(WRONG)));
    const unknownId = await answerTo((store) => store.getWithToken(ulid(), hashManageToken(WRONG)));
    expect(wrongToken.found).toBeUndefined();
    expect(unknownId.found).toBeUndefined();
    expect(wrongToken.answer).toMatchObject({ Items: [], Count: 0 });
    expect(unknownId.answer).toMatchObject({ Items: [], Count: 0 });
    // ScannedCount says 1 and 0: the one difference, inside this process, of the same length.
    expect(JSON.stringify(wrongToken.answer).length).toBe(JSON.stringify(unknownId.answer).length);
  });
});
