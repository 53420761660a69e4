// Blocks: time the staff take out of the schedule, a booking's sibling. A block claims its
// provider's time (every provider's, for a clinic-wide one) with the same lock items a booking
// claims, so the two can never both commit, and lists itself in the booking month partitions that
// availability already reads, as one segment per UTC day, so a long block is found by the same one
// Query per month. Pure: the keys, the segments, the chunks of the write, the busy intervals.
import { DomainError } from '../errors.ts';
import { bookingMonthPartition } from './booking.ts';
import { lockPks, MAX_TRANSACTION_ITEMS } from './locks.ts';
import type { BusyBooking } from './slots.ts';

export const BLOCK_KIND = 'block';
export const BLOCK_SORT_KEY = 'BLOCK';
export const BLOCK_LOCK_KIND = 'block-lock';
const SEGMENT_SORT_PREFIX = 'SEGMENT#';
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** A block may span at most this many days: a month off is the longest absence worth one block. */
export const MAX_BLOCK_DAYS = 31;
/** Lock items outlive their time by a day, as a booking's do. */
const LOCK_GRACE_SECONDS = 24 * 60 * 60;

export interface BlockActor {
  readonly sub: string;
  readonly email: string;
}

export interface Block {
  /** ULID */
  readonly id: string;
  /** undefined: the whole clinic. */
  readonly providerId?: string;
  readonly start: Date;
  readonly end: Date;
  readonly reason?: string;
  readonly createdBy: BlockActor;
  readonly createdAt: Date;
  /** The providers whose time it locked (every provider of the config, for a clinic-wide one). */
  readonly lockedProviderIds: readonly string[];
  /** The lock grid it locked on, so its locks are released exactly after a config change. */
  readonly lockBlockMinutes: number;
}

export function blockPk(id: string): string {
  return `BLOCK#${id}`;
}

/** [start, end) of each UTC day the block touches: none is longer than a day, nor crosses a month. */
export function blockSegments(start: Date, end: Date): { start: Date; end: Date }[] {
  const segments: { start: Date; end: Date }[] = [];
  for (let at = start.getTime(); at < end.getTime(); ) {
    const nextDay = (Math.floor(at / DAY_MS) + 1) * DAY_MS;
    const until = Math.min(nextDay, end.getTime());
    segments.push({ start: new Date(at), end: new Date(until) });
    at = until;
  }
  return segments;
}

/**
 * How far before a read window's start a segment's sort key can lie while the segment still
 * reaches into it: a segment is at most one UTC day, so a read that starts its range at the UTC
 * midnight before its own start finds every segment that touches the range.
 */
export function segmentReadFloor(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / DAY_MS) * DAY_MS);
}

type Item = Record<string, unknown>;

function blockAttributes(block: Block): Item {
  return {
    kind: BLOCK_KIND,
    blockId: block.id,
    ...(block.providerId === undefined ? {} : { providerId: block.providerId }),
    start: block.start.toISOString(),
    end: block.end.toISOString(),
    ...(block.reason === undefined ? {} : { reason: block.reason }),
    createdBySub: block.createdBy.sub,
    createdByEmail: block.createdBy.email,
    createdAt: block.createdAt.toISOString(),
  };
}

/**
 * The block's items: its record (read by id, holding what its locks need to be released) and one
 * segment per UTC day in the month partitions (read by availability and by the block list). Kept
 * `keepDays` after the block ends.
 */
export function blockItems(block: Block, keepDays: number): Item[] {
  const expiresAt = Math.floor(block.end.getTime() / 1000) + keepDays * 86_400;
  const record: Item = {
    pk: blockPk(block.id),
    sk: BLOCK_SORT_KEY,
    ...blockAttributes(block),
    lockedProviderIds: [...block.lockedProviderIds],
    lockBlockMinutes: block.lockBlockMinutes,
    expiresAt,
  };
  const segments = blockSegments(block.start, block.end).map(
    (segment): Item => ({
      pk: blockPk(block.id),
      sk: `${SEGMENT_SORT_PREFIX}${segment.start.toISOString()}`,
      ...blockAttributes(block),
      segmentStart: segment.start.toISOString(),
      segmentEnd: segment.end.toISOString(),
      gsi1pk: bookingMonthPartition(segment.start),
      gsi1sk: `${segment.start.toISOString()}#${block.id}`,
      expiresAt,
    }),
  );
  return [record, ...segments];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The block a record or a segment item describes (a segment knows no lock details). */
export function fromBlockItem(item: Item): Block {
  const providerId = text(item.providerId);
  const reason = text(item.reason);
  return {
    id: String(item.blockId),
    ...(providerId === undefined ? {} : { providerId }),
    start: new Date(String(item.start)),
    end: new Date(String(item.end)),
    ...(reason === undefined ? {} : { reason }),
    createdBy: { sub: String(item.createdBySub), email: String(item.createdByEmail) },
    createdAt: new Date(String(item.createdAt)),
    lockedProviderIds: Array.isArray(item.lockedProviderIds) ? item.lockedProviderIds.map(String) : [],
    lockBlockMinutes: Number(item.lockBlockMinutes ?? 0),
  };
}

/** The lock keys a block holds: its time, for each provider it locked, on its own grid. */
export function blockLockPks(block: Pick<Block, 'start' | 'end' | 'lockedProviderIds' | 'lockBlockMinutes'>) {
  return block.lockedProviderIds.flatMap((providerId) =>
    lockPks(providerId, block.start, block.end, block.lockBlockMinutes),
  );
}

/** When a lock item may go: a day after the grid block it stands for (the same for every holder). */
export function lockExpiresAt(lockPk: string, blockMinutes: number): number {
  const at = Date.parse(lockPk.slice(lockPk.lastIndexOf('#') + 1));
  return Math.floor((at + blockMinutes * MINUTE_MS) / 1000) + LOCK_GRACE_SECONDS;
}

/**
 * The lock keys of a block cut into transactions of at most 100 items, the last of which also
 * carries `finalItems` other items (the block's record and segments). The last takes as many locks
 * as fit beside them and all the others but one are full, so a block needs as few transactions
 * as it can.
 */
export function lockChunks(pks: readonly string[], finalItems: number): string[][] {
  const roomInLast = MAX_TRANSACTION_ITEMS - finalItems;
  if (roomInLast < 0) throw new RangeError(`${finalItems} items do not fit one transaction`);
  const inLast = Math.min(roomInLast, pks.length);
  const before = pks.slice(0, pks.length - inLast);
  const chunks: string[][] = [];
  for (let i = 0; i < before.length; i += MAX_TRANSACTION_ITEMS) {
    chunks.push(before.slice(i, i + MAX_TRANSACTION_ITEMS));
  }
  chunks.push(pks.slice(pks.length - inLast));
  return chunks;
}

/**
 * The busy time a block segment holds, as the slot engine takes bookings': its provider's, or
 * for a clinic-wide block every provider's (those of the config now, so a provider added since
 * is blocked too).
 */
export function segmentBusy(item: Item, providerIds: readonly string[]): BusyBooking[] {
  const start = new Date(String(item.segmentStart));
  const end = new Date(String(item.segmentEnd));
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return [];
  const who = typeof item.providerId === 'string' ? [item.providerId] : providerIds;
  return who.map((providerId) => ({ providerId, start, end, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 }));
}

/** Whether a booking's blocked interval (buffers included) meets [start, end). */
export function meetsBlock(blocked: { from: Date; until: Date }, block: { start: Date; end: Date }): boolean {
  return blocked.from.getTime() < block.end.getTime() && blocked.until.getTime() > block.start.getTime();
}

/** A booking in a block's way, as the 409 names it. */
export interface ConflictingBooking {
  readonly id: string;
  readonly start: Date;
  readonly providerId: string;
}

/** 409 conflicts_with_bookings: confirmed bookings are in the way, and nothing was blocked. */
export class ConflictsWithBookingsError extends DomainError {
  constructor(
    bookings: readonly { readonly id: string; readonly start: string; readonly providerId: string }[],
  ) {
    super(
      'conflicts_with_bookings',
      `${bookings.length === 1 ? 'A confirmed booking overlaps' : `${bookings.length} confirmed bookings overlap`} this time; nothing was blocked. Cancel them first, or send cancelAffected: true`,
      { bookings },
    );
    this.name = 'ConflictsWithBookingsError';
  }
}
