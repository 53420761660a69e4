// Bookings written straight into the table, for tests that need one the API would not make (one
// that has begun) or one on no booking test file's days (bookings-support.ts deals the weekdays
// out; these go on a Saturday, when nobody works, so no open slot changes). The item is the one
// toBookingItem writes, so every route reads it as it reads any booking; it holds no lock items,
// so nothing that claims time may be tested on it.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { type Booking, toBookingItem } from '../../../shared/core/scheduling/booking.ts';
import { addDays, type LocalDate, localDateOf, weekdayOf } from '../../../shared/core/scheduling/time.ts';
import { hashManageToken, newManageToken } from '../../../shared/core/scheduling/tokens.ts';
import { testDynamoDb, testTableName, uniqueEmail } from '../support/index.ts';
import { config, localStart } from './bookings-support.ts';

export interface SeededBooking {
  readonly id: string;
  /** The raw manage token (the table holds its hash only). */
  readonly token: string;
  readonly booking: Booking;
}

/** The first Saturday at least two days ahead: outside the change cut-off, and a closed day. */
export function nextSaturday(): LocalDate {
  let day = addDays(localDateOf(new Date(), config.clinic.timeZone), 2);
  while (weekdayOf(day) !== 'sat') day = addDays(day, 1);
  return day;
}

export async function seedBooking(
  overrides: Partial<Booking> & Pick<Booking, 'start'>,
): Promise<SeededBooking> {
  const token = newManageToken();
  const id = ulid();
  const createdAt = new Date(Date.now() - 86_400_000);
  const booking: Booking = {
    id,
    status: 'confirmed',
    typeId: 'follow-up',
    providerId: 'dr-lee',
    end: new Date(overrides.start.getTime() + 20 * 60_000),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    lockBlockMinutes: 5,
    patient: { name: 'Sam Seeded', email: uniqueEmail('seeded'), phone: '+12015550123' },
    attribution: {},
    tokenHash: hashManageToken(token),
    sequence: 0,
    createdAt,
    updatedAt: createdAt,
    history: [{ at: createdAt, action: 'created' }],
    ...overrides,
  };
  const db = testDynamoDb();
  try {
    await db.send(
      new PutItemCommand({
        TableName: testTableName(),
        Item: marshall(toBookingItem(booking), { removeUndefinedValues: true }),
      }),
    );
  } finally {
    db.destroy();
  }
  return { id, token, booking };
}

/** A follow-up with Dr. Lee on the next Saturday at a local wall time (`10:00`). */
export function seedSaturdayBooking(hhmm: string, overrides: Partial<Booking> = {}): Promise<SeededBooking> {
  return seedBooking({ start: new Date(localStart(nextSaturday(), hhmm)), ...overrides });
}
