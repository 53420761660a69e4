// The use cases behind the staff's leads routes and the audit trail: list and search, read, change
// (status, notes), export, and the trail itself. Each one that reads personal data or changes a
// lead appends its audit entry before it returns, so no answer leaves unrecorded.
import { NotFoundError } from '../../core/errors.ts';
import { localDateOf } from '../../core/scheduling/time.ts';
import { toCsv } from '../../core/staff/csv.ts';
import {
  AUDIT_RANGE_MAX_DAYS,
  type AuditTrailQuery,
  LEAD_NOT_FOUND,
  type LeadChangeBody,
  type LeadListQuery,
} from '../../core/staff/lead-schemas.ts';
import {
  askedRecordId,
  EXPORTED_STATES,
  type LeadRange,
  type LeadSummary,
  leadCsvColumns,
  leadRange,
  type StaffLead,
} from '../../core/staff/leads.ts';
import { recordAudit, type StaffCaller } from './caller.ts';
import type { AuditLog, AuditRecord, LeadStore } from './ports.ts';

export interface LeadDeps {
  readonly leads: LeadStore;
  readonly audit: AuditLog;
  /** The clinic's zone: dates asked are local dates there. */
  readonly timeZone: string;
}

/** The pages an export reads the range in. */
const EXPORT_PAGE = 100;

function rangeOf(
  deps: LeadDeps,
  caller: StaffCaller,
  asked: { readonly from?: string | undefined; readonly to?: string | undefined },
  maxDays?: number,
): LeadRange {
  return leadRange(asked, localDateOf(caller.now, deps.timeZone), deps.timeZone, maxDays);
}

export interface LeadPage {
  readonly items: readonly LeadSummary[];
  readonly nextCursor: string | null;
}

/** GET /v1/staff/inquiries: a page of the range's leads, newest first. */
export async function listLeads(
  deps: LeadDeps,
  query: LeadListQuery,
  caller: StaffCaller,
): Promise<LeadPage> {
  const range = rangeOf(deps, caller, query);
  const filter = { status: query.status, q: query.q };
  const page = await deps.leads.list({ range, filter, limit: query.limit, cursor: query.cursor });
  await recordAudit(deps.audit, caller, 'inquiry.listed', askedRecordId(range, filter));
  return page;
}

/** GET /v1/staff/inquiries/{id}: the whole lead. */
export async function readLead(deps: LeadDeps, id: string, caller: StaffCaller): Promise<StaffLead> {
  const lead = await deps.leads.get(id);
  if (!lead) throw new NotFoundError(LEAD_NOT_FOUND);
  await recordAudit(deps.audit, caller, 'inquiry.read', id);
  return lead;
}

/**
 * PATCH /v1/staff/inquiries/{id}: a new status and/or a note, with who and when. It sends nothing:
 * the lead's emails were planned when it arrived, and the outbox never sends one twice.
 */
export async function changeLead(
  deps: LeadDeps,
  id: string,
  change: LeadChangeBody,
  caller: StaffCaller,
): Promise<StaffLead> {
  const lead = await deps.leads.update(id, change, { actor: caller.actor, at: caller.now });
  if (!lead) throw new NotFoundError(LEAD_NOT_FOUND);
  await recordAudit(deps.audit, caller, 'inquiry.updated', id);
  return lead;
}

export interface LeadExport {
  readonly range: LeadRange;
  readonly csv: string;
}

/** GET /v1/staff/exports/inquiries.csv: every new and handled lead of the range, newest first. */
export async function exportLeads(
  deps: LeadDeps,
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
  caller: StaffCaller,
): Promise<LeadExport> {
  const range = rangeOf(deps, caller, query);
  const rows: LeadSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.leads.list({
      range,
      filter: { states: EXPORTED_STATES },
      limit: EXPORT_PAGE,
      cursor,
      withMessage: true,
    });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  await recordAudit(deps.audit, caller, 'inquiry.exported', askedRecordId(range));
  return { range, csv: toCsv(leadCsvColumns(deps.timeZone), rows) };
}

export interface AuditPage {
  readonly items: readonly AuditRecord[];
  readonly nextCursor: string | null;
}

/** GET /v1/staff/audit (admins): the trail, newest first. Reading it is recorded too. */
export async function readAuditTrail(
  deps: LeadDeps,
  query: AuditTrailQuery,
  caller: StaffCaller,
): Promise<AuditPage> {
  const range = rangeOf(deps, caller, query, AUDIT_RANGE_MAX_DAYS);
  const page = await deps.audit.list({
    from: range.start,
    to: range.end,
    limit: query.limit,
    ...(query.actor ? { actor: query.actor } : {}),
    ...(query.recordId ? { recordId: query.recordId } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  await recordAudit(
    deps.audit,
    caller,
    'audit.read',
    askedRecordId(range, { actor: query.actor, recordId: query.recordId }),
  );
  return page;
}
