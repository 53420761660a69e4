// The one TransactWriteItems each booking change is, as pure data: which items it claims,
// releases and writes, and under which conditions. Built here without I/O so each rule (no
// overlap, no lost update, no double delete of a shared block) is unit-tested item by item.

import { marshall } from '@aws-sdk/util-dynamodb';
import { type Booking, blockedInterval, toBookingItem } from '../../core/scheduling/booking.ts';
import { LOCK_KIND, LOCK_SORT_KEY, lockPks, MAX_TRANSACTION_ITEMS } from '../../core/scheduling/locks.ts';
import { type BookingNotice, noticeItem } from '../../core/scheduling/notice.ts';
import {
  isLedgerRead,
  LEDGER_HEAD_KIND,
  LEDGER_SIDES,
  ledgerEntryItem,
  ledgerEntryKey,
  ledgerHeadKey,
  type PatientBookings,
  type PatientKeys,
  repeatMarkerItem,
  type UnreadPatientBookings,
} from '../../core/scheduling/patients.ts';
import {
  linkItem,
  linkKey,
  type PlannedReminder,
  REMINDERS_PK,
  reminderItem,
  reminderNoticeKey,
} from '../../core/scheduling/reminders.ts';
import type { RateLimitUpdate } from './rate-limit.ts';
import type { AttributeValue, TransactWriteItem } from './wire-client.ts';

/** What each item of a transaction is for, index by index, to read a cancellation's reasons. */
export type ItemRole =
  | 'booking'
  | 'claim'
  | 'release'
  | 'notice'
  | 'reminder'
  | 'link'
  | 'patient'
  | 'patient-head'
  | 'repeat'
  | 'allowance';

/**
 * What a create writes besides the booking for the abuse rules (core/scheduling/patients.ts): the
 * patient's ledger entries and heads, on condition that the heads are as `read` found them (or,
 * when nothing was read, that their counts are within its bound); for a patient's own booking,
 * the marker that answers a double submit with this booking; and, when the attempt was not
 * counted before, the client's attempt allowance (./rate-limit.ts) with room for it.
 */
export interface CreateGuard {
  readonly patient: { readonly keys: PatientKeys; readonly read: PatientBookings | UnreadPatientBookings };
  /** The marker's key; `replaces`: the booking of a marker found stale (cancelled or moved since). */
  readonly repeat?: { readonly key: string; readonly replaces?: string };
  /** The update that takes the client's attempt (./attempt-limiter.ts `attemptUpdate`). */
  readonly allowance?: RateLimitUpdate;
}

/**
 * A ledger head outlives every entry it counts: an entry is for a start at most 730 days
 * (scheduling.maxAdvanceDays' ceiling) after the write that made it, and each write renews it.
 */
const LEDGER_HEAD_TTL_SECONDS = 740 * 24 * 60 * 60;

export interface BookingTransaction {
  readonly items: TransactWriteItem[];
  readonly roles: ItemRole[];
}

/** Lock items outlive their block by a day: a past block can never be booked again. */
const LOCK_GRACE_SECONDS = 24 * 60 * 60;

/** The lock keys a booking holds (its blocked interval on its own lock grid). */
export function heldLocks(booking: Booking): string[] {
  const { from, until } = blockedInterval(booking);
  return lockPks(booking.providerId, from, until, booking.lockBlockMinutes);
}

function builder(tableName: string) {
  const items: TransactWriteItem[] = [];
  const roles: ItemRole[] = [];
  const add = (role: ItemRole, item: TransactWriteItem) => {
    items.push(item);
    roles.push(role);
  };
  return {
    putNew(role: ItemRole, item: Record<string, unknown>) {
      add(role, {
        Put: {
          TableName: tableName,
          Item: marshall(item, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    },
    claim(pk: string, booking: Booking) {
      const expiresAt = Math.floor(blockedInterval(booking).until.getTime() / 1000) + LOCK_GRACE_SECONDS;
      this.putNew('claim', {
        pk,
        sk: LOCK_SORT_KEY,
        kind: LOCK_KIND,
        bookingId: booking.id,
        providerId: booking.providerId,
        expiresAt,
      });
    },
    release(pk: string, bookingId: string) {
      add('release', {
        Delete: {
          TableName: tableName,
          Key: marshall({ pk, sk: LOCK_SORT_KEY }),
          // Never release another booking's block; an already absent one is fine.
          ConditionExpression: 'attribute_not_exists(pk) OR bookingId = :bookingId',
          ExpressionAttributeValues: marshall({ ':bookingId': bookingId }),
        },
      });
    },
    /** Deletes an item whether or not it is there (a reminder, its released notice, a link). */
    remove(role: ItemRole, key: { pk: string; sk: string }) {
      add(role, { Delete: { TableName: tableName, Key: marshall(key) } });
    },
    planReminders(booking: Booking, reminders: readonly PlannedReminder[]) {
      for (const reminder of reminders) this.putNew('reminder', reminderItem(booking, reminder));
    },
    /** A reminder dropped: its pending item and, should the runner have just released it, its notice. */
    dropReminders(bookingId: string, reminders: readonly PlannedReminder[]) {
      for (const reminder of reminders) {
        this.remove('reminder', { pk: REMINDERS_PK, sk: reminder.sk });
        this.remove('reminder', reminderNoticeKey(bookingId, reminder.sk));
      }
    },
    /** The booking's entry on each side of its patient's ledger (a move rewrites its start). */
    putLedgerEntries(keys: PatientKeys, booking: Booking) {
      for (const side of LEDGER_SIDES) {
        add('patient', {
          Put: {
            TableName: tableName,
            Item: marshall(ledgerEntryItem(side, keys[side], booking)),
          },
        });
      }
    },
    dropLedgerEntries(keys: PatientKeys, bookingId: string) {
      for (const side of LEDGER_SIDES) this.remove('patient', ledgerEntryKey(side, keys[side], bookingId));
    },
    /**
     * A create's heads: each version moved on and its count raised by the new entry. With the
     * ledger `read`, only from the version read (absent: only if no head exists), so the create
     * counted what the table holds, and the count is set to the entries read plus this one; with
     * nothing read, only while the count is within the bound (or no head exists yet).
     */
    countLedgerHeads(keys: PatientKeys, now: Date, read: PatientBookings | UnreadPatientBookings) {
      for (const side of LEDGER_SIDES) {
        const counted = isLedgerRead(read)
          ? {
              condition: ledgerHeadCondition(read[side].version),
              update: 'SET #kind = :kind, #expiresAt = :expiresAt, #count = :count ADD #version :one',
              values: { ':count': read[side].entries.length + 1 },
            }
          : {
              condition: ledgerCountCondition(read),
              update: 'SET #kind = :kind, #expiresAt = :expiresAt ADD #version :one, #count :one',
              values: {},
            };
        add('patient-head', {
          Update: {
            TableName: tableName,
            Key: marshall(ledgerHeadKey(side, keys[side])),
            UpdateExpression: counted.update,
            ConditionExpression: counted.condition.expression,
            ExpressionAttributeNames: HEAD_NAMES,
            ExpressionAttributeValues: marshall({
              ...headValues(now),
              ...counted.condition.values,
              ...counted.values,
            }),
          },
        });
      }
    },
    /**
     * A move's heads: each version moved on, unconditionally, and its count dropped, since the
     * move may have put back an entry TTL had already taken (the next create reads and recounts).
     */
    advanceLedgerHeads(keys: PatientKeys, now: Date) {
      for (const side of LEDGER_SIDES) {
        add('patient-head', {
          Update: {
            TableName: tableName,
            Key: marshall(ledgerHeadKey(side, keys[side])),
            UpdateExpression: 'SET #kind = :kind, #expiresAt = :expiresAt ADD #version :one REMOVE #count',
            ExpressionAttributeNames: HEAD_NAMES,
            ExpressionAttributeValues: marshall(headValues(now)),
          },
        });
      }
    },
    /** The client's attempt allowance, counting this one, on condition that it had room. */
    takeAllowance(update: RateLimitUpdate) {
      // The allowance's item comes back with a refusal: it says when a slot frees (Retry-After).
      add('allowance', {
        Update: { TableName: tableName, ...update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
      });
    },
    /** The double-submit marker, free when absent, past its window, or left by a stale booking. */
    putRepeatMarker(repeat: NonNullable<CreateGuard['repeat']>, bookingId: string, now: Date) {
      const stale = repeat.replaces === undefined ? '' : ' OR #bookingId = :stale';
      add('repeat', {
        Put: {
          TableName: tableName,
          Item: marshall(repeatMarkerItem(repeat.key, bookingId, now)),
          ConditionExpression: `attribute_not_exists(pk) OR #until <= :now${stale}`,
          ExpressionAttributeNames: {
            '#until': 'until',
            ...(repeat.replaces === undefined ? {} : { '#bookingId': 'bookingId' }),
          },
          ExpressionAttributeValues: marshall({
            ':now': Math.floor(now.getTime() / 1000),
            ...(repeat.replaces === undefined ? {} : { ':stale': repeat.replaces }),
          }),
          // The first booking's id comes back with the refusal: no read to find whose it is.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
    },
    /** Replaces the booking only if nobody changed it since it was read. */
    replaceBooking(current: Booking, next: Booking) {
      add('booking', {
        Put: {
          TableName: tableName,
          Item: marshall(toBookingItem(next), { removeUndefinedValues: true }),
          ConditionExpression: '#status = :confirmed AND #sequence = :sequence',
          ExpressionAttributeNames: { '#status': 'status', '#sequence': 'sequence' },
          ExpressionAttributeValues: marshall({ ':confirmed': 'confirmed', ':sequence': current.sequence }),
        },
      });
    },
    done(): BookingTransaction {
      if (items.length > MAX_TRANSACTION_ITEMS) {
        // The config check (lockCapacityProblems) should make this unreachable.
        throw new Error(
          `A booking transaction needs ${items.length} items; DynamoDB allows ${MAX_TRANSACTION_ITEMS}`,
        );
      }
      return { items, roles };
    },
  };
}

const HEAD_NAMES = { '#kind': 'kind', '#version': 'version', '#expiresAt': 'expiresAt', '#count': 'count' };

function headValues(now: Date) {
  return {
    ':kind': LEDGER_HEAD_KIND,
    ':expiresAt': Math.floor(now.getTime() / 1000) + LEDGER_HEAD_TTL_SECONDS,
    ':one': 1,
  };
}

interface HeadCondition {
  readonly expression: string;
  readonly values: Record<string, unknown>;
}

/** A head's condition: at the version read, or (none read) not there yet. */
function ledgerHeadCondition(version: number | undefined): HeadCondition {
  if (version === undefined) return { expression: 'attribute_not_exists(pk)', values: {} };
  return { expression: '#version = :read', values: { ':read': version } };
}

/**
 * A head's condition for a create that read nothing: no head yet, or one whose count is within
 * the bound (without a bound, one that keeps a count at all: a head written before counts were
 * kept, or after a move, has none, and only a read can tell what it counts).
 */
function ledgerCountCondition(read: UnreadPatientBookings): HeadCondition {
  if (read.atMost === undefined) {
    return { expression: 'attribute_not_exists(pk) OR attribute_exists(#count)', values: {} };
  }
  return { expression: 'attribute_not_exists(pk) OR #count <= :atMost', values: { ':atMost': read.atMost } };
}

export function createTransaction(
  tableName: string,
  booking: Booking,
  notice: BookingNotice,
  now: Date,
  manageToken: string,
  guard?: CreateGuard,
): BookingTransaction {
  const tx = builder(tableName);
  tx.putNew('booking', toBookingItem(booking));
  for (const pk of heldLocks(booking)) tx.claim(pk, booking);
  tx.putNew('notice', noticeItem(notice, now));
  tx.planReminders(booking, booking.reminders ?? []);
  tx.putNew('link', linkItem(booking, manageToken));
  if (guard) {
    tx.putLedgerEntries(guard.patient.keys, booking);
    tx.countLedgerHeads(guard.patient.keys, now, guard.patient.read);
    if (guard.repeat) tx.putRepeatMarker(guard.repeat, booking.id, now);
    if (guard.allowance) tx.takeAllowance(guard.allowance);
  }
  return tx.done();
}

export function cancelTransaction(
  tableName: string,
  current: Booking,
  next: Booking,
  notice: BookingNotice,
  now: Date,
  patient?: PatientKeys,
): BookingTransaction {
  const tx = builder(tableName);
  tx.replaceBooking(current, next);
  for (const pk of heldLocks(current)) tx.release(pk, current.id);
  tx.putNew('notice', noticeItem(notice, now));
  tx.dropReminders(current.id, current.reminders ?? []);
  tx.remove('link', linkKey(current.id));
  // Out of its patient's count at once. The heads stay: one booking fewer can only make a
  // create that counted it (and so may be refused) too strict, never too lenient.
  if (patient) tx.dropLedgerEntries(patient, current.id);
  return tx.done();
}

/**
 * Moves a booking. Blocks the old and new times share stay as they are: DynamoDB refuses two
 * operations on one item in a transaction, and keeping them is what lets a booking move by a few
 * minutes onto its own time.
 */
export function rescheduleTransaction(
  tableName: string,
  current: Booking,
  next: Booking,
  notice: BookingNotice,
  now: Date,
  patient?: PatientKeys,
): BookingTransaction {
  const oldLocks = heldLocks(current);
  const newLocks = heldLocks(next);
  const kept = new Set(oldLocks.filter((pk) => newLocks.includes(pk)));
  const tx = builder(tableName);
  tx.replaceBooking(current, next);
  for (const pk of newLocks) if (!kept.has(pk)) tx.claim(pk, next);
  for (const pk of oldLocks) if (!kept.has(pk)) tx.release(pk, current.id);
  tx.putNew('notice', noticeItem(notice, now));
  // As with blocks, a reminder due at the same instant for both times is kept as it is.
  const oldReminders = current.reminders ?? [];
  const newReminders = next.reminders ?? [];
  const keptReminders = new Set(
    oldReminders.filter((r) => newReminders.some((n) => n.sk === r.sk)).map((r) => r.sk),
  );
  tx.planReminders(
    next,
    newReminders.filter((r) => !keptReminders.has(r.sk)),
  );
  tx.dropReminders(
    current.id,
    oldReminders.filter((r) => !keptReminders.has(r.sk)),
  );
  if (patient) {
    // The entry's start follows the booking; the heads move on, since a move (by staff, of a
    // visit already past) can bring a booking back into the count a create is making.
    tx.putLedgerEntries(patient, next);
    tx.advanceLedgerHeads(patient, now);
  }
  return tx.done();
}

/** A change of the booking alone (attendance): no time claimed or released, no email. */
export function bookingUpdateTransaction(
  tableName: string,
  current: Booking,
  next: Booking,
): BookingTransaction {
  const tx = builder(tableName);
  tx.replaceBooking(current, next);
  return tx.done();
}

export type CancellationKind =
  | { readonly kind: 'rate-limited'; readonly item: Record<string, AttributeValue> | undefined }
  | { readonly kind: 'repeat'; readonly bookingId: string }
  | 'slot-taken'
  | 'patient-changed'
  | 'booking-changed'
  | 'retry';

/**
 * Why DynamoDB cancelled a transaction, from its per-item reasons: a failed claim means another
 * booking holds the time; a failed booking condition means the booking changed since it was read;
 * a conflict (another transaction on the same items right now) or throttling is worth retrying.
 * Anything else is not a domain outcome and is left to the caller to throw.
 */
export function classifyCancellation(
  error: unknown,
  roles: readonly ItemRole[],
): CancellationKind | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons =
    (error as { CancellationReasons?: { Code?: string; Item?: Record<string, AttributeValue> }[] })
      .CancellationReasons ?? [];
  let retry = false;
  let repeatOf: string | undefined;
  let slotTaken = false;
  let patientChanged = false;
  let bookingChanged = false;
  for (const [index, reason] of reasons.entries()) {
    if (reason.Code === 'ConditionalCheckFailed') {
      const role = roles[index];
      // An attempt the client's allowance has no room for is refused, whatever else failed.
      if (role === 'allowance') return { kind: 'rate-limited', item: reason.Item };
      // The same patient's booking of this time, made moments ago: it is the answer, whatever
      // else failed (its locks are the ones this one would have claimed).
      const firstId = reason.Item?.bookingId?.S;
      if (role === 'repeat' && firstId) repeatOf ??= firstId;
      if (role === 'claim') slotTaken = true;
      if (role === 'patient-head') patientChanged = true;
      if (role === 'booking' || role === 'notice') bookingChanged = true;
    } else if (reason.Code === 'TransactionConflict' || reason.Code === 'ThrottlingError') {
      retry = true;
    }
  }
  if (repeatOf !== undefined) return { kind: 'repeat', bookingId: repeatOf };
  if (slotTaken) return 'slot-taken';
  if (patientChanged) return 'patient-changed';
  if (bookingChanged) return 'booking-changed';
  return retry ? 'retry' : undefined;
}
