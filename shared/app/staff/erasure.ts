// The use case behind POST /v1/staff/erasures and `npm run erase`: a person's leads and bookings
// removed on their request, with everything that belongs to them (docs/privacy.md). The audit trail
// is not erased (it is append-only and holds no patient data); the erasure is added to it, first,
// so that no erasure ever goes unrecorded: one entry per lead and booking erased (their ids) and
// one for the request (counts only: who it was for is exactly what must not be kept).
import type { ErasureReport, ErasureSubject } from '../../core/privacy/erasure.ts';
import { erasureAuditRecordId } from '../../core/privacy/erasure.ts';
import { recordAudit, type StaffCaller } from './caller.ts';
import type { ErasureStore } from './erasure-ports.ts';
import type { AuditLog } from './ports.ts';

export interface ErasureDeps {
  readonly erasures: ErasureStore;
  readonly audit: AuditLog;
}

export async function erasePerson(
  deps: ErasureDeps,
  subject: ErasureSubject,
  caller: StaffCaller,
  options: { readonly dryRun?: boolean } = {},
): Promise<ErasureReport> {
  const dryRun = options.dryRun ?? false;
  const findings = await deps.erasures.find(subject, caller.now);
  if (!dryRun) {
    for (const lead of findings.leads) await recordAudit(deps.audit, caller, 'inquiry.erased', lead.id);
    for (const booking of findings.bookings) {
      await recordAudit(deps.audit, caller, 'booking.erased', booking.id);
    }
    await recordAudit(deps.audit, caller, 'person.erased', erasureAuditRecordId(findings));
  }
  const removed = await deps.erasures.erase(findings, { dryRun });
  return {
    dryRun,
    leads: findings.leads.map((lead) => lead.id),
    bookings: findings.bookings.map((booking) => ({
      id: booking.id,
      status: booking.status,
      start: booking.start.toISOString(),
      upcoming: booking.status === 'confirmed' && booking.start.getTime() > caller.now.getTime(),
    })),
    removed,
  };
}
