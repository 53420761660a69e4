import { TransactionCanceledException, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  cancelTransaction,
  classifyCancellation,
  createTransaction,
  heldLocks,
  type ItemRole,
  rescheduleTransaction,
} from '../../../../shared/adapters/dynamodb/booking-transactions.ts';
import type { Booking } from '../../../../shared/core/scheduling/booking.ts';
import { type BookingNotice, snapshotOf } from '../../../../shared/core/scheduling/notice.ts';
import { booking } from './fixtures.ts';

const TABLE = 'clinic-test';
const NOW = new Date('2026-11-25T12:00:00Z');
const notice = (b: Booking): BookingNotice => ({ event: 'confirmed', booking: snapshotOf(b) });

function keyOf(item: TransactWriteItem): string {
  const key = item.Put ? unmarshall(item.Put.Item ?? {}) : unmarshall(item.Delete?.Key ?? {});
  return `${key.pk}|${key.sk}`;
}

function moved(current: Booking, startIso: string, providerId = current.providerId): Booking {
  const start = new Date(startIso);
  return {
    ...current,
    providerId,
    start,
    end: new Date(start.getTime() + 45 * 60_000),
    sequence: current.sequence + 1,
    updatedAt: NOW,
  };
}

describe('the create transaction', () => {
  const b = booking();
  const tx = createTransaction(TABLE, b, notice(b), NOW, 'manage-token');

  it('writes the booking, one lock per block of [start − before, end + after) and the notice, each only if absent', () => {
    // 09:00–09:45 plus 15 minutes after, on 5-minute blocks: 12 locks.
    expect(tx.roles).toEqual(['booking', ...Array(12).fill('claim'), 'notice', 'link']);
    for (const item of tx.items) {
      expect(item.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
      expect(item.Put?.TableName).toBe(TABLE);
    }
    const locks = tx.items
      .filter((_, i) => tx.roles[i] === 'claim')
      .map((item) => unmarshall(item.Put?.Item ?? {}));
    expect(locks[0]).toMatchObject({
      pk: 'LOCK#dr-lee#2026-12-01T14:00:00.000Z',
      sk: 'LOCK',
      bookingId: b.id,
    });
    expect(locks.at(-1)?.pk).toBe('LOCK#dr-lee#2026-12-01T14:55:00.000Z');
    // Locks outlive their time by a day only: a past block is never bookable again.
    expect(locks[0]?.expiresAt).toBe(Date.parse('2026-12-01T15:00:00Z') / 1000 + 86_400);
  });

  it('keeps the booking item layout the read side queries', () => {
    const item = unmarshall(tx.items[0]?.Put?.Item ?? {});
    expect(item).toMatchObject({
      pk: `BOOKING#${b.id}`,
      sk: 'BOOKING',
      kind: 'booking',
      status: 'confirmed',
      typeId: 'new-patient',
      providerId: 'dr-lee',
      start: '2026-12-01T14:00:00.000Z',
      end: '2026-12-01T14:45:00.000Z',
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      gsi1pk: 'BOOKINGS#2026-12',
      gsi1sk: `2026-12-01T14:00:00.000Z#${b.id}`,
      sequence: 0,
      phone: '+12015550123',
    });
    expect(item.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(item)).not.toContain('test-token');
  });

  it('writes the outbox notice under the booking’s id and sequence, with a TTL backstop', () => {
    const item = unmarshall(tx.items[tx.roles.indexOf('notice')]?.Put?.Item ?? {});
    expect(item).toMatchObject({ pk: `NOTICE#${b.id}`, sk: '0', kind: 'booking-notice', event: 'confirmed' });
    expect(item.expiresAt).toBeGreaterThan(NOW.getTime() / 1000);
    expect(item.expiresAt).toBeLessThanOrEqual(NOW.getTime() / 1000 + 7 * 86_400);
  });
});

describe('the raw manage token', () => {
  it('waits for the reminders in a link item of its own, outside the booking partition, never on the booking', () => {
    const b = booking();
    const tx = createTransaction(TABLE, b, notice(b), NOW, 'raw-manage-token');
    const link = unmarshall(tx.items[tx.roles.indexOf('link')]?.Put?.Item ?? {});
    expect(link).toMatchObject({ pk: `BOOKINGLINK#${b.id}`, sk: 'LINK', manageToken: 'raw-manage-token' });
    expect(link.expiresAt).toBe(Math.floor(b.end.getTime() / 1000) + 86_400);
    expect(JSON.stringify(unmarshall(tx.items[0]?.Put?.Item ?? {}))).not.toContain('raw-manage-token');
  });
});

describe('the cancel transaction', () => {
  const current = booking({ sequence: 2 });
  const next: Booking = { ...current, status: 'cancelled', sequence: 3, updatedAt: NOW, cancelledAt: NOW };
  const tx = cancelTransaction(TABLE, current, next, { event: 'cancelled', booking: snapshotOf(next) }, NOW);

  it('replaces the booking only while it is confirmed at the sequence that was read', () => {
    const put = tx.items[0]?.Put;
    expect(tx.roles[0]).toBe('booking');
    expect(put?.ConditionExpression).toBe('#status = :confirmed AND #sequence = :sequence');
    expect(unmarshall(put?.ExpressionAttributeValues ?? {})).toEqual({
      ':confirmed': 'confirmed',
      ':sequence': 2,
    });
    expect(unmarshall(put?.Item ?? {})).toMatchObject({ status: 'cancelled', sequence: 3 });
  });

  it('releases every lock it holds in the same transaction, never another booking’s', () => {
    const releases = tx.items.filter((_, i) => tx.roles[i] === 'release');
    expect(releases.map((item) => unmarshall(item.Delete?.Key ?? {}).pk)).toEqual(heldLocks(current));
    for (const item of releases) {
      expect(item.Delete?.ConditionExpression).toBe('attribute_not_exists(pk) OR bookingId = :bookingId');
      expect(unmarshall(item.Delete?.ExpressionAttributeValues ?? {})).toEqual({ ':bookingId': current.id });
    }
    expect(unmarshall(tx.items[tx.roles.indexOf('notice')]?.Put?.Item ?? {})).toMatchObject({
      pk: `NOTICE#${current.id}`,
      sk: '3',
    });
  });
});

describe('the reschedule transaction', () => {
  const current = booking();

  it('moving 15 minutes later keeps the shared blocks, claims only the new ones and releases only the old ones', () => {
    const next = moved(current, '2026-12-01T14:15:00.000Z');
    const tx = rescheduleTransaction(TABLE, current, next, notice(next), NOW);
    const keys = tx.items.map(keyOf);
    // DynamoDB refuses two operations on one item in a transaction.
    expect(new Set(keys).size).toBe(keys.length);
    const claimed = tx.items
      .filter((_, i) => tx.roles[i] === 'claim')
      .map((it) => unmarshall(it.Put?.Item ?? {}).pk);
    const released = tx.items
      .filter((_, i) => tx.roles[i] === 'release')
      .map((it) => unmarshall(it.Delete?.Key ?? {}).pk);
    expect(claimed).toEqual([
      'LOCK#dr-lee#2026-12-01T15:00:00.000Z',
      'LOCK#dr-lee#2026-12-01T15:05:00.000Z',
      'LOCK#dr-lee#2026-12-01T15:10:00.000Z',
    ]);
    expect(released).toEqual([
      'LOCK#dr-lee#2026-12-01T14:00:00.000Z',
      'LOCK#dr-lee#2026-12-01T14:05:00.000Z',
      'LOCK#dr-lee#2026-12-01T14:10:00.000Z',
    ]);
    expect(tx.roles[0]).toBe('booking');
    expect(unmarshall(tx.items[0]?.Put?.Item ?? {})).toMatchObject({
      start: '2026-12-01T14:15:00.000Z',
      gsi1sk: `2026-12-01T14:15:00.000Z#${current.id}`,
      sequence: 1,
    });
  });

  it('moving to another provider claims all new blocks and releases all old ones', () => {
    const next = moved(current, '2026-12-01T14:00:00.000Z', 'dr-shah');
    const tx = rescheduleTransaction(TABLE, current, next, notice(next), NOW);
    expect(tx.roles.filter((r) => r === 'claim')).toHaveLength(12);
    expect(tx.roles.filter((r) => r === 'release')).toHaveLength(12);
    expect(tx.items.length).toBe(26);
  });

  it('moving into the next month re-files the booking under that month', () => {
    const next = moved(current, '2027-01-05T14:00:00.000Z');
    const tx = rescheduleTransaction(TABLE, current, next, notice(next), NOW);
    expect(unmarshall(tx.items[0]?.Put?.Item ?? {}).gsi1pk).toBe('BOOKINGS#2027-01');
  });
});

function canceled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

describe('reading why DynamoDB cancelled a transaction', () => {
  const roles: ItemRole[] = ['booking', 'claim', 'claim', 'release', 'notice'];

  it('a failed lock condition means the slot is taken (try the next provider, or 409)', () => {
    expect(
      classifyCancellation(canceled('None', 'None', 'ConditionalCheckFailed', 'None', 'None'), roles),
    ).toBe('slot-taken');
  });

  it('a failed booking condition means the booking changed since it was read', () => {
    expect(
      classifyCancellation(canceled('ConditionalCheckFailed', 'None', 'None', 'None', 'None'), roles),
    ).toBe('booking-changed');
  });

  it('a conflict with another transaction in flight, or throttling, is retried', () => {
    expect(classifyCancellation(canceled('None', 'TransactionConflict', 'None', 'None', 'None'), roles)).toBe(
      'retry',
    );
    expect(classifyCancellation(canceled('ThrottlingError', 'None', 'None', 'None', 'None'), roles)).toBe(
      'retry',
    );
  });

  it('a taken slot wins over a conflict on another item: retrying could not succeed', () => {
    expect(
      classifyCancellation(
        canceled('None', 'TransactionConflict', 'ConditionalCheckFailed', 'None', 'None'),
        roles,
      ),
    ).toBe('slot-taken');
  });

  it('leaves anything else to be thrown', () => {
    expect(classifyCancellation(new Error('boom'), roles)).toBeUndefined();
    expect(
      classifyCancellation(canceled('None', 'None', 'None', 'ConditionalCheckFailed', 'None'), roles),
    ).toBeUndefined();
    expect(classifyCancellation(canceled('ValidationError'), roles)).toBeUndefined();
  });
});
