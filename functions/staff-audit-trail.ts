// GET /v1/staff/audit: the audit trail for admins, newest first; reading it is audited too.
import { presentAuditPage } from '../shared/adapters/http/presenters/staff-leads.ts';
import { staffAuditTrailRoute } from '../shared/adapters/http/routes/staff-audit-trail.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { leadDeps } from '../shared/adapters/http/staff-leads.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { readAuditTrail } from '../shared/app/staff/leads.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const deps = leadDeps(clinicConfig());

export const handler = staffRoute(staffAuditTrailRoute, async (request) =>
  presentAuditPage(await readAuditTrail(deps, request.query, await callerOf(request))),
);
