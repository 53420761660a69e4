// The DynamoDB adapter behind the booking use cases: one consistent read to load a booking, one
// TransactWriteItems per change, retried with jittered backoff when DynamoDB reports a conflict
// with another transaction in flight on the same items.
import { type DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { BookingStore, WriteOutcome } from '../../app/scheduling/ports.ts';
import { bookingKeepUntil } from '../../core/messages/booking-messages.ts';
import { BOOKING_SORT_KEY, type Booking, bookingPk, fromBookingItem } from '../../core/scheduling/booking.ts';
import type { BookingNotice } from '../../core/scheduling/notice.ts';
import { logger } from '../../platform/logger.ts';
import {
  type BookingTransaction,
  bookingUpdateTransaction,
  cancelTransaction,
  classifyCancellation,
  createTransaction,
  rescheduleTransaction,
} from './booking-transactions.ts';
import { DEFAULT_RETRY, type RetryPolicy, TryAgain, withRetry } from './retry.ts';

export { backoffDelayMs, DEFAULT_RETRY, type RetryPolicy } from './retry.ts';

export class TransactionConflictError extends Error {
  constructor(attempts: number) {
    super(`Booking transaction still conflicting after ${attempts} attempts`);
    this.name = 'TransactionConflictError';
  }
}

export class DynamoBookingStore implements BookingStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    /** `retention.bookingDaysAfterVisit`: every booking written gets its TTL from it (none when absent). */
    private readonly bookingDaysAfterVisit?: number,
  ) {}

  /** The booking as it is written: kept until its end plus the clinic's retention. */
  private kept(booking: Booking): Booking {
    const days = this.bookingDaysAfterVisit;
    return days === undefined ? booking : { ...booking, keepUntil: bookingKeepUntil(booking.end, days) };
  }

  async get(id: string): Promise<Booking | undefined> {
    const result = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: bookingPk(id), sk: BOOKING_SORT_KEY }),
        ConsistentRead: true,
      }),
    );
    return result.Item ? fromBookingItem(unmarshall(result.Item)) : undefined;
  }

  create(booking: Booking, notice: BookingNotice, now: Date, manageToken: string): Promise<WriteOutcome> {
    return this.write(createTransaction(this.tableName, this.kept(booking), notice, now, manageToken));
  }

  cancel(current: Booking, next: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome> {
    return this.write(cancelTransaction(this.tableName, current, this.kept(next), notice, now));
  }

  reschedule(current: Booking, next: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome> {
    return this.write(rescheduleTransaction(this.tableName, current, this.kept(next), notice, now));
  }

  update(current: Booking, next: Booking): Promise<WriteOutcome> {
    return this.write(bookingUpdateTransaction(this.tableName, current, this.kept(next)));
  }

  private write(transaction: BookingTransaction): Promise<WriteOutcome> {
    return withRetry(
      this.retry,
      async () => {
        try {
          // The SDK fills in ClientRequestToken and reuses it on its own network retries, so a
          // transaction that committed but whose answer was lost is not applied (or refused) twice.
          await this.client.send(new TransactWriteItemsCommand({ TransactItems: transaction.items }));
          return 'written' as const;
        } catch (error) {
          const kind = classifyCancellation(error, transaction.roles);
          if (kind === undefined) throw error;
          return kind === 'retry' ? new TryAgain(error) : kind;
        }
      },
      {
        onRetry: (attempts) => logger.info('booking transaction conflict; retrying', { attempt: attempts }),
        exhausted: (attempts) => new TransactionConflictError(attempts),
      },
    );
  }
}
