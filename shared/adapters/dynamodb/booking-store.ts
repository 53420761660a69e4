// The DynamoDB adapter behind the booking use cases: one consistent read to load a booking, one
// TransactWriteItems per change, retried with jittered backoff when DynamoDB reports a conflict
// with another transaction in flight on the same items.

import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  BookingStore,
  CreateConditions,
  CreateOutcome,
  RepeatQuestion,
  WriteOutcome,
} from '../../app/scheduling/ports.ts';
import { bookingKeepUntil } from '../../core/messages/booking-messages.ts';
import {
  BOOKING_SORT_KEY,
  type Booking,
  bookingPk,
  fromBookingItem,
  type Patient,
} from '../../core/scheduling/booking.ts';
import type { BookingNotice } from '../../core/scheduling/notice.ts';
import {
  ledgerPk,
  ledgerSideOf,
  type PatientBookings,
  type PatientKeys,
  patientKeys,
  repeatKey,
  repeatMarkerKey,
} from '../../core/scheduling/patients.ts';
import { linkKey } from '../../core/scheduling/reminders.ts';
import { logger } from '../../platform/logger.ts';
import { attemptUpdate } from './attempt-limiter.ts';
import {
  type BookingTransaction,
  bookingUpdateTransaction,
  type CancellationKind,
  cancelTransaction,
  classifyCancellation,
  createTransaction,
  rescheduleTransaction,
} from './booking-transactions.ts';
import { retryAfterSeconds } from './rate-limit.ts';
import { DEFAULT_RETRY, type RetryPolicy, TryAgain, withRetry } from './retry.ts';
import { tableSecret } from './secret.ts';
import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from './wire-client.ts';

export { backoffDelayMs, DEFAULT_RETRY, type RetryPolicy } from './retry.ts';

export class TransactionConflictError extends Error {
  constructor(attempts: number) {
    super(`Booking transaction still conflicting after ${attempts} attempts`);
    this.name = 'TransactionConflictError';
  }
}

/** The patient ledger's pages are small (a patient's bookings of the last two years at most). */
const LEDGER_PAGE_LIMIT = 200;

export class DynamoBookingStore implements BookingStore {
  /**
   * @param secret the key of the patient and client pseudonyms (default: the table's own, as the
   *   inquiries' and the attempt limiter's), read once per container.
   */
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    /** `retention.bookingDaysAfterVisit`: every booking written gets its TTL from it (none when absent). */
    private readonly bookingDaysAfterVisit?: number,
    private readonly secret: () => Promise<Uint8Array> = tableSecret({ client, tableName }),
  ) {}

  /** The booking as it is written: kept until its end plus the clinic's retention. */
  private kept(booking: Booking): Booking {
    const days = this.bookingDaysAfterVisit;
    return days === undefined ? booking : { ...booking, keepUntil: bookingKeepUntil(booking.end, days) };
  }

  async get(id: string): Promise<Booking | undefined> {
    const item = await this.getItem({ pk: bookingPk(id), sk: BOOKING_SORT_KEY });
    return item ? fromBookingItem(item) : undefined;
  }

  /**
   * A query of the booking's own key, filtered on the token hash by DynamoDB: a wrong token and an
   * unknown id are both an empty page (no item crosses the wire, none is parsed here).
   */
  async getWithToken(id: string, tokenHash: string): Promise<Booking | undefined> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        FilterExpression: 'tokenHash = :tokenHash',
        ExpressionAttributeValues: marshall({
          ':pk': bookingPk(id),
          ':sk': BOOKING_SORT_KEY,
          ':tokenHash': tokenHash,
        }),
        ConsistentRead: true,
      }),
    );
    const [item] = result.Items ?? [];
    return item ? fromBookingItem(unmarshall(item)) : undefined;
  }

  async create(
    booking: Booking,
    notice: BookingNotice,
    now: Date,
    manageToken: string,
    conditions: CreateConditions,
  ): Promise<CreateOutcome> {
    const secret = await this.secret();
    const guard = {
      patient: { keys: patientKeys(secret, booking.patient), read: conditions.patientBookings },
      ...(conditions.repeat
        ? {
            repeat: {
              key: repeatKey(secret, {
                email: booking.patient.email,
                typeId: booking.typeId,
                start: booking.start,
              }),
              ...(conditions.repeat.replaces === undefined ? {} : { replaces: conditions.repeat.replaces }),
            },
          }
        : {}),
      ...(conditions.allowance
        ? { allowance: attemptUpdate(secret, conditions.allowance.clientIp, conditions.allowance.limit, now) }
        : {}),
    };
    const outcome = await this.write(
      createTransaction(this.tableName, this.kept(booking), notice, now, manageToken, guard),
    );
    if (typeof outcome === 'object') {
      if (outcome.kind === 'repeat') return { outcome: 'repeat', bookingId: outcome.bookingId };
      // Only a write that takes the allowance can be refused by it.
      if (!conditions.allowance) throw new Error('A create was refused by an allowance it did not take');
      const { limit } = conditions.allowance;
      return {
        outcome: 'rate-limited',
        retryAfterSeconds: retryAfterSeconds(outcome.item, limit, now.getTime()),
      };
    }
    if (outcome === 'written' || outcome === 'slot-taken' || outcome === 'patient-changed')
      return { outcome };
    throw new Error(`Unexpected outcome creating a booking: ${outcome}`);
  }

  async cancel(current: Booking, next: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome> {
    const keys = await this.keysOf(current.patient);
    return this.writeChange(cancelTransaction(this.tableName, current, this.kept(next), notice, now, keys));
  }

  async reschedule(current: Booking, next: Booking, notice: BookingNotice, now: Date): Promise<WriteOutcome> {
    const keys = await this.keysOf(current.patient);
    return this.writeChange(
      rescheduleTransaction(this.tableName, current, this.kept(next), notice, now, keys),
    );
  }

  update(current: Booking, next: Booking): Promise<WriteOutcome> {
    return this.writeChange(bookingUpdateTransaction(this.tableName, current, this.kept(next)));
  }

  async patientBookings(patient: Patient): Promise<PatientBookings> {
    const keys = await this.keysOf(patient);
    const [email, phone] = await Promise.all([
      this.ledgerSide(ledgerPk('email', keys.email)),
      this.ledgerSide(ledgerPk('phone', keys.phone)),
    ]);
    return { email, phone };
  }

  async repeatOf(asked: RepeatQuestion, now: Date): Promise<string | undefined> {
    const marker = await this.getItem(repeatMarkerKey(repeatKey(await this.secret(), asked)));
    // TTL deletion lags: a marker past its window says nothing.
    if (!marker || Number(marker.until) <= Math.floor(now.getTime() / 1000)) return undefined;
    return typeof marker.bookingId === 'string' ? marker.bookingId : undefined;
  }

  async manageTokenOf(bookingId: string): Promise<string | undefined> {
    const link = await this.getItem(linkKey(bookingId));
    return typeof link?.manageToken === 'string' ? link.manageToken : undefined;
  }

  private async keysOf(patient: Pick<Patient, 'email' | 'phone'>): Promise<PatientKeys> {
    return patientKeys(await this.secret(), patient);
  }

  private async getItem(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const result = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(key), ConsistentRead: true }),
    );
    return result.Item ? unmarshall(result.Item) : undefined;
  }

  /** One side of a patient's ledger: its head and every entry, read consistently. */
  private async ledgerSide(pk: string) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': pk }),
          ConsistentRead: true,
          Limit: LEDGER_PAGE_LIMIT,
          ...(start ? { ExclusiveStartKey: marshall(start) } : {}),
        }),
      );
      for (const item of page.Items ?? []) items.push(unmarshall(item));
      start = page.LastEvaluatedKey ? unmarshall(page.LastEvaluatedKey) : undefined;
    } while (start);
    return ledgerSideOf(items);
  }

  private async writeChange(transaction: BookingTransaction): Promise<WriteOutcome> {
    const outcome = await this.write(transaction);
    // A change writes no marker and checks no head: only these two can come back.
    if (outcome === 'written' || outcome === 'slot-taken' || outcome === 'booking-changed') return outcome;
    throw new Error(`Unexpected outcome changing a booking: ${JSON.stringify(outcome)}`);
  }

  private write(transaction: BookingTransaction): Promise<'written' | Exclude<CancellationKind, 'retry'>> {
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
