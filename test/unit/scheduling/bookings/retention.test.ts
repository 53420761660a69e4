// How long a booking is kept (CONFIG.md `retention.bookingDaysAfterVisit`): the booking item's TTL,
// `expiresAt`, counted from the visit's end and written by the store with every change. The client's
// `send` is scripted only to see the transactions the store sends; nothing is faked about them.

import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETRY, DynamoBookingStore } from '../../../../shared/adapters/dynamodb/booking-store.ts';
import type { TransactWriteItemsCommand } from '../../../../shared/adapters/dynamodb/wire-client.ts';
import { type Booking, fromBookingItem, toBookingItem } from '../../../../shared/core/scheduling/booking.ts';
import { snapshotOf } from '../../../../shared/core/scheduling/notice.ts';
import { NO_PATIENT_BOOKINGS } from '../../../../shared/core/scheduling/patients.ts';
import { scriptedTransactions } from '../../../support/scripted-dynamodb.ts';
import { booking } from './fixtures.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const DAY_SECONDS = 86_400;
const endSeconds = (b: Booking) => b.end.getTime() / 1000;

afterEach(() => vi.restoreAllMocks());

/** The booking item each transaction the store sent put. */
function bookingItemsPut(send: ReturnType<typeof scriptedTransactions>['send']): Record<string, unknown>[] {
  return send.mock.calls.map(([command]) => {
    const items = (command as TransactWriteItemsCommand).input.TransactItems ?? [];
    const put = items.find((item) => item.Put?.Item?.sk?.S === 'BOOKING');
    if (!put?.Put?.Item) throw new Error('the transaction put no booking item');
    return unmarshall(put.Put.Item);
  });
}

function storeWith(days: number | undefined) {
  const { client, send } = scriptedTransactions([]);
  // A fixed pseudonym key: the scripted client answers transactions only.
  const secret = async () => new Uint8Array(32);
  return { store: new DynamoBookingStore(client, 'clinic-test', DEFAULT_RETRY, days, secret), send };
}

describe('a booking’s TTL', () => {
  it('is its end plus retention.bookingDaysAfterVisit, in epoch seconds, from the moment it is made', async () => {
    const { store, send } = storeWith(2555);
    const made = booking();
    await store.create(made, { event: 'confirmed', booking: snapshotOf(made) }, NOW, 'manage-token', {
      patientBookings: NO_PATIENT_BOOKINGS,
    });
    expect(bookingItemsPut(send)[0]?.expiresAt).toBe(endSeconds(made) + 2555 * DAY_SECONDS);
  });

  it('follows the visit when it moves, and stays when it is cancelled or marked', async () => {
    const { store, send } = storeWith(30);
    const current = booking({ keepUntil: new Date((endSeconds(booking()) + 30 * DAY_SECONDS) * 1000) });
    const moved = {
      ...current,
      start: new Date('2027-01-05T15:00:00Z'),
      end: new Date('2027-01-05T15:45:00Z'),
      sequence: 1,
    };
    await store.reschedule(current, moved, { event: 'rescheduled', booking: snapshotOf(moved) }, NOW);
    const cancelled = { ...current, status: 'cancelled' as const, sequence: 1 };
    await store.cancel(current, cancelled, { event: 'cancelled', booking: snapshotOf(cancelled) }, NOW);
    await store.update(current, { ...current, attendance: 'attended', sequence: 1 });
    const [afterMove, afterCancel, afterAttendance] = bookingItemsPut(send);
    expect(afterMove?.expiresAt).toBe(Date.parse('2027-01-05T15:45:00Z') / 1000 + 30 * DAY_SECONDS);
    expect(afterCancel?.expiresAt).toBe(endSeconds(current) + 30 * DAY_SECONDS);
    expect(afterAttendance?.expiresAt).toBe(endSeconds(current) + 30 * DAY_SECONDS);
  });

  it('is absent when the store is given no retention (a booking is then kept until erased)', async () => {
    const { store, send } = storeWith(undefined);
    const made = booking();
    await store.create(made, { event: 'confirmed', booking: snapshotOf(made) }, NOW, 'manage-token', {
      patientBookings: NO_PATIENT_BOOKINGS,
    });
    expect(bookingItemsPut(send)[0]).not.toHaveProperty('expiresAt');
  });

  it('reads back from the item as keepUntil, so a change written from a read keeps it', () => {
    const kept = booking({ keepUntil: new Date('2033-12-01T14:45:00Z') });
    const item = toBookingItem(kept);
    expect(item.expiresAt).toBe(Date.parse('2033-12-01T14:45:00Z') / 1000);
    expect(fromBookingItem(item)).toEqual(kept);
    expect(toBookingItem(booking())).not.toHaveProperty('expiresAt');
  });
});
