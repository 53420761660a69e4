// The store's retry on transaction conflicts. DynamoDB Local never reports TransactionConflict (it
// runs transactions one at a time), so these tests inject that fault: a real DynamoDBClient whose
// `send` is mocked to throw what DynamoDB would, and then to succeed.
import { afterEach, describe, expect, it, vi } from 'vitest';
// The delays themselves (full jitter, capped) are the retry helper's: test/unit/dynamodb/retry.test.ts.
import {
  DynamoBookingStore,
  TransactionConflictError,
} from '../../../../shared/adapters/dynamodb/booking-store.ts';
import { snapshotOf } from '../../../../shared/core/scheduling/notice.ts';
import { NO_PATIENT_BOOKINGS } from '../../../../shared/core/scheduling/patients.ts';
import { cancelledTransaction, scriptedTransactions } from '../../../support/scripted-dynamodb.ts';
import { booking } from './fixtures.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const b = booking();
const notice = { event: 'confirmed' as const, booking: snapshotOf(b) };
// booking + 12 locks + notice + link, then the patient's two ledger entries and two heads
const ITEMS = 19;
const conditions = { patientBookings: NO_PATIENT_BOOKINGS };
const SECRET = async () => new Uint8Array(32);

const cancelled = (codeAt: (index: number) => string) =>
  cancelledTransaction(Array.from({ length: ITEMS }, (_, i) => codeAt(i)));
const conflict = () => cancelled((i) => (i === 3 ? 'TransactionConflict' : 'None'));
const lockTaken = () => cancelled((i) => (i === 5 ? 'ConditionalCheckFailed' : 'None'));

function setup(outcomes: (Error | 'ok')[]) {
  const { client, send, waits: sleeps, retry } = scriptedTransactions(outcomes);
  return {
    store: new DynamoBookingStore(client, 'clinic-test', retry, undefined, SECRET),
    send,
    sleeps,
    client,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('booking transactions under contention', () => {
  it('retry a TransactionConflict with growing, jittered backoff until it commits', async () => {
    const { store, send, sleeps } = setup([conflict(), conflict(), 'ok']);
    await expect(store.create(b, notice, NOW, 'manage-token', conditions)).resolves.toEqual({
      outcome: 'written',
    });
    expect(send).toHaveBeenCalledTimes(3);
    // random() = 0.5 of min(800, 20 · 2^attempt)
    expect(sleeps).toEqual([10, 20]);
  });

  it('do not retry a lock whose condition failed: the slot is taken', async () => {
    const { store, send, sleeps } = setup([lockTaken()]);
    await expect(store.create(b, notice, NOW, 'manage-token', conditions)).resolves.toEqual({
      outcome: 'slot-taken',
    });
    expect(send).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([]);
  });

  it('report a taken slot found on a retry after a conflict', async () => {
    const { store, send } = setup([conflict(), lockTaken()]);
    await expect(store.create(b, notice, NOW, 'manage-token', conditions)).resolves.toEqual({
      outcome: 'slot-taken',
    });
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('give up after the last attempt with an error (a 500 the client may retry with its Idempotency-Key)', async () => {
    const { store, send } = setup([conflict(), conflict(), conflict(), conflict(), conflict()]);
    await expect(store.create(b, notice, NOW, 'manage-token', conditions)).rejects.toBeInstanceOf(
      TransactionConflictError,
    );
    expect(send).toHaveBeenCalledTimes(4);
  });

  it('pass any other failure through untouched', async () => {
    const failure = new Error('network down');
    const { store } = setup([failure]);
    await expect(store.create(b, notice, NOW, 'manage-token', conditions)).rejects.toBe(failure);
  });
});
