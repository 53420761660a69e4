// Reading the active bookings and blocks that can hold time in a window: one Query on `gsi1` per
// UTC month of booking starts (`gsi1pk = BOOKINGS#<YYYY-MM>`), never a scan. Blocks are listed
// there as one segment per UTC day (core/scheduling/blocks.ts) and read as busy time too.

import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { BLOCK_KIND, segmentBusy, segmentReadFloor } from '../../core/scheduling/blocks.ts';
import { bookingMonthPartitions } from '../../core/scheduling/booking.ts';
import type { BusyBooking } from '../../core/scheduling/slots.ts';
import { type DynamoDBClient, QueryCommand, type QueryCommandOutput } from './wire-client.ts';

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

/** What the read asks gsi1 for: these partitions, and sort keys from `low` to `high`. */
export interface BusyBookingsQuery {
  readonly partitions: readonly string[];
  readonly low: string;
  readonly high: string;
  /**
   * Where the Query's range starts: `low`'s UTC midnight, so a block segment (at most one UTC
   * day, keyed by its start) that began earlier that day and still reaches the window is read.
   * Bookings between `readFrom` and `low` are read too and dropped.
   */
  readonly readFrom: string;
}

/**
 * The keys of the bookings that may hold any time of slots in [fromInstant, toInstant), or
 * undefined for an empty window. The window is widened on both sides by `bookingReachMinutes`, so
 * a booking that starts before the range but still blocks its first slots (or whose before-buffer
 * reaches back into the last ones) is included. One partition per UTC month the widened window
 * touches, named as the booking item names its own (core/scheduling/booking.ts).
 */
export function busyBookingsQuery(
  fromInstant: Date,
  toInstant: Date,
  config: Pick<ClinicConfig, 'scheduling'>,
): BusyBookingsQuery | undefined {
  const reach = bookingReachMinutes(config) * MINUTE_MS;
  const from = new Date(fromInstant.getTime() - reach);
  const to = new Date(toInstant.getTime() + reach);
  if (to.getTime() <= from.getTime()) return undefined;
  // gsi1sk is `<start ISO>#<id>`: `BETWEEN from AND to` takes starts in [from, to), since a key
  // starting with exactly `to` sorts after `to` itself.
  // Flooring to the UTC day never leaves the month, so the partitions stay the same.
  return {
    partitions: bookingMonthPartitions(from, to),
    low: from.toISOString(),
    high: to.toISOString(),
    readFrom: segmentReadFloor(from).toISOString(),
  };
}

/** The Query of one partition of `query` (one page of it, from `startKey`): what loadBusyBookings sends. */
export function busyPartitionQuery(
  tableName: string,
  partition: string,
  query: BusyBookingsQuery,
  startKey?: QueryCommandOutput['LastEvaluatedKey'],
): QueryCommand {
  return new QueryCommand({
    TableName: tableName,
    IndexName: INDEX_NAME,
    KeyConditionExpression: 'gsi1pk = :partition AND gsi1sk BETWEEN :low AND :high',
    FilterExpression: '#status = :confirmed OR #kind = :block',
    ProjectionExpression:
      '#kind, providerId, #start, #end, bufferBeforeMinutes, bufferAfterMinutes, segmentStart, segmentEnd, gsi1sk',
    ExpressionAttributeNames: {
      '#status': 'status',
      '#kind': 'kind',
      '#start': 'start',
      '#end': 'end',
    },
    ExpressionAttributeValues: {
      ':partition': { S: partition },
      ':low': { S: query.readFrom },
      ':high': { S: query.high },
      ':confirmed': { S: 'confirmed' },
      ':block': { S: BLOCK_KIND },
    },
    ExclusiveStartKey: startKey,
  });
}

/**
 * The confirmed bookings and the blocks that may hold any time of slots in [fromInstant,
 * toInstant): one Query per partition of `busyBookingsQuery` (followed through its pages),
 * projecting only what the slot engine needs. A block is busy time of its provider, or of every
 * provider of the config for a clinic-wide one.
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
  config: Pick<ClinicConfig, 'scheduling'>,
): Promise<BusyBooking[]> {
  const query = busyBookingsQuery(fromInstant, toInstant, config);
  if (!query) return [];
  const { low } = query;
  const providerIds = config.scheduling.providers.map((p) => p.id);
  const pages = await Promise.all(
    query.partitions.map(async (partition) => {
      const items: Record<string, unknown>[] = [];
      let startKey: QueryCommandOutput['LastEvaluatedKey'];
      do {
        const page = await client.send(busyPartitionQuery(tableName, partition, query, startKey));
        for (const item of page.Items ?? []) items.push(unmarshall(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    }),
  );
  return pages.flat().flatMap((item) => {
    if (item.kind === BLOCK_KIND) {
      // Only segments that reach the widened window; the earlier part of the day was read for them.
      return String(item.segmentEnd) > low ? segmentBusy(item, providerIds) : [];
    }
    return String(item.gsi1sk) >= low ? (toBusyBooking(item) ?? []) : [];
  });
}
