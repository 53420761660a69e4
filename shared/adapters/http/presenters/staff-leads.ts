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

/** A CSV file the browser saves as `filename` (the bookings export answers with it too). */
export function csvAttachment(csv: string, filename: string): HttpResponse {
  const response = text(200, csv, CSV_TYPE);
  response.headers['content-disposition'] = `attachment; filename="${filename}"`;
  return response;
}

export function presentLeadExport({ range, csv }: LeadExport): HttpResponse {
  return csvAttachment(csv, `inquiries-${range.from}-${range.to}.csv`);
}

export function presentAuditPage(page: AuditPage): HttpResponse {
  return json(200, {
    items: page.items.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
    nextCursor: page.nextCursor,
  });
}
