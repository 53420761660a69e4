// PATCH /v1/staff/inquiries/{id}: a lead's new status or a note, with who and when; audited.
import { presentLead } from '../shared/adapters/http/presenters/staff-leads.ts';
import { staffUpdateInquiryRoute } from '../shared/adapters/http/routes/staff-update-inquiry.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { leadDeps } from '../shared/adapters/http/staff-leads.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { changeLead } from '../shared/app/staff/leads.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const deps = leadDeps(clinicConfig());

export const handler = staffRoute(staffUpdateInquiryRoute, async (request) =>
  presentLead(await changeLead(deps, request.params.id, request.body, await callerOf(request))),
);
