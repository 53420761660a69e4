// The port the block use cases depend on (its own file beside ports.ts, which the other staff use
// cases share); shared/adapters/dynamodb/block-store.ts implements it.
import type { Block, ConflictingBooking } from '../../core/scheduling/blocks.ts';

/** A block written, or refused because bookings hold some of its time (those found holding it). */
export type BlockWriteOutcome =
  | { readonly written: true }
  | { readonly written: false; readonly bookings: readonly ConflictingBooking[] };

export interface BlockStore {
  /** The block with this id (a consistent read), or undefined. */
  get(id: string): Promise<Block | undefined>;
  /** Every block that meets [from, to), sorted by start. */
  list(from: Date, to: Date): Promise<Block[]>;
  /** The confirmed bookings of these providers whose blocked time (buffers included) meets [start, end). */
  overlappingBookings(providerIds: readonly string[], start: Date, end: Date): Promise<ConflictingBooking[]>;
  /** Claims the block's locks and writes it; nothing stays claimed when it is refused. */
  create(block: Block): Promise<BlockWriteOutcome>;
  /** Releases exactly its own locks, then removes it. Safe to repeat. */
  remove(block: Block): Promise<void>;
}
