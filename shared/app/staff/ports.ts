// The ports the staff use cases depend on; shared/adapters/dynamodb implements them.
import type { AuditEntry } from '../../core/staff/audit.ts';

export interface AuditQuery {
  /** First instant included. */
  readonly from: Date;
  /** First instant no longer included. */
  readonly to: Date;
  /** Only this member's entries (their email). */
  readonly actor?: string;
  readonly recordId?: string;
  /** 1..100. */
  readonly limit: number;
  /** From the previous page's `nextCursor`. */
  readonly cursor?: string;
}

export interface AuditRecord extends AuditEntry {
  readonly id: string;
}

export interface AuditLog {
  /** Appends one entry; never overwrites one. */
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(query: AuditQuery): Promise<{ items: AuditRecord[]; nextCursor: string | null }>;
}
