// Blocks in the table (docs/scheduling.md "Blocks"). A block claims the lock items of its time in
// transactions of at most 100 items, its record and day segments in the last one, so availability
// never shows half a block; a chunk refused because a booking holds a lock releases the chunks
// already claimed. A lock may be held by several blocks at once (overlapping blocks are allowed)
// and by one booking at most: block locks carry the set `blockIds`, booking locks a `bookingId`,
// and a booking's `attribute_not_exists(pk)` fails on either.

import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { BlockStore, BlockWriteOutcome } from '../../app/staff/block-ports.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import {
  BLOCK_KIND,
  BLOCK_LOCK_KIND,
  BLOCK_SORT_KEY,
  type Block,
  blockItems,
  blockLockPks,
  blockPk,
  type ConflictingBooking,
  fromBlockItem,
  lockChunks,
  lockExpiresAt,
  meetsBlock,
  segmentReadFloor,
} from '../../core/scheduling/blocks.ts';
import {
  BOOKING_KIND,
  BOOKING_SORT_KEY,
  blockedInterval,
  bookingMonthPartitions,
  bookingPk,
} from '../../core/scheduling/booking.ts';
import { LOCK_SORT_KEY, MAX_TRANSACTION_ITEMS } from '../../core/scheduling/locks.ts';
import { queryAll } from './agenda.ts';
import { busyBookingsQuery } from './busy.ts';
import { DEFAULT_RETRY, type RetryPolicy, TryAgain, withRetry } from './retry.ts';
import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from './wire-client.ts';

const INDEX_NAME = 'gsi1';

type Item = Record<string, unknown>;

export class BlockTransactionConflictError extends Error {
  constructor(attempts: number) {
    super(`Block transaction still conflicting after ${attempts} attempts`);
    this.name = 'BlockTransactionConflictError';
  }
}

function cancellationCodes(error: unknown): string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

const isContention = (code: string) => code === 'TransactionConflict' || code === 'ThrottlingError';

export class DynamoBlockStore implements BlockStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly config: Pick<ClinicConfig, 'scheduling' | 'retention'>,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async get(id: string): Promise<Block | undefined> {
    const result = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: blockPk(id), sk: BLOCK_SORT_KEY }),
        ConsistentRead: true,
      }),
    );
    return result.Item ? fromBlockItem(unmarshall(result.Item)) : undefined;
  }

  async list(from: Date, to: Date): Promise<Block[]> {
    if (to.getTime() <= from.getTime()) return [];
    const readFrom = segmentReadFloor(from).toISOString();
    const items = await this.queryMonths(bookingMonthPartitions(from, to), readFrom, to.toISOString(), {
      filter: '#kind = :block',
      values: { ':block': BLOCK_KIND },
    });
    const byId = new Map<string, Block>();
    for (const item of items) {
      const block = fromBlockItem(item);
      if (block.start < to && block.end > from) byId.set(block.id, block);
    }
    return [...byId.values()].sort(
      (a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id),
    );
  }

  async overlappingBookings(
    providerIds: readonly string[],
    start: Date,
    end: Date,
  ): Promise<ConflictingBooking[]> {
    // The same widened window availability reads: any booking whose buffers reach [start, end).
    const query = busyBookingsQuery(start, end, this.config);
    if (!query) return [];
    const items = await this.queryMonths(query.partitions, query.low, query.high, {
      filter: '#kind = :booking AND #status = :confirmed',
      values: { ':booking': BOOKING_KIND, ':confirmed': 'confirmed' },
      projection: 'id, providerId, #start, #end, bufferBeforeMinutes, bufferAfterMinutes',
    });
    return items.flatMap((item) => {
      const times = {
        start: new Date(String(item.start)),
        end: new Date(String(item.end)),
        bufferBeforeMinutes: Number(item.bufferBeforeMinutes ?? 0),
        bufferAfterMinutes: Number(item.bufferAfterMinutes ?? 0),
      };
      const providerId = String(item.providerId);
      if (!providerIds.includes(providerId) || !meetsBlock(blockedInterval(times), { start, end })) return [];
      return [{ id: String(item.id), start: times.start, providerId }];
    });
  }

  async create(block: Block): Promise<BlockWriteOutcome> {
    const items = blockItems(block, this.config.retention.bookingDaysAfterVisit);
    const chunks = lockChunks(blockLockPks(block), items.length);
    const claimed: string[] = [];
    try {
      for (const [index, chunk] of chunks.entries()) {
        const last = index === chunks.length - 1;
        const writes = [
          ...chunk.map((pk) => this.claimLock(pk, block)),
          ...(last ? items.map((item) => this.putNew(item)) : []),
        ];
        const taken = await this.transact(writes, (codes) => {
          // A failed claim is a booking holding that time; a failed put, an id used twice (a bug).
          const failed = codes.indexOf('ConditionalCheckFailed');
          if (failed >= 0 && failed < chunk.length) return 'taken';
          return codes.some(isContention) ? 'retry' : undefined;
        });
        if (taken === 'taken') {
          const bookings = await this.bookingsHolding(chunk);
          await this.releaseLocks(claimed, block.id, []);
          return { written: false, bookings };
        }
        claimed.push(...chunk);
      }
      return { written: true };
    } catch (error) {
      // Never leave a half-claimed block behind: its locks would hold time nobody can see blocked.
      await this.releaseLocks(claimed, block.id, []);
      throw error;
    }
  }

  async remove(block: Block): Promise<void> {
    const finalDeletes = blockItems(block, 0).map(
      (item): TransactWriteItem => ({
        Delete: { TableName: this.tableName, Key: marshall({ pk: item.pk, sk: item.sk }) },
      }),
    );
    // The record goes last, so a DELETE cut short is finished by repeating it.
    await this.releaseLocks(blockLockPks(block), block.id, finalDeletes);
  }

  // ---- Items ----

  private putNew(item: Item): TransactWriteItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: marshall(item, { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** Joins the lock's holders, unless a booking holds it. */
  private claimLock(pk: string, block: Block): TransactWriteItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: marshall({ pk, sk: LOCK_SORT_KEY }),
        UpdateExpression: 'SET #kind = :kind, expiresAt = :expiresAt ADD blockIds :ids',
        ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(blockIds)',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: marshall({
          ':kind': BLOCK_LOCK_KIND,
          ':expiresAt': lockExpiresAt(pk, block.lockBlockMinutes),
          ':ids': new Set([block.id]),
        }),
      },
    };
  }

  /** Leaves the lock, deleting it when this block is its last holder; conditioned on what was read. */
  private leaveLock(pk: string, blockId: string, holders: number): TransactWriteItem {
    const values = marshall({ ':id': blockId, ':one': 1 });
    const key = marshall({ pk, sk: LOCK_SORT_KEY });
    if (holders === 1) {
      return {
        Delete: {
          TableName: this.tableName,
          Key: key,
          ConditionExpression: 'contains(blockIds, :id) AND size(blockIds) = :one',
          ExpressionAttributeValues: values,
        },
      };
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'DELETE blockIds :ids',
        ConditionExpression: 'contains(blockIds, :id) AND size(blockIds) > :one',
        ExpressionAttributeValues: { ...values, ...marshall({ ':ids': new Set([blockId]) }) },
      },
    };
  }

  // ---- Reads and writes ----

  /**
   * Releases this block's hold on `pks`, 100 items a transaction, `finalWrites` in the last one.
   * Each chunk reads its locks first (a lock shared with another block is left, not deleted); a
   * chunk whose reads went stale meanwhile is read and written again.
   */
  private async releaseLocks(
    pks: readonly string[],
    blockId: string,
    finalWrites: readonly TransactWriteItem[],
  ): Promise<void> {
    const chunks = lockChunks(pks, finalWrites.length);
    for (const [index, chunk] of chunks.entries()) {
      const last = index === chunks.length - 1;
      await withRetry(
        this.retry,
        async () => {
          const locks = await this.readLocks(chunk);
          const writes: TransactWriteItem[] = [];
          for (const pk of chunk) {
            const holders = locks.get(pk)?.blockIds;
            if (holders instanceof Set && holders.has(blockId))
              writes.push(this.leaveLock(pk, blockId, holders.size));
          }
          if (last) writes.push(...finalWrites);
          if (writes.length === 0) return undefined;
          // A failed condition means a lock changed since it was read: read the chunk again.
          const stale = await this.transact(writes, (codes) => {
            if (codes.includes('ConditionalCheckFailed')) return 'taken';
            return codes.some(isContention) ? 'retry' : undefined;
          });
          return stale === 'taken' ? new TryAgain(new BlockTransactionConflictError(1)) : undefined;
        },
        { exhausted: (attempts) => new BlockTransactionConflictError(attempts) },
      );
    }
  }

  /**
   * One transaction, retried with jittered backoff while `classify` says 'retry' for the item
   * reasons of its cancellation; answers 'taken' when classify does, undefined when written.
   */
  private async transact(
    writes: TransactWriteItem[],
    classify: (codes: string[]) => 'taken' | 'retry' | undefined,
  ): Promise<'taken' | undefined> {
    if (writes.length > MAX_TRANSACTION_ITEMS) throw new Error(`${writes.length} items in one transaction`);
    return withRetry(
      this.retry,
      async () => {
        try {
          await this.client.send(new TransactWriteItemsCommand({ TransactItems: writes }));
          return undefined;
        } catch (error) {
          const codes = cancellationCodes(error);
          const kind = codes && classify(codes);
          if (kind === undefined) throw error;
          return kind === 'retry' ? new TryAgain(error) : kind;
        }
      },
      { exhausted: (attempts) => new BlockTransactionConflictError(attempts) },
    );
  }

  /** The lock items of `pks` as they are now (consistent reads), by pk. */
  private async readLocks(pks: readonly string[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    let keys: Record<string, AttributeValue>[] = pks.map((pk) => marshall({ pk, sk: LOCK_SORT_KEY }));
    while (keys.length > 0) {
      const answer = await this.client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: keys,
              ConsistentRead: true,
              ProjectionExpression: 'pk, blockIds, bookingId',
            },
          },
        }),
      );
      for (const item of answer.Responses?.[this.tableName] ?? []) {
        const lock = unmarshall(item);
        found.set(String(lock.pk), lock);
      }
      keys = answer.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return found;
  }

  /** The confirmed bookings holding any of these locks now, for the 409. */
  private async bookingsHolding(pks: readonly string[]): Promise<ConflictingBooking[]> {
    const locks = await this.readLocks(pks);
    const ids = new Set(
      [...locks.values()].flatMap((lock) => (typeof lock.bookingId === 'string' ? [lock.bookingId] : [])),
    );
    const bookings = await Promise.all(
      [...ids].map(async (id) => {
        const answer = await this.client.send(
          new GetItemCommand({
            TableName: this.tableName,
            Key: marshall({ pk: bookingPk(id), sk: BOOKING_SORT_KEY }),
            ConsistentRead: true,
            ProjectionExpression: 'id, providerId, #start, #status',
            ExpressionAttributeNames: { '#start': 'start', '#status': 'status' },
          }),
        );
        const item = answer.Item ? unmarshall(answer.Item) : undefined;
        return item?.status === 'confirmed'
          ? [
              {
                id: String(item.id),
                start: new Date(String(item.start)),
                providerId: String(item.providerId),
              },
            ]
          : [];
      }),
    );
    return bookings.flat();
  }

  /** Every item of these gsi1 partitions with sort keys in [low, high] that passes `filter`. */
  private async queryMonths(
    partitions: readonly string[],
    low: string,
    high: string,
    options: { filter: string; values: Record<string, string>; projection?: string },
  ): Promise<Item[]> {
    const pages = await Promise.all(
      partitions.map((partition) =>
        queryAll(this.client, {
          TableName: this.tableName,
          IndexName: INDEX_NAME,
          KeyConditionExpression: 'gsi1pk = :partition AND gsi1sk BETWEEN :low AND :high',
          FilterExpression: options.filter,
          ...(options.projection ? { ProjectionExpression: options.projection } : {}),
          ExpressionAttributeNames: {
            '#kind': 'kind',
            ...(options.filter.includes('#status') ? { '#status': 'status' } : {}),
            ...(options.projection ? { '#start': 'start', '#end': 'end' } : {}),
          },
          ExpressionAttributeValues: marshall({
            ':partition': partition,
            ':low': low,
            ':high': high,
            ...options.values,
          }),
        }),
      ),
    );
    return pages.flat();
  }
}
