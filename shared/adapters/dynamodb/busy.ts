// Reading the active bookings that can hold time in a window: one Query on `gsi1` per UTC month
// of booking starts (`gsi1pk = BOOKINGS#<YYYY-MM>`), never a scan.
import { type DynamoDBClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { clinicConfig } from '../../config/runtime.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import type { BusyBooking } from '../../core/scheduling/slots.ts';

const MINUTE_MS = 60_000;
const INDEX_NAME = 'gsi1';

/**
 * How far a booking can reach from its start into a candidate slot's time: the longest type plus
 * the largest buffers on either side (a booking's blocked time and a slot's buffered time meet).
 */
export function bookingReachMinutes(config: Pick<ClinicConfig, 'scheduling'>): number {
  const types = config.scheduling.appointmentTypes;
  const most = (pick: (t: (typeof types)[number]) => number) => Math.max(0, ...types.map(pick));
  return (
    most((t) => t.durationMinutes) + most((t) => t.bufferBeforeMinutes) + most((t) => t.bufferAfterMinutes)
  );
}

/** `BOOKINGS#2026-12` partitions, one per UTC month from `from`'s month to `to`'s, inclusive. */
export function bookingMonthPartitions(from: Date, to: Date): string[] {
  const partitions: string[] = [];
  let year = from.getUTCFullYear();
  let month = from.getUTCMonth();
  const lastYear = to.getUTCFullYear();
  const lastMonth = to.getUTCMonth();
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    partitions.push(`BOOKINGS#${year}-${String(month + 1).padStart(2, '0')}`);
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return partitions;
}

function toBusyBooking(item: Record<string, unknown>): BusyBooking | undefined {
  const start = new Date(String(item.start));
  const end = new Date(String(item.end));
  if (typeof item.providerId !== 'string' || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    return undefined;
  }
  return {
    providerId: item.providerId,
    start,
    end,
    bufferBeforeMinutes: Number(item.bufferBeforeMinutes ?? 0) || 0,
    bufferAfterMinutes: Number(item.bufferAfterMinutes ?? 0) || 0,
  };
}

/**
 * The confirmed bookings that may hold any time of slots in [fromInstant, toInstant). The window
 * is widened on both sides by `bookingReachMinutes`, so a booking that starts before the range
 * but still blocks its first slots (or whose before-buffer reaches back into the last ones) is
 * included. One Query per UTC month the widened window touches (followed through its pages),
 * projecting only what the slot engine needs.
 *
 * The index is eventually consistent: a booking made a moment ago may be missing. That only ever
 * shows a slot that booking will then refuse; double booking is prevented by the booking
 * transaction, not by this read.
 */
export async function loadBusyBookings(
  client: DynamoDBClient,
  tableName: string,
  fromInstant: Date,
  toInstant: Date,
  config: Pick<ClinicConfig, 'scheduling'> = clinicConfig(),
): Promise<BusyBooking[]> {
  const reach = bookingReachMinutes(config) * MINUTE_MS;
  const from = new Date(fromInstant.getTime() - reach);
  const to = new Date(toInstant.getTime() + reach);
  if (to.getTime() <= from.getTime()) return [];
  // gsi1sk is `<start ISO>#<id>`: `BETWEEN from AND to` takes starts in [from, to), since a key
  // starting with exactly `to` sorts after `to` itself.
  const low = from.toISOString();
  const high = to.toISOString();
  const pages = await Promise.all(
    bookingMonthPartitions(from, to).map(async (partition) => {
      const items: Record<string, unknown>[] = [];
      let startKey: QueryCommandOutput['LastEvaluatedKey'];
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEX_NAME,
            KeyConditionExpression: 'gsi1pk = :partition AND gsi1sk BETWEEN :low AND :high',
            FilterExpression: '#status = :confirmed',
            ProjectionExpression: 'providerId, #start, #end, bufferBeforeMinutes, bufferAfterMinutes',
            ExpressionAttributeNames: { '#status': 'status', '#start': 'start', '#end': 'end' },
            ExpressionAttributeValues: {
              ':partition': { S: partition },
              ':low': { S: low },
              ':high': { S: high },
              ':confirmed': { S: 'confirmed' },
            },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) items.push(unmarshall(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    }),
  );
  return pages.flat().flatMap((item) => toBusyBooking(item) ?? []);
}
