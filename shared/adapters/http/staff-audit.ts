// What an audit entry says of the request it records: who (the member's sub and email), from
// where (the client address) and when (the request's time).
import type { AuditAction, AuditEntry } from '../../core/staff/audit.ts';
import type { StaffRequest } from './staff-route.ts';

export async function auditEntryOf(
  request: Pick<StaffRequest, 'staff' | 'clientIp' | 'now'>,
  action: AuditAction,
  recordId: string,
): Promise<AuditEntry> {
  return {
    at: request.now,
    actor: { sub: request.staff.sub, email: await request.staff.email() },
    action,
    recordId,
    ip: request.clientIp,
  };
}
