// GET /v1/staff/exports/inquiries.csv: the range's leads as a spreadsheet; the export is audited.
import { presentLeadExport } from '../shared/adapters/http/presenters/staff-leads.ts';
import { staffExportInquiriesRoute } from '../shared/adapters/http/routes/staff-export-inquiries.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { leadDeps } from '../shared/adapters/http/staff-leads.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { exportLeads } from '../shared/app/staff/leads.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const deps = leadDeps(clinicConfig());

export const handler = staffRoute(staffExportInquiriesRoute, async (request) =>
  presentLeadExport(await exportLeads(deps, request.query, await callerOf(request))),
);
