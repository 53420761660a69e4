// A booking item written straight into the table, for read-side tests that need bookings at exact
// instants (or ones the API would refuse, like a cancelled one). It is laid out by the bookings
// module's own toBookingItem, so the read side is tested against the items it will really meet.
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type DynamoDBClient, PutItemCommand } from '../../../shared/adapters/dynamodb/wire-client.ts';
import { type Booking, toBookingItem } from '../../../shared/core/scheduling/booking.ts';
import { testTableName } from '../support/index.ts';

export type BookingTimes = Pick<
  Booking,
  'providerId' | 'typeId' | 'start' | 'end' | 'bufferBeforeMinutes' | 'bufferAfterMinutes'
> &
  Partial<Pick<Booking, 'status'>>;

export async function putBookingItem(db: DynamoDBClient, times: BookingTimes): Promise<void> {
  const booking: Booking = {
    id: `TEST${randomUUID().replaceAll('-', '').slice(0, 22).toUpperCase()}`,
    status: 'confirmed',
    lockBlockMinutes: 5,
    patient: { name: 'Never read by the slot engine', email: 'patient@example.com', phone: '+12015550123' },
    attribution: {},
    tokenHash: 'not a token hash',
    sequence: 0,
    createdAt: times.start,
    updatedAt: times.start,
    ...times,
  };
  await db.send(
    new PutItemCommand({
      TableName: testTableName(),
      Item: marshall(toBookingItem(booking), { removeUndefinedValues: true }),
    }),
  );
}
