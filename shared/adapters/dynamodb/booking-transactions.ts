// The one TransactWriteItems each booking change is, as pure data: which items it claims,
// releases and writes, and under which conditions. Built here without I/O so each rule (no
// overlap, no lost update, no double delete of a shared block) is unit-tested item by item.
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type Booking, blockedInterval, toBookingItem } from '../../core/scheduling/booking.ts';
import { LOCK_KIND, LOCK_SORT_KEY, lockPks, MAX_TRANSACTION_ITEMS } from '../../core/scheduling/locks.ts';
import { type BookingNotice, noticeItem } from '../../core/scheduling/notice.ts';
import {
  linkItem,
  linkKey,
  type PlannedReminder,
  REMINDERS_PK,
  reminderItem,
  reminderNoticeKey,
} from '../../core/scheduling/reminders.ts';

/** What each item of a transaction is for, index by index, to read a cancellation's reasons. */
export type ItemRole = 'booking' | 'claim' | 'release' | 'notice' | 'reminder' | 'link';

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

export function createTransaction(
  tableName: string,
  booking: Booking,
  notice: BookingNotice,
  now: Date,
  manageToken: string,
): BookingTransaction {
  const tx = builder(tableName);
  tx.putNew('booking', toBookingItem(booking));
  for (const pk of heldLocks(booking)) tx.claim(pk, booking);
  tx.putNew('notice', noticeItem(notice, now));
  tx.planReminders(booking, booking.reminders ?? []);
  tx.putNew('link', linkItem(booking, manageToken));
  return tx.done();
}

export function cancelTransaction(
  tableName: string,
  current: Booking,
  next: Booking,
  notice: BookingNotice,
  now: Date,
): BookingTransaction {
  const tx = builder(tableName);
  tx.replaceBooking(current, next);
  for (const pk of heldLocks(current)) tx.release(pk, current.id);
  tx.putNew('notice', noticeItem(notice, now));
  tx.dropReminders(current.id, current.reminders ?? []);
  tx.remove('link', linkKey(current.id));
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

export type CancellationKind = 'slot-taken' | 'booking-changed' | 'retry';

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
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  let retry = false;
  let bookingChanged = false;
  for (const [index, reason] of reasons.entries()) {
    if (reason.Code === 'ConditionalCheckFailed') {
      if (roles[index] === 'claim') return 'slot-taken';
      if (roles[index] === 'booking' || roles[index] === 'notice') bookingChanged = true;
    } else if (reason.Code === 'TransactionConflict' || reason.Code === 'ThrottlingError') {
      retry = true;
    }
  }
  if (bookingChanged) return 'booking-changed';
  return retry ? 'retry' : undefined;
}
