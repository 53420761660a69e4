// The items one inquiry writes, built as plain data from the checked submission: the lead itself
// and its dedupe marker. Keys hold ids and keyed hashes only, never what the patient typed.
import type { CaptchaVerdict } from '../captcha/turnstile.ts';
import type { Attribution, PreferredContact } from './fields.ts';
import type { InquirySubmission } from './schema.ts';

export const INQUIRY_KIND = 'inquiry';
export const DEDUPE_KIND = 'inquiry-dedupe';
/** The same name, email and message within this window is the same lead (API.md). */
export const DEDUPE_WINDOW_SECONDS = 10 * 60;
/** Spam is kept this long (for a look at what the honeypot caught), then TTL removes it. */
export const SPAM_RETENTION_SECONDS = 30 * 24 * 60 * 60;
const DAY_SECONDS = 24 * 60 * 60;

export type LeadStatus = 'received' | 'spam';

export interface LeadItem {
  readonly pk: string;
  readonly sk: string;
  readonly kind: typeof INQUIRY_KIND;
  readonly id: string;
  readonly status: LeadStatus;
  /** RFC 3339, UTC. */
  readonly receivedAt: string;
  readonly name: string;
  readonly email: string;
  readonly phone?: string;
  readonly message: string;
  readonly topic?: string;
  readonly preferredContact?: PreferredContact;
  readonly consent: boolean;
  readonly custom?: Readonly<Record<string, string>>;
  readonly attribution?: Attribution;
  /** Leads by the clinic's local month (`INQUIRIES#2026-12`, spam `INQUIRIES_SPAM#2026-12`), newest last by id. */
  readonly gsi1pk?: string;
  readonly gsi1sk?: string;
  /**
   * Epoch seconds when TTL removes it: `retention.inquiryDays` after it arrived, spam after 30 days
   * (or sooner, if the retention is shorter).
   */
  readonly expiresAt: number;
  /** The CAPTCHA's verdict, when the clinic uses one (staff see it in the inbox). */
  readonly captcha?: CaptchaVerdict;
}

export interface DedupeMarker {
  readonly pk: string;
  readonly sk: string;
  readonly kind: typeof DEDUPE_KIND;
  readonly leadId: string;
  /** Epoch seconds until which the marker holds; TTL deletion lags, so conditions read this. */
  readonly until: number;
  readonly expiresAt: number;
}

/** The gsi1 partition of the leads of a local month (`2026-12`): the inbox's (new and handled leads). */
export function inboxPartition(month: string): string {
  return `INQUIRIES#${month}`;
}

/** Spam's own partition of a month, so that a flood of spam never slows the inbox down. */
export function spamPartition(month: string): string {
  return `INQUIRIES_SPAM#${month}`;
}

export function leadKey(id: string): { pk: string; sk: string } {
  return { pk: `INQUIRY#${id}`, sk: 'INQUIRY' };
}

export function dedupeKey(fingerprintPseudonym: string): { pk: string; sk: string } {
  return { pk: `INQUIRY_DEDUPE#${fingerprintPseudonym}`, sk: 'DEDUPE' };
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * `2026-12` for an instant, in the clinic's time zone. One formatter per zone for the life of the
 * container: a new `Intl.DateTimeFormat` per lead cost half a millisecond of every inquiry (CPU
 * profile of the bench's warm requests). (Not the scheduling clock: core/scheduling imports this
 * folder, and folders import one way.)
 */
export function localMonth(at: Date, timeZone: string): string {
  let format = monthFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    monthFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  return `${year}-${month}`;
}

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** When TTL removes a lead received at `receivedAt`: `inquiryDays` later (CONFIG.md `retention`). */
export function leadExpiresAt(receivedAt: Date, inquiryDays: number): number {
  return epochSeconds(receivedAt) + inquiryDays * DAY_SECONDS;
}

/** When TTL removes a lead filed as spam at `at` (by the honeypot or by staff). */
export function spamExpiresAt(at: Date, receivedAt: Date, inquiryDays: number): number {
  return Math.min(epochSeconds(at) + SPAM_RETENTION_SECONDS, leadExpiresAt(receivedAt, inquiryDays));
}
const nonEmpty = <T extends object>(record: T): T | undefined =>
  Object.keys(record).length > 0 ? record : undefined;

export function buildLeadItem(
  submission: InquirySubmission,
  context: {
    readonly id: string;
    readonly now: Date;
    readonly timeZone: string;
    /** `retention.inquiryDays`: how long a lead is kept after it arrives. */
    readonly inquiryDays: number;
    readonly captcha?: CaptchaVerdict | undefined;
  },
): LeadItem {
  const { id, now } = context;
  const status: LeadStatus = submission.spam ? 'spam' : 'received';
  const custom = nonEmpty({ ...submission.custom });
  const attribution = nonEmpty({ ...submission.attribution });
  // Listed field by field: only what the schema checked ever reaches the table.
  return {
    ...leadKey(id),
    kind: INQUIRY_KIND,
    id,
    status,
    receivedAt: now.toISOString(),
    name: submission.name,
    email: submission.email,
    ...(submission.phone === undefined ? {} : { phone: submission.phone }),
    message: submission.message,
    ...(submission.topic === undefined ? {} : { topic: submission.topic }),
    ...(submission.preferredContact === undefined ? {} : { preferredContact: submission.preferredContact }),
    consent: submission.consent,
    ...(custom ? { custom } : {}),
    ...(attribution ? { attribution } : {}),
    ...(context.captcha === undefined ? {} : { captcha: context.captcha }),
    ...(status === 'received'
      ? {
          gsi1pk: inboxPartition(localMonth(now, context.timeZone)),
          gsi1sk: id,
          expiresAt: leadExpiresAt(now, context.inquiryDays),
        }
      : {
          gsi1pk: spamPartition(localMonth(now, context.timeZone)),
          gsi1sk: id,
          expiresAt: spamExpiresAt(now, now, context.inquiryDays),
        }),
  };
}

export function buildDedupeMarker(fingerprintPseudonym: string, leadId: string, now: Date): DedupeMarker {
  const until = epochSeconds(now) + DEDUPE_WINDOW_SECONDS;
  return { ...dedupeKey(fingerprintPseudonym), kind: DEDUPE_KIND, leadId, until, expiresAt: until };
}
