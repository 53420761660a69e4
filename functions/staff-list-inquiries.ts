// GET /v1/staff/inquiries: the leads inbox, searched and paged; the read is audited.
import { presentLeadPage } from '../shared/adapters/http/presenters/staff-leads.ts';
import { staffListInquiriesRoute } from '../shared/adapters/http/routes/staff-list-inquiries.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { leadDeps } from '../shared/adapters/http/staff-leads.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { listLeads } from '../shared/app/staff/leads.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const deps = leadDeps(clinicConfig());

export const handler = staffRoute(staffListInquiriesRoute, async (request) =>
  presentLeadPage(await listLeads(deps, request.query, await callerOf(request))),
);
