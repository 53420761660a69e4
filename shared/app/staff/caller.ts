// Who acts in a staff use case, and the audit entry each of them appends for what they did.
import type { AuditAction, AuditActor } from '../../core/staff/audit.ts';
import type { AuditLog } from './ports.ts';

/** The signed-in member (email from the pool), the client's address and the request's time. */
export interface StaffCaller {
  readonly actor: AuditActor;
  readonly ip: string;
  readonly now: Date;
}

/** Appends the entry for `action` on `recordId` by `caller`, at the request's time. */
export function recordAudit(
  audit: AuditLog,
  caller: StaffCaller,
  action: AuditAction,
  recordId: string,
): Promise<void> {
  return audit.append({ at: caller.now, actor: caller.actor, action, recordId, ip: caller.ip });
}
