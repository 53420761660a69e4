// The ports the staff use cases depend on; shared/adapters/dynamodb implements them.
import type { AuditActor, AuditEntry } from '../../core/staff/audit.ts';
import type { LeadChange, LeadFilter, LeadRange, LeadSummary, StaffLead } from '../../core/staff/leads.ts';

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

/** A page of leads: the range's months (newest first), the statuses and search asked. */
export interface LeadListQuery {
  readonly range: LeadRange;
  readonly filter: LeadFilter;
  /** 1..100. */
  readonly limit: number;
  readonly cursor?: string | undefined;
  /** Also read each lead's message (the export shows it; the list does not). */
  readonly withMessage?: boolean;
}

export interface LeadStore {
  /** Newest first. */
  list(query: LeadListQuery): Promise<{ items: LeadSummary[]; nextCursor: string | null }>;
  /** The whole lead, or undefined for an unknown id. */
  get(id: string): Promise<StaffLead | undefined>;
  /** Applies a change as one conditional write (notes appended, never lost); undefined for an unknown id. */
  update(
    id: string,
    change: LeadChange,
    by: { readonly actor: AuditActor; readonly at: Date },
  ): Promise<StaffLead | undefined>;
}
