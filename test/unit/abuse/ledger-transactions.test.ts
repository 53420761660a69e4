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
import { rateLimitUpdate } from '../../../shared/adapters/dynamodb/rate-limit.ts';
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

  it('sets each head’s count to the entries read plus the new one', () => {
    const counted = createTransaction(TABLE, b, notice, NOW, 'token', {
      patient: {
        keys: KEYS,
        read: { ...read, email: { version: 4, entries: [{ bookingId: '01KA', start: NOW }] } },
      },
    });
    const [email, phone] = counted.items.filter((_, i) => counted.roles[i] === 'patient-head');
    expect(email?.Update?.UpdateExpression).toContain('#count = :count');
    expect(unmarshall(email?.Update?.ExpressionAttributeValues ?? {})[':count']).toBe(2);
    expect(unmarshall(phone?.Update?.ExpressionAttributeValues ?? {})[':count']).toBe(1);
  });

  it('with nothing read, holds only while each head counts within the bound, and adds one', () => {
    const blind = createTransaction(TABLE, b, notice, NOW, 'token', {
      patient: { keys: KEYS, read: { atMost: 1 } },
      repeat: { key: 'repeat-key' },
    });
    for (const head of blind.items.filter((_, i) => blind.roles[i] === 'patient-head')) {
      expect(head.Update?.ConditionExpression).toBe('attribute_not_exists(pk) OR #count <= :atMost');
      expect(unmarshall(head.Update?.ExpressionAttributeValues ?? {})[':atMost']).toBe(1);
      expect(head.Update?.UpdateExpression).toContain('ADD #version :one, #count :one');
    }
    // Staff are not capped: any count will do, but a head must keep one (a read tells the rest).
    const staff = createTransaction(TABLE, b, notice, NOW, 'token', { patient: { keys: KEYS, read: {} } });
    for (const head of staff.items.filter((_, i) => staff.roles[i] === 'patient-head')) {
      expect(head.Update?.ConditionExpression).toBe('attribute_not_exists(pk) OR attribute_exists(#count)');
    }
  });

  it('takes the client’s attempt in the same write, on condition the allowance has room, and asks for it back', () => {
    const taking = createTransaction(TABLE, b, notice, NOW, 'token', {
      patient: { keys: KEYS, read: { atMost: 1 } },
      allowance: rateLimitUpdate('client-key', 5, NOW.getTime(), 'booking'),
    });
    expect(taking.roles.filter((r) => r === 'allowance')).toHaveLength(1);
    const allowance = taking.items[taking.roles.indexOf('allowance')]?.Update;
    expect(unmarshall(allowance?.Key ?? {})).toEqual({ pk: 'RATE#booking#client-key', sk: 'RATE' });
    expect(allowance?.ConditionExpression).toBe('attribute_not_exists(t4) OR t4 <= :windowStart');
    expect(allowance?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(tx.roles).not.toContain('allowance');
  });

  it('names only attributes and values its expressions use, in every item (DynamoDB refuses any other)', () => {
    const transactions = [
      tx,
      createTransaction(TABLE, b, notice, NOW, 'token', {
        patient: { keys: KEYS, read: { atMost: 1 } },
        repeat: { key: 'repeat-key', replaces: '01KOLD' },
        allowance: rateLimitUpdate('client-key', 1, NOW.getTime(), 'booking'),
      }),
      createTransaction(TABLE, b, notice, NOW, 'token', { patient: { keys: KEYS, read: {} } }),
      rescheduleTransaction(TABLE, b, { ...b, sequence: 1 }, notice, NOW, KEYS),
    ];
    for (const { items } of transactions) {
      for (const item of items) {
        const op = item.Put ?? item.Update ?? item.Delete;
        const used = [op?.ConditionExpression, item.Update?.UpdateExpression].join(' ');
        for (const name of [
          ...Object.keys(op?.ExpressionAttributeNames ?? {}),
          ...Object.keys(op?.ExpressionAttributeValues ?? {}),
        ]) {
          expect(used, name).toMatch(new RegExp(`${name}\\b`));
        }
      }
    }
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
    // The move may have put back an entry TTL had taken: the count is dropped, to be read anew.
    for (const head of heads) expect(head.Update?.UpdateExpression).toMatch(/REMOVE #count$/);
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
  type Reason = { Code: string; Item?: Record<string, { S: string }> };
  /** A reason per item of `of`, `None` but at the indexes given. */
  const reasons = (of: readonly unknown[], at: Record<number, Reason>) => of.map((_, i) => at[i] ?? none);
  const marker = { ...failed, Item: { bookingId: { S: '01KFIRST' } } };

  it('is the same patient’s booking when the marker failed, whatever else did', () => {
    const error = cancelled(reasons(roles, { 1: failed, 8: marker }));
    expect(classifyCancellation(error, roles)).toEqual({ kind: 'repeat', bookingId: '01KFIRST' });
  });

  it('is an attempt over the allowance when the allowance failed, whatever else did', () => {
    const withAllowance = [...roles, 'allowance'] as const;
    const error = cancelled(
      reasons(withAllowance, { 1: failed, 6: failed, 8: marker, 9: { ...failed, Item: { t0: { S: 'x' } } } }),
    );
    expect(classifyCancellation(error, withAllowance)).toEqual({
      kind: 'rate-limited',
      item: { t0: { S: 'x' } },
    });
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
