// Who a booking's patient is, for the abuse rules (API.md "Abuse"): the per-patient cap on
// upcoming bookings and the same-patient double submit. Both need "the same patient" without a
// table key ever holding an email or a phone number, so each is a keyed hash (HMAC-SHA-256 with
// the per-deployment secret, as the inquiries' dedupe and rate limit are).
//
// The ledger: a partition per patient key (one for the email, one for the phone) holding one
// entry item per booking made for that email or phone, and a head item whose `version` every
// change of the set moves on. A create reads both partitions (consistent queries), counts the
// entries whose start is still ahead, and writes in its own transaction the new entries and both
// heads on condition that their versions are the ones it read: two simultaneous bookings of one
// patient cannot both pass a count that only one of them fits in. Cancel deletes the entries in
// its transaction and reschedule rewrites them in its own, so the set never drifts from the
// bookings; time passing needs no write at all, as "upcoming" is read off each entry's start.
//
// A head also keeps `count`, never fewer than the entries its partition holds: a create adds one,
// a create that read the partition sets it to what it read plus one, a cancel and TTL remove
// entries without lowering it, and a move (which may put back an entry TTL had taken) drops it.
// So a create may book without reading anything when each head counts few enough entries that
// the two together, plus the new booking, fit the cap (`blindCountBound`); otherwise, or with no
// count, it reads and counts as above.
// Pure: the keys and items, and the count.
import { type Purpose, pseudonym } from '../inquiries/pseudonyms.ts';

/** How a patient's email is compared: case-insensitively (API.md), whatever the Unicode form. */
export function normalisedEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

export interface PatientKeys {
  /** Pseudonym of the email, lower-cased. */
  readonly email: string;
  /** Pseudonym of the phone, in E.164. */
  readonly phone: string;
}

const keyOf = (secret: Uint8Array, purpose: Purpose, value: string) => pseudonym(secret, purpose, value);

export function patientKeys(
  secret: Uint8Array,
  patient: { readonly email: string; readonly phone: string },
): PatientKeys {
  return {
    email: keyOf(secret, 'patient-email', normalisedEmail(patient.email)),
    phone: keyOf(secret, 'patient-phone', patient.phone.trim()),
  };
}

export type LedgerSide = keyof PatientKeys;
export const LEDGER_SIDES: readonly LedgerSide[] = ['email', 'phone'];

export const LEDGER_HEAD_SORT_KEY = 'HEAD';
export const LEDGER_HEAD_KIND = 'patient-bookings';
export const LEDGER_ENTRY_KIND = 'patient-booking';
const ENTRY_PREFIX = 'BOOKING#';
const DAY_SECONDS = 24 * 60 * 60;

export function ledgerPk(side: LedgerSide, key: string): string {
  return `PATIENT#${side}#${key}`;
}

export function ledgerEntryKey(side: LedgerSide, key: string, bookingId: string): { pk: string; sk: string } {
  return { pk: ledgerPk(side, key), sk: `${ENTRY_PREFIX}${bookingId}` };
}

export function ledgerHeadKey(side: LedgerSide, key: string): { pk: string; sk: string } {
  return { pk: ledgerPk(side, key), sk: LEDGER_HEAD_SORT_KEY };
}

/** One booking as a patient's ledger lists it. */
export interface LedgerEntry {
  readonly bookingId: string;
  readonly start: Date;
}

/** A booking's entry: ids and times only. Kept until a day after the visit, then TTL may take it. */
export function ledgerEntryItem(
  side: LedgerSide,
  key: string,
  booking: { readonly id: string; readonly start: Date; readonly end: Date },
): Record<string, unknown> {
  return {
    ...ledgerEntryKey(side, key, booking.id),
    kind: LEDGER_ENTRY_KIND,
    bookingId: booking.id,
    start: booking.start.toISOString(),
    expiresAt: Math.floor(booking.end.getTime() / 1000) + DAY_SECONDS,
  };
}

/** One side of the ledger as read: its head's version (absent: no head yet) and its entries. */
export interface LedgerSideRead {
  readonly version: number | undefined;
  readonly entries: readonly LedgerEntry[];
}

/** What a create read of its patient's bookings, to count them and to write on condition of. */
export interface PatientBookings {
  readonly email: LedgerSideRead;
  readonly phone: LedgerSideRead;
}

/**
 * A create that read nothing of the ledger: it holds only if each head counts at most `atMost`
 * entries (absent: any number, as long as the head keeps a count, for a booking the cap does not
 * apply to) or there is no head yet; the write adds one to each count.
 */
export interface UnreadPatientBookings {
  readonly atMost?: number;
}

/** Whether a create read the ledger, rather than bounding what it did not read. */
export function isLedgerRead(read: PatientBookings | UnreadPatientBookings): read is PatientBookings {
  return 'email' in read;
}

/**
 * The most entries each side's head may count for a create to fit the cap unread: a booking
 * counted on neither side is not the patient's, so the bookings that count are at most the two
 * counts together, and those plus the new booking must not exceed `cap`.
 */
export function blindCountBound(cap: number): number {
  return Math.floor((cap - 1) / 2);
}

export const NO_PATIENT_BOOKINGS: PatientBookings = {
  email: { version: undefined, entries: [] },
  phone: { version: undefined, entries: [] },
};

/** The items of a ledger partition as a read side: the head's version and the entries. */
export function ledgerSideOf(items: readonly Record<string, unknown>[]): LedgerSideRead {
  let version: number | undefined;
  const entries: LedgerEntry[] = [];
  for (const item of items) {
    if (item.sk === LEDGER_HEAD_SORT_KEY) version = Number(item.version);
    else if (typeof item.bookingId === 'string' && typeof item.start === 'string') {
      entries.push({ bookingId: item.bookingId, start: new Date(item.start) });
    }
  }
  return { version, entries };
}

/**
 * The distinct bookings of the patient, by email or by phone, that start after `now`: what the
 * cap counts. A booking made with both the email and the phone is one booking, not two.
 */
export function upcomingBookingIds(bookings: PatientBookings, now: Date): Set<string> {
  const ids = new Set<string>();
  for (const side of LEDGER_SIDES) {
    for (const entry of bookings[side].entries) {
      if (entry.start.getTime() > now.getTime()) ids.add(entry.bookingId);
    }
  }
  return ids;
}

// ---- The same-patient double submit ----

/** The same patient, type and start within this window is the same booking (API.md). */
export const REPEAT_WINDOW_SECONDS = 10 * 60;
export const REPEAT_KIND = 'booking-repeat';

/** The pseudonym of "this email asked for this type at this instant". */
export function repeatKey(
  secret: Uint8Array,
  asked: { readonly email: string; readonly typeId: string; readonly start: Date },
): string {
  return keyOf(
    secret,
    'booking-repeat',
    [normalisedEmail(asked.email), asked.typeId, asked.start.toISOString()].join('\n'),
  );
}

export function repeatMarkerKey(key: string): { pk: string; sk: string } {
  return { pk: `BOOKING_REPEAT#${key}`, sk: 'REPEAT' };
}

/** The marker a patient's booking leaves for its repeats: the booking's id, until the window closes. */
export function repeatMarkerItem(key: string, bookingId: string, now: Date): Record<string, unknown> {
  const until = Math.floor(now.getTime() / 1000) + REPEAT_WINDOW_SECONDS;
  return { ...repeatMarkerKey(key), kind: REPEAT_KIND, bookingId, until, expiresAt: until };
}

/**
 * The abuse rules' items a booking leaves (for erasure): its entries and the heads on both sides
 * of its patient's ledger, and its double-submit marker (only while it is the marker's booking).
 */
export function patientItemsOf(
  secret: Uint8Array,
  booking: {
    readonly id: string;
    readonly typeId: string;
    readonly start: Date;
    readonly patient: { readonly email: string; readonly phone: string };
  },
): { readonly key: { pk: string; sk: string }; readonly ownedBy?: string }[] {
  const keys = patientKeys(secret, booking.patient);
  const marker = repeatKey(secret, {
    email: booking.patient.email,
    typeId: booking.typeId,
    start: booking.start,
  });
  return [
    ...LEDGER_SIDES.flatMap((side) => [
      { key: ledgerEntryKey(side, keys[side], booking.id) },
      { key: ledgerHeadKey(side, keys[side]) },
    ]),
    { key: repeatMarkerKey(marker), ownedBy: booking.id },
  ];
}
