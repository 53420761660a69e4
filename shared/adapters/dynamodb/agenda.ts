// The staff's reads of bookings: the agenda (one Query on gsi1 per UTC month of starts,
// `BOOKINGS#<YYYY-MM>`, as availability reads them, bookings only — blocks share the partition)
// and one booking with its messages (one consistent Query of its own partition).

import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AgendaRead, StaffBookingReader } from '../../app/staff/booking-ports.ts';
import { type BookingMessage, messageFromItem } from '../../core/messages/booking-messages.ts';
import {
  BOOKING_KIND,
  BOOKING_SORT_KEY,
  type Booking,
  bookingMonthPartitions,
  bookingPk,
  fromBookingItem,
} from '../../core/scheduling/booking.ts';
import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandOutput,
} from './wire-client.ts';

const INDEX_NAME = 'gsi1';

/** Every item of a Query, followed through its pages (the block store's reads use it too). */
export async function queryAll(
  client: DynamoDBClient,
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: QueryCommandOutput['LastEvaluatedKey'];
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) items.push(unmarshall(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export class DynamoAgenda implements StaffBookingReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async agenda(read: AgendaRead): Promise<Booking[]> {
    if (read.end.getTime() <= read.start.getTime()) return [];
    const filters = ['#kind = :booking'];
    const names: Record<string, string> = { '#kind': 'kind' };
    const values: Record<string, AttributeValue> = {
      ':booking': { S: BOOKING_KIND },
      // gsi1sk is `<start ISO>#<id>`: BETWEEN takes starts in [start, end), as `end#…` sorts after `end`.
      ':low': { S: read.start.toISOString() },
      ':high': { S: read.end.toISOString() },
    };
    if (read.providerId !== undefined) {
      filters.push('providerId = :provider');
      values[':provider'] = { S: read.providerId };
    }
    if (read.status !== undefined) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = { S: read.status };
    }
    // The last start is just before `end`: its month is the last partition.
    const lastStart = new Date(read.end.getTime() - 1);
    const months = await Promise.all(
      bookingMonthPartitions(read.start, lastStart).map((partition) =>
        queryAll(this.client, {
          TableName: this.tableName,
          IndexName: INDEX_NAME,
          KeyConditionExpression: 'gsi1pk = :partition AND gsi1sk BETWEEN :low AND :high',
          FilterExpression: filters.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':partition': { S: partition } },
        }),
      ),
    );
    // Each month comes sorted by start, and the months in order.
    return months.flat().map(fromBookingItem);
  }

  async withMessages(id: string): Promise<{ booking: Booking; messages: BookingMessage[] } | undefined> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: bookingPk(id) } },
      ConsistentRead: true,
    });
    const bookingItem = items.find((item) => item.sk === BOOKING_SORT_KEY);
    if (!bookingItem) return undefined;
    return {
      booking: fromBookingItem(bookingItem),
      messages: items.flatMap((item) => messageFromItem(item) ?? []),
    };
  }
}
