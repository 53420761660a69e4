// GET /v1/staff/inquiries/{id}: one lead, whole; the read is audited.
import { presentLead } from '../shared/adapters/http/presenters/staff-leads.ts';
import { staffGetInquiryRoute } from '../shared/adapters/http/routes/staff-get-inquiry.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { leadDeps } from '../shared/adapters/http/staff-leads.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { readLead } from '../shared/app/staff/leads.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const deps = leadDeps(clinicConfig());

export const handler = staffRoute(staffGetInquiryRoute, async (request) =>
  presentLead(await readLead(deps, request.params.id, await callerOf(request))),
);
