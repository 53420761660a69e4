// The DynamoDB adapter behind the booking use cases: one consistent read to load a booking, one
// TransactWriteItems per change, retried with jittered backoff when DynamoDB reports a conflict
// with another transaction in flight on the same items.
import { type DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { BookingStore, WriteOutcome } from '../../app/scheduling/ports.ts';
import { BOOKING_SORT_KEY, type Booking, bookingPk, fromBookingItem } from '../../core/scheduling/booking.ts';
import type { BookingNotice } from '../../core/scheduling/notice.ts';
import { logger } from '../../platform/logger.ts';
import {
  type BookingTransaction,
  cancelTransaction,
  classifyCancellation,
  createTransaction,
  rescheduleTransaction,
} from './booking-transactions.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 20,
  maxDelayMs: 800,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** "Full jitter" backoff: contenders that collided once spread out instead of colliding again. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.floor(policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

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
  ) {}

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

  create(booking: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome> {
    return this.write(createTransaction(this.tableName, booking, notice, now));
  }

  cancel(current: Booking, next: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome> {
    return this.write(cancelTransaction(this.tableName, current, next, notice, now));
  }

  reschedule(current: Booking, next: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome> {
    return this.write(rescheduleTransaction(this.tableName, current, next, notice, now));
  }

  private async write(transaction: BookingTransaction): Promise<WriteOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        // The SDK fills in ClientRequestToken and reuses it on its own network retries, so a
        // transaction that committed but whose answer was lost is not applied (or refused) twice.
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: transaction.items }));
        return 'written';
      } catch (error) {
        const kind = classifyCancellation(error, transaction.roles);
        if (kind === undefined) throw error;
        if (kind !== 'retry') return kind;
        if (attempt + 1 >= this.retry.maxAttempts) throw new TransactionConflictError(attempt + 1);
        logger.info('booking transaction conflict; retrying', { attempt: attempt + 1 });
        await this.retry.sleep(backoffDelayMs(this.retry, attempt));
      }
    }
  }
}
