// The block use cases (API.md "Staff"): list, create, delete. A block is busy time like a booking:
// creating one refuses (or, when asked, cancels) the confirmed bookings in its way, then claims the
// providers' time with the same lock items bookings claim, so whatever the concurrency no booking
// and no block overlap; deleting one releases exactly its own locks.
import { ulid } from 'ulid';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import type { CreateBlockInput, ListBlocksQuery } from '../../core/scheduling/block-schemas.ts';
import {
  type Block,
  type BlockActor,
  type ConflictingBooking,
  ConflictsWithBookingsError,
} from '../../core/scheduling/blocks.ts';
import { lockBlockMinutes } from '../../core/scheduling/locks.ts';
import { localDateRangeInstants } from '../../core/scheduling/slots.ts';
import { formatInstant } from '../../core/scheduling/time.ts';
import { type BookingDeps, cancelLoaded } from '../scheduling/bookings.ts';
import type { BlockStore } from './block-ports.ts';
import { assertKnownProvider } from './bookings.ts';
import { recordAudit, type StaffCaller } from './caller.ts';
import type { AuditLog } from './ports.ts';

/** Rounds of "cancel what is in the way, then claim" before giving up on a busy schedule. */
const MAX_ROUNDS = 3;

export const BLOCK_NOT_FOUND = 'There is no block with this id';

export interface BlockDeps {
  readonly config: ClinicConfig;
  readonly store: BlockStore;
  readonly audit: AuditLog;
  /** Cancels a booking as this staff member, whatever the cut-off; its patient is emailed. */
  readonly cancelBooking: (bookingId: string, actor: BlockActor, now: Date) => Promise<void>;
  readonly newId?: () => string;
}

export interface CreatedBlock {
  readonly block: Block;
  /** The bookings cancelled to make room (cancelAffected), in the order they were cancelled. */
  readonly cancelled: readonly string[];
}

/**
 * The blocks that meet the local dates `from`..`to`; with `provider`, those that hold that provider
 * (its own and the clinic-wide ones). A reason may be personal, so every list is audited.
 */
export async function listBlocks(
  deps: BlockDeps,
  query: ListBlocksQuery,
  caller: StaffCaller,
): Promise<Block[]> {
  assertKnownProvider(deps.config, query.provider, 'provider');
  const { start, end } = localDateRangeInstants(deps.config.clinic.timeZone, query.from, query.to);
  const blocks = await deps.store.list(start, end);
  const asked = `${query.from}..${query.to}${query.provider === undefined ? '' : ` provider=${query.provider}`}`;
  await recordAudit(deps.audit, caller, 'block.listed', asked);
  return query.provider === undefined
    ? blocks
    : blocks.filter((b) => b.providerId === undefined || b.providerId === query.provider);
}

function conflictsError(config: ClinicConfig, bookings: readonly ConflictingBooking[]) {
  const sorted = [...bookings].sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id),
  );
  return new ConflictsWithBookingsError(
    sorted.map((b) => ({
      id: b.id,
      start: formatInstant(b.start, config.clinic.timeZone),
      providerId: b.providerId,
    })),
  );
}

export async function createBlock(
  deps: BlockDeps,
  input: CreateBlockInput,
  caller: StaffCaller,
): Promise<CreatedBlock> {
  const { config } = deps;
  const { actor, now } = caller;
  const providerId = input.providerId ?? undefined;
  assertKnownProvider(config, providerId, 'providerId');
  const start = new Date(input.start);
  const end = new Date(input.end);
  if (end.getTime() <= now.getTime()) {
    throw new ValidationError([
      { path: 'end', message: 'Must be in the future: past time cannot be booked anyway' },
    ]);
  }
  const lockedProviderIds =
    providerId === undefined ? config.scheduling.providers.map((p) => p.id) : [providerId];
  const block: Block = {
    id: (deps.newId ?? ulid)(),
    ...(providerId === undefined ? {} : { providerId }),
    start,
    end,
    ...(input.reason ? { reason: input.reason } : {}),
    createdBy: actor,
    createdAt: now,
    lockedProviderIds,
    lockBlockMinutes: lockBlockMinutes(config.scheduling),
  };

  const cancelled: string[] = [];
  const cancelAll = async (bookings: readonly ConflictingBooking[]) => {
    for (const booking of bookings) {
      await deps.cancelBooking(booking.id, actor, now);
      cancelled.push(booking.id);
      // Each cancellation is its own change, audited at once: it stands even if the block then fails.
      await recordAudit(deps.audit, caller, 'booking.cancelled', booking.id);
    }
  };
  // The index read finds what is in the way now (so the 409 can name it, or the bookings can be
  // cancelled first); the lock claims decide, and name a booking the index did not show yet.
  let inTheWay: readonly ConflictingBooking[] = await deps.store.overlappingBookings(
    lockedProviderIds,
    start,
    end,
  );
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (inTheWay.length > 0) {
      if (!input.cancelAffected) throw conflictsError(config, inTheWay);
      await cancelAll(inTheWay);
    }
    const outcome = await deps.store.create(block);
    if (outcome.written) {
      await recordAudit(deps.audit, caller, 'block.created', block.id);
      return { block, cancelled };
    }
    inTheWay =
      outcome.bookings.length > 0
        ? outcome.bookings
        : await deps.store.overlappingBookings(lockedProviderIds, start, end);
  }
  throw conflictsError(config, inTheWay);
}

/**
 * A booking cancelled for a block as a staff cancellation: whatever the cut-off, recorded in its
 * history as this member's, the patient emailed. The block's reason is not passed on: it may be
 * personal ("Dr Lee — surgery") and the patient's email would show it.
 */
export function cancelForBlock(bookings: BookingDeps): BlockDeps['cancelBooking'] {
  return async (bookingId, actor, now) => {
    const load = async () => {
      const booking = await bookings.store.get(bookingId);
      if (!booking) throw new Error(`Booking ${bookingId} in a block's way is gone`);
      return booking;
    };
    await cancelLoaded(bookings, load, {}, { now }, { actor, ignoreCutOff: true });
  };
}

export async function deleteBlock(deps: BlockDeps, id: string, caller: StaffCaller): Promise<Block> {
  const block = await deps.store.get(id);
  if (!block) throw new NotFoundError(BLOCK_NOT_FOUND);
  await deps.store.remove(block);
  await recordAudit(deps.audit, caller, 'block.deleted', block.id);
  return block;
}
