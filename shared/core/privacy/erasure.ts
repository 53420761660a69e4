// Erasure on request (docs/privacy.md): whose records an erasure removes (a person named by email,
// any case, or by phone), which items belong to each of them, and what the answer reports. Pure:
// the DynamoDB adapter finds and deletes, this module decides.
import type { CountryCode } from 'libphonenumber-js/max';
import { emailField, phoneField } from '../inquiries/fields.ts';
import { dedupeKey } from '../inquiries/lead.ts';
import { dedupeFingerprint, pseudonym } from '../inquiries/pseudonyms.ts';
import { type Booking, bookingMonthPartitions, bookingPk } from '../scheduling/booking.ts';
import { REMINDERS_PK } from '../scheduling/reminders.ts';
import * as z from '../zod.ts';

/** The person an erasure is for: every lead and booking with this email (any case) or this phone. */
export interface ErasureSubject {
  readonly email: string;
  /** E.164. */
  readonly phone?: string;
}

/** POST /v1/staff/erasures: who to erase (the phone in the clinic's numbering plan, as forms take it). */
export function erasureBodySchema(country: string) {
  return z.pipe(
    z.object({
      email: emailField('The person’s email address; leads and bookings with it in any case are erased'),
      phone: z
        .optional(phoneField(country as CountryCode, { required: false }))
        .check(
          z.describe('Their phone number: leads and bookings with it are erased too, whatever their email'),
        ),
    }),
    z.transform(
      (body: { email: string; phone?: string | undefined }): ErasureSubject => ({
        email: body.email,
        ...(body.phone ? { phone: body.phone } : {}),
      }),
    ),
  );
}

const folded = (email: string) => email.trim().toLowerCase();

/** Whether a stored lead's or booking's contact details are the subject's. */
export function isSubjectOf(
  subject: ErasureSubject,
  record: { readonly email?: unknown; readonly phone?: unknown },
): boolean {
  if (typeof record.email === 'string' && folded(record.email) === folded(subject.email)) return true;
  return subject.phone !== undefined && record.phone === subject.phone;
}

/** A lead found for an erasure, with what its dedupe marker's key was made of. */
export interface ErasableLead {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly message: string;
}

/** What was found for an erasure (or, on a dry run, would be removed). */
export interface ErasureFindings {
  readonly leads: readonly ErasableLead[];
  readonly bookings: readonly Booking[];
}

/** What one item is, in an erasure's counts. */
export type ErasedKind =
  | 'leads'
  | 'dedupeMarkers'
  | 'bookings'
  | 'messages'
  | 'locks'
  | 'notices'
  | 'reminders'
  | 'links'
  | 'other';

export const ERASED_KINDS: readonly ErasedKind[] = [
  'leads',
  'dedupeMarkers',
  'bookings',
  'messages',
  'locks',
  'notices',
  'reminders',
  'links',
  'other',
];

export type ErasedCounts = Readonly<Record<ErasedKind, number>>;

export function noneErased(): Record<ErasedKind, number> {
  return Object.fromEntries(ERASED_KINDS.map((kind) => [kind, 0])) as Record<ErasedKind, number>;
}

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** One item to delete: where, what it counts as, and the owner it must still have (a lock's booking, a marker's lead). */
export interface ErasableItem {
  readonly key: ItemKey;
  readonly kind: ErasedKind;
  readonly ownedBy?: { readonly attribute: string; readonly id: string };
}

/**
 * A lead's dedupe markers. Its key is a keyed hash of name, email and message, so it is found again
 * from the lead; both spaces (lead and spam) are tried, as staff may have moved the lead since. The
 * marker is removed only while it still points at this lead (it lasts 10 minutes anyway).
 */
export function dedupeMarkersOf(lead: ErasableLead, secret: Uint8Array): ErasableItem[] {
  return [false, true].map((spam) => ({
    key: dedupeKey(pseudonym(secret, 'dedupe', dedupeFingerprint({ ...lead, spam }))),
    kind: 'dedupeMarkers' as const,
    ownedBy: { attribute: 'leadId', id: lead.id },
  }));
}

export const BOOKING_LINK_SORT_KEY = 'LINK';

/** The partitions whose every item belongs to a booking: its own (booking, messages) and its notices'. */
export function bookingPartitions(bookingId: string): { readonly pk: string; readonly kind: ErasedKind }[] {
  return [
    { pk: bookingPk(bookingId), kind: 'messages' },
    { pk: `NOTICE#${bookingId}`, kind: 'notices' },
  ];
}

/**
 * A booking's items found by key: the locks it holds (only while they still name it: a cancelled or
 * moved booking's old time may be another's now), its pending reminders and its link item.
 */
export function bookingItemsByKey(booking: Booking, lockPks: readonly string[]): ErasableItem[] {
  return [
    ...lockPks.map((pk) => ({
      key: { pk, sk: 'LOCK' },
      kind: 'locks' as const,
      ownedBy: { attribute: 'bookingId', id: booking.id },
    })),
    ...(booking.reminders ?? []).map((reminder) => ({
      key: { pk: REMINDERS_PK, sk: reminder.sk },
      kind: 'reminders' as const,
    })),
    { key: { pk: `BOOKINGLINK#${booking.id}`, sk: BOOKING_LINK_SORT_KEY }, kind: 'links' as const },
  ];
}

/** How an item of a booking's own partitions counts. */
export function kindInBookingPartition(key: ItemKey): ErasedKind {
  if (key.pk.startsWith('NOTICE#')) return 'notices';
  if (key.sk === 'BOOKING') return 'bookings';
  if (key.sk.startsWith('MESSAGE#')) return 'messages';
  return 'other';
}

const DAY_MS = 86_400_000;
/** Slack on each end of the months searched: TTL deletes up to a couple of days late, and config changes. */
const SEARCH_MARGIN_DAYS = 31;

/** `2027-01` after `2026-12`. */
function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

/**
 * The gsi1 partitions an erasure reads: every month a lead or booking the clinic still keeps can be
 * listed under. Leads: the clinic's local months of the last `inquiryDays`. Bookings: the UTC
 * months from the oldest visit still kept to the furthest one bookable, with a year's slack for a
 * booking window that was longer before.
 */
export function erasureSearchMonths(
  now: Date,
  settings: {
    readonly inquiryDays: number;
    readonly bookingDaysAfterVisit: number;
    readonly maxAdvanceDays: number;
    /** `2026-12` for an instant, in the clinic's time zone. */
    readonly localMonth: (at: Date) => string;
  },
): { readonly leadMonths: string[]; readonly bookingPartitions: string[] } {
  const leadMonths: string[] = [];
  const last = settings.localMonth(new Date(now.getTime() + DAY_MS));
  let month = settings.localMonth(
    new Date(now.getTime() - (settings.inquiryDays + SEARCH_MARGIN_DAYS) * DAY_MS),
  );
  for (; month <= last; month = nextMonth(month)) leadMonths.push(month);
  const oldestVisit = new Date(
    now.getTime() - (settings.bookingDaysAfterVisit + SEARCH_MARGIN_DAYS) * DAY_MS,
  );
  const furthestVisit = new Date(now.getTime() + (settings.maxAdvanceDays + 366) * DAY_MS);
  return { leadMonths, bookingPartitions: bookingMonthPartitions(oldestVisit, furthestVisit) };
}

/** The answer of an erasure: what was (or, on a dry run, would be) removed. Ids only, no personal data. */
export interface ErasureReport {
  readonly dryRun: boolean;
  readonly leads: readonly string[];
  readonly bookings: readonly {
    readonly id: string;
    readonly status: Booking['status'];
    readonly start: string;
    /** A confirmed booking still ahead: its time is free again, and nobody was told. */
    readonly upcoming: boolean;
  }[];
  /** Items removed by kind (on a dry run: the items that would be). */
  readonly removed: ErasedCounts;
}

/** The audit entry's record id for an erasure: counts only, never who it was for. */
export function erasureAuditRecordId(findings: ErasureFindings): string {
  return `leads:${findings.leads.length} bookings:${findings.bookings.length}`;
}

/** The answer of POST /v1/staff/erasures on the wire (for the OpenAPI document). */
export const erasureReportSchema = z.object({
  dryRun: z
    .boolean()
    .check(z.describe('Always false here: the route erases (`npm run erase -- --dry-run` only looks)')),
  leads: z.array(z.string()).check(z.describe('Ids of the leads erased')),
  bookings: z
    .array(
      z.object({
        id: z.string(),
        status: z.enum(['confirmed', 'cancelled']),
        start: z.string().check(z.meta({ format: 'date-time' }), z.describe('RFC 3339, UTC')),
        upcoming: z
          .boolean()
          .check(
            z.describe('A confirmed booking still ahead: its time is open again, and nobody was emailed'),
          ),
      }),
    )
    .check(z.describe('The bookings erased')),
  removed: z
    .object(Object.fromEntries(ERASED_KINDS.map((kind) => [kind, z.number().check(z.int())])))
    .check(
      z.describe(
        'Items removed, by kind: leads, their dedupe markers, bookings, their messages (delivery records), the provider-time locks they still held, pending notices and reminders, links, and other items of their partitions',
      ),
    ),
});
