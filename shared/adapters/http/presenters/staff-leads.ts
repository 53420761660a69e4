// What the staff's leads and audit routes answer for their use cases' outcomes: the JSON, and the
// CSV file with the name the browser saves it under.
import type { AuditPage, LeadExport, LeadPage } from '../../../app/staff/leads.ts';
import type { StaffLead } from '../../../core/staff/leads.ts';
import { type HttpResponse, json, text } from '../responses.ts';

export const CSV_TYPE = 'text/csv; charset=utf-8';

export function presentLeadPage(page: LeadPage): HttpResponse {
  return json(200, { items: page.items, nextCursor: page.nextCursor });
}

export function presentLead(lead: StaffLead): HttpResponse {
  return json(200, lead);
}

export function presentLeadExport({ range, csv }: LeadExport): HttpResponse {
  const response = text(200, csv, CSV_TYPE);
  response.headers['content-disposition'] = `attachment; filename="inquiries-${range.from}-${range.to}.csv"`;
  return response;
}

export function presentAuditPage(page: AuditPage): HttpResponse {
  return json(200, {
    items: page.items.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
    nextCursor: page.nextCursor,
  });
}
