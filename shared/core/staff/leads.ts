// The leads side of the staff workspace as pure rules: a lead's status as staff see it, where each
// status is listed (the month partitions of gsi1), the search, the date range of a list or export,
// what a change writes into the lead's history, and the export's columns.
import { inboxPartition, type LeadStatus, spamPartition } from '../inquiries/lead.ts';
import { localDateRangeInstants } from '../scheduling/slots.ts';
import { addDays, earlierDate, type LocalDate, laterDate, zoneClock } from '../scheduling/time.ts';
import type { AuditActor } from './audit.ts';
import type { CsvColumn } from './csv.ts';

/** A lead's status on the wire: `new` is stored as `received`, the word the public API answers with. */
export const LEAD_STATES = ['new', 'handled', 'spam'] as const;
export type LeadState = (typeof LEAD_STATES)[number];

/** The stored word for each status (what the notifier's planner reads). */
export type StoredLeadStatus = LeadStatus | 'handled';

const STORED: Readonly<Record<LeadState, StoredLeadStatus>> = {
  new: 'received',
  handled: 'handled',
  spam: 'spam',
};

export function storedStatusOf(state: LeadState): StoredLeadStatus {
  return STORED[state];
}

export function leadStateOf(stored: unknown): LeadState {
  return stored === 'spam' ? 'spam' : stored === 'handled' ? 'handled' : 'new';
}

/** The longest list or export range, both days counted (API.md). */
export const LEAD_RANGE_MAX_DAYS = 92;
/** The range when none is asked for: the last 30 days, today included. */
export const LEAD_RANGE_DEFAULT_DAYS = 30;
/** A note's longest text. */
export const NOTE_MAX = 2000;

/**
 * The gsi1 partition a lead is listed under. New and handled leads share the inbox's month
 * (`INQUIRIES#2026-12`, as POST /v1/inquiries has always written it); spam has a month of its own
 * (`INQUIRIES_SPAM#2026-12`), so a bot's flood never slows the inbox down.
 */
export function leadPartition(state: LeadState, month: string): string {
  return state === 'spam' ? spamPartition(month) : inboxPartition(month);
}

/** The partitions that hold leads of these states in a month. */
export function leadPartitions(states: readonly LeadState[], month: string): string[] {
  return [...new Set(states.map((state) => leadPartition(state, month)))];
}

/** A list's local dates, both included, and the instants they span in the clinic's zone. */
export interface LeadRange {
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** First instant included. */
  readonly start: Date;
  /** First instant no longer included (the start of the day after `to`). */
  readonly end: Date;
  /** The local months the range touches, newest first (`2026-12`). */
  readonly months: readonly string[];
}

/**
 * The range asked, with the defaults filled in: no `to` is today (or, with only a `from`, as far
 * as today within the longest range); no `from` is 30 days up to `to`. The query's schema has
 * already refused a range out of order or longer than 92 days.
 */
export function leadRange(
  asked: { readonly from?: LocalDate | undefined; readonly to?: LocalDate | undefined },
  today: LocalDate,
  timeZone: string,
  maxDays: number = LEAD_RANGE_MAX_DAYS,
): LeadRange {
  const to =
    asked.to ??
    (asked.from ? laterDate(asked.from, earlierDate(today, addDays(asked.from, maxDays - 1))) : today);
  const from = asked.from ?? addDays(to, 1 - LEAD_RANGE_DEFAULT_DAYS);
  return { from, to, ...localDateRangeInstants(timeZone, from, to), months: monthsNewestFirst(from, to) };
}

function monthsNewestFirst(from: LocalDate, to: LocalDate): string[] {
  const months: string[] = [];
  let [year, month] = to.slice(0, 7).split('-').map(Number) as [number, number];
  const first = from.slice(0, 7);
  for (;;) {
    const text = `${year}-${String(month).padStart(2, '0')}`;
    if (text < first) return months;
    months.push(text);
    month -= 1;
    if (month === 0) [year, month] = [year - 1, 12];
  }
}

/** What a lead list asks for, beyond its range. */
export interface LeadFilter {
  /** Absent: every status. */
  readonly status?: LeadState | undefined;
  readonly q?: string | undefined;
  /** The statuses wanted when no `status` is asked (the export leaves spam out). @default every status */
  readonly states?: readonly LeadState[];
}

export function statesOf(filter: LeadFilter): readonly LeadState[] {
  return filter.status ? [filter.status] : (filter.states ?? LEAD_STATES);
}

/** What the export holds: the leads the front desk works, not spam. */
export const EXPORTED_STATES: readonly LeadState[] = ['new', 'handled'];

const digitsOf = (text: string) => text.replace(/\D/g, '');
/** A search written as a phone number is: digits with spaces, `+`, `-`, `.` or parentheses. */
const PHONE_LIKE = /^[\d\s+().-]+$/;

/**
 * Whether a lead matches the search: the text inside its name, email or phone, whatever the case.
 * A search written as a number, with three digits or more, also matches a phone by its digits
 * alone, as staff type a number the way it was said (`201 555 0143` finds `+12015550143`); the
 * digits inside a word (`a1b2c3`) are not a number.
 */
export function matchesLeadSearch(
  lead: { readonly name: string; readonly email: string; readonly phone?: string | undefined },
  q: string | undefined,
): boolean {
  const wanted = q?.trim().toLowerCase();
  if (!wanted) return true;
  if ([lead.name, lead.email, lead.phone ?? ''].some((value) => value.toLowerCase().includes(wanted))) {
    return true;
  }
  const digits = digitsOf(wanted);
  return PHONE_LIKE.test(wanted) && digits.length >= 3 && digitsOf(lead.phone ?? '').includes(digits);
}

/**
 * What a list, export or search asked for, as its audit entry's recordId:
 * `2026-12-01..2026-12-31?status=new&q=smith` (the search text too: who looked for whom is the point).
 */
export function askedRecordId(
  range: { readonly from: LocalDate; readonly to: LocalDate },
  filters: Readonly<Record<string, string | undefined>> = {},
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value?.trim()) params.set(name, value.trim());
  }
  const text = params.toString();
  return `${range.from}..${range.to}${text ? `?${text}` : ''}`;
}

/** One line of a lead's history (API.md: `[{at, action, actor?}]`; no actor for the patient's own). */
export interface LeadHistoryEntry {
  readonly at: string;
  readonly action: 'received' | 'marked_new' | 'marked_handled' | 'marked_spam';
  readonly actor?: AuditActor;
}

export interface LeadNote {
  readonly at: string;
  readonly actor: AuditActor;
  readonly text: string;
}

/** What a PATCH asks for. */
export interface LeadChange {
  readonly status?: LeadState | undefined;
  readonly note?: string | undefined;
}

export function statusChangeEntry(state: LeadState, actor: AuditActor, at: Date): LeadHistoryEntry {
  return { at: at.toISOString(), action: `marked_${state}`, actor };
}

export function noteOf(text: string, actor: AuditActor, at: Date): LeadNote {
  return { at: at.toISOString(), actor, text };
}

/** A lead as a row of a list or export. */
export interface LeadSummary {
  readonly id: string;
  readonly receivedAt: string;
  readonly status: LeadState;
  readonly name: string;
  readonly email: string;
  readonly phone?: string;
  readonly topic?: string;
  readonly preferredContact?: string;
  readonly captcha?: unknown;
  readonly message?: string;
}

/** The export's columns: times in the clinic's zone, as the office reads them. */
export function leadCsvColumns(timeZone: string): CsvColumn<LeadSummary>[] {
  const clock = zoneClock(timeZone);
  return [
    { header: 'Received', value: (lead) => clock.format(Date.parse(lead.receivedAt)) },
    { header: 'Status', value: (lead) => lead.status },
    { header: 'Name', value: (lead) => lead.name },
    { header: 'Email', value: (lead) => lead.email },
    { header: 'Phone', value: (lead) => lead.phone },
    { header: 'Topic', value: (lead) => lead.topic },
    { header: 'Preferred contact', value: (lead) => lead.preferredContact },
    { header: 'Message', value: (lead) => lead.message },
    { header: 'Id', value: (lead) => lead.id },
  ];
}

/** An email the lead called for, with its delivery state (API.md's `messages`). */
export interface LeadMessage {
  readonly channel: 'email';
  readonly kind: string;
  readonly status: 'sent' | 'failed';
  readonly at: string;
}

/** The whole lead, as a staff member reads it. */
export interface StaffLead extends LeadSummary {
  readonly message: string;
  readonly consent: boolean;
  readonly customFields: Readonly<Record<string, string>>;
  readonly attribution: Readonly<Record<string, string>>;
  readonly notes: readonly LeadNote[];
  /** The arrival, then every status change, oldest first. */
  readonly history: readonly LeadHistoryEntry[];
  readonly messages: readonly LeadMessage[];
}
