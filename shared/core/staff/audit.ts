// The audit trail (API.md "Staff"; HIPAA asks who saw which record, when): one append-only entry per
// staff read of personal data and per change, written by the staff functions in the same request.

/** What a staff member did; reads are `*.read`/`*.listed`/`*.exported`, changes name the change. */
export type AuditAction =
  | 'inquiry.listed'
  | 'inquiry.read'
  | 'inquiry.updated'
  | 'inquiry.exported'
  | 'booking.listed'
  | 'booking.read'
  | 'booking.created'
  | 'booking.cancelled'
  | 'booking.rescheduled'
  | 'booking.attendance'
  | 'booking.exported'
  | 'block.listed'
  | 'block.created'
  | 'block.deleted'
  | 'audit.read'
  /** Erasure on request: one entry per lead and booking removed, and one for the request (counts only). */
  | 'inquiry.erased'
  | 'booking.erased'
  | 'person.erased';

export interface AuditActor {
  readonly sub: string;
  readonly email: string;
}

export interface AuditEntry {
  readonly at: Date;
  readonly actor: AuditActor;
  readonly action: AuditAction;
  /** The record acted on: a lead's or booking's id; for a list or export, what was asked (`2026-12-01..2026-12-31`). */
  readonly recordId: string;
  /** The client address API Gateway saw. */
  readonly ip: string;
}

export const AUDIT_KIND = 'audit';
/** Every entry's partition key starts so: IAM denies changing or removing any item under it. */
export const AUDIT_KEY_PREFIX = 'AUDIT#';
const DAY_SECONDS = 86_400;

/** The partition of the audit index an entry is listed under: its UTC month (`AUDIT#2026-12`). */
export function auditMonthPartition(at: Date): string {
  return `AUDIT#${at.toISOString().slice(0, 7)}`;
}

/** The entry's item: its own key (never overwritten), listed by month and time, kept `auditDays`. */
export function auditItem(entry: AuditEntry, id: string, auditDays: number): Record<string, unknown> {
  const at = entry.at.toISOString();
  return {
    pk: `${AUDIT_KEY_PREFIX}${id}`,
    sk: 'AUDIT',
    kind: AUDIT_KIND,
    gsi1pk: auditMonthPartition(entry.at),
    gsi1sk: `${at}#${id}`,
    id,
    at,
    actorSub: entry.actor.sub,
    // Lower case, as the trail is searched by email whatever case it is typed in.
    actorEmail: entry.actor.email.toLowerCase(),
    action: entry.action,
    recordId: entry.recordId,
    ip: entry.ip,
    expiresAt: Math.floor(entry.at.getTime() / 1000) + auditDays * DAY_SECONDS,
  };
}
