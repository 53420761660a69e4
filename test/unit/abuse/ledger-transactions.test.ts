// What the booking transactions write for the abuse rules (shared/adapters/dynamodb/
// booking-transactions.ts): the patient ledger's entries and heads, the double-submit marker, and
// how a cancellation's reasons are read.
import { TransactionCanceledException, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  cancelTransaction,
  classifyCancellation,
  createTransaction,
  rescheduleTransaction,
} from '../../../shared/adapters/dynamodb/booking-transactions.ts';
import { snapshotOf } from '../../../shared/core/scheduling/notice.ts';
import { booking } from '../scheduling/bookings/fixtures.ts';

const TABLE = 'clinic-test';
const NOW = new Date('2026-11-25T12:00:00Z');
const KEYS = { email: 'email-key', phone: 'phone-key' };
const b = booking();
const notice = { event: 'confirmed' as const, booking: snapshotOf(b) };

const keyOf = (item: TransactWriteItem) =>
  unmarshall(item.Put?.Item ?? item.Delete?.Key ?? item.Update?.Key ?? {}) as { pk: string; sk: string };

describe('the create transaction of a patient’s booking', () => {
  const read = {
    email: { version: 4, entries: [] },
    phone: { version: undefined, entries: [] },
  };
  const tx = createTransaction(TABLE, b, notice, NOW, 'token', {
    patient: { keys: KEYS, read },
    repeat: { key: 'repeat-key' },
  });
  const of = (role: string) => tx.items.filter((_, i) => tx.roles[i] === role);

  it('writes the booking’s entry on both sides of the ledger, with its start', () => {
    const entries = of('patient').map((item) => unmarshall(item.Put?.Item ?? {}));
    expect(entries).toEqual([
      expect.objectContaining({
        pk: 'PATIENT#email#email-key',
        sk: `BOOKING#${b.id}`,
        start: b.start.toISOString(),
      }),
      expect.objectContaining({ pk: 'PATIENT#phone#phone-key', sk: `BOOKING#${b.id}` }),
    ]);
  });

  it('moves each head on only from the version read, or only if there was none', () => {
    const [email, phone] = of('patient-head').map((item) => item.Update);
    expect(keyOf({ Update: email } as TransactWriteItem)).toEqual({
      pk: 'PATIENT#email#email-key',
      sk: 'HEAD',
    });
    expect(email?.ConditionExpression).toBe('#version = :read');
    expect(unmarshall(email?.ExpressionAttributeValues ?? {})[':read']).toBe(4);
    expect(phone?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(email?.UpdateExpression).toContain('ADD #version :one');
  });

  it('leaves the double-submit marker, free only when absent or past its window, and asks for its holder back', () => {
    const [marker] = of('repeat').map((item) => item.Put);
    expect(unmarshall(marker?.Item ?? {})).toMatchObject({
      pk: 'BOOKING_REPEAT#repeat-key',
      bookingId: b.id,
    });
    expect(marker?.ConditionExpression).toBe('attribute_not_exists(pk) OR #until <= :now');
    expect(marker?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it('takes over a stale marker only from the booking it names', () => {
    const stale = createTransaction(TABLE, b, notice, NOW, 'token', {
      patient: { keys: KEYS, read },
      repeat: { key: 'repeat-key', replaces: '01KOLD' },
    });
    const marker = stale.items[stale.roles.indexOf('repeat')]?.Put;
    expect(marker?.ConditionExpression).toBe(
      'attribute_not_exists(pk) OR #until <= :now OR #bookingId = :stale',
    );
    expect(unmarshall(marker?.ExpressionAttributeValues ?? {})[':stale']).toBe('01KOLD');
  });

  it('leaves no marker for a staff booking', () => {
    const staff = createTransaction(TABLE, b, notice, NOW, 'token', { patient: { keys: KEYS, read } });
    expect(staff.roles).not.toContain('repeat');
    expect(staff.roles.filter((r) => r === 'patient-head')).toHaveLength(2);
  });
});

describe('a change of the booking', () => {
  const next = { ...b, status: 'cancelled' as const, sequence: 1 };

  it('cancelling deletes its ledger entries, and leaves the heads alone', () => {
    const tx = cancelTransaction(
      TABLE,
      b,
      next,
      { event: 'cancelled', booking: snapshotOf(next) },
      NOW,
      KEYS,
    );
    const deleted = tx.items.filter((_, i) => tx.roles[i] === 'patient').map(keyOf);
    expect(deleted).toEqual([
      { pk: 'PATIENT#email#email-key', sk: `BOOKING#${b.id}` },
      { pk: 'PATIENT#phone#phone-key', sk: `BOOKING#${b.id}` },
    ]);
    expect(tx.roles).not.toContain('patient-head');
  });

  it('moving rewrites the entries at the new start and moves both heads on unconditionally', () => {
    const start = new Date('2026-12-03T15:00:00Z');
    const moved = { ...b, start, end: new Date(start.getTime() + 45 * 60_000), sequence: 1 };
    const tx = rescheduleTransaction(TABLE, b, moved, notice, NOW, KEYS);
    const entries = tx.items
      .filter((_, i) => tx.roles[i] === 'patient')
      .map((item) => unmarshall(item.Put?.Item ?? {}));
    expect(entries.map((e) => e.start)).toEqual([start.toISOString(), start.toISOString()]);
    const heads = tx.items.filter((_, i) => tx.roles[i] === 'patient-head');
    expect(heads).toHaveLength(2);
    for (const head of heads) expect(head.Update?.ConditionExpression).toBeUndefined();
  });
});

describe('a cancelled create', () => {
  const roles = [
    'booking',
    'claim',
    'notice',
    'link',
    'patient',
    'patient',
    'patient-head',
    'patient-head',
    'repeat',
  ] as const;
  const cancelled = (reasons: { Code: string; Item?: Record<string, { S: string }> }[]) =>
    new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: reasons });
  const none = { Code: 'None' };
  const failed = { Code: 'ConditionalCheckFailed' };

  it('is the same patient’s booking when the marker failed, whatever else did', () => {
    const error = cancelled([
      none,
      failed,
      none,
      none,
      none,
      none,
      none,
      none,
      { ...failed, Item: { bookingId: { S: '01KFIRST' } } },
    ]);
    expect(classifyCancellation(error, roles)).toEqual({ kind: 'repeat', bookingId: '01KFIRST' });
  });

  it('is a taken slot before a changed ledger, and a changed ledger when only a head failed', () => {
    expect(
      classifyCancellation(cancelled([none, failed, none, none, none, none, failed, none, none]), roles),
    ).toBe('slot-taken');
    expect(
      classifyCancellation(cancelled([none, none, none, none, none, none, none, failed, none]), roles),
    ).toBe('patient-changed');
  });
});
