// The use case behind POST /v1/inquiries: store the lead once (or find the one it repeats), within
// the client's hourly allowance. Emails are not sent here: the stored lead is the outbox.
import { ulid } from 'ulid';
import { RateLimitedError } from '../../core/errors.ts';
import { buildDedupeMarker, buildLeadItem, type LeadStatus } from '../../core/inquiries/lead.ts';
import { dedupeFingerprint, pseudonym, rateLimitClient } from '../../core/inquiries/pseudonyms.ts';
import type { InquirySubmission } from '../../core/inquiries/schema.ts';
import { type CaptchaVerdict, type CaptchaVerifier, checkCaptcha } from '../captcha/check-captcha.ts';
import type { InquiryStore, InquiryWrite } from './ports.ts';

export interface InquirySettings {
  readonly timeZone: string;
  readonly rateLimitPerHour: number;
  /** `retention.inquiryDays`: the lead's TTL. */
  readonly inquiryDays: number;
}

export interface ReceivedInquiry {
  readonly id: string;
  readonly status: LeadStatus;
  /** The same lead was received within the dedupe window; `id` is the first one's. */
  readonly duplicate: boolean;
}

/** Everything the write needs, as data: pure, so the rules are unit-tested without a table. */
export function planInquiryWrite(
  submission: InquirySubmission,
  context: {
    readonly settings: InquirySettings;
    readonly secret: Uint8Array;
    readonly clientIp: string;
    readonly now: Date;
    readonly id: string;
    /** The CAPTCHA's verdict, when the form has one. */
    readonly captcha?: CaptchaVerdict | undefined;
  },
): InquiryWrite {
  const { settings, secret, now, id } = context;
  const nowMs = now.getTime();
  const clientKey = pseudonym(secret, 'rate-limit', rateLimitClient(context.clientIp));
  const fingerprint = pseudonym(secret, 'dedupe', dedupeFingerprint(submission));
  return {
    lead: buildLeadItem(submission, {
      id,
      now,
      timeZone: settings.timeZone,
      inquiryDays: settings.inquiryDays,
      captcha: context.captcha,
    }),
    dedupe: buildDedupeMarker(fingerprint, id, now),
    rateLimit: { clientKey, limit: settings.rateLimitPerHour, nowMs },
  };
}

/**
 * @param captcha the form's CAPTCHA check, when the clinic guards inquiries with one.
 * @throws CaptchaFailedError when the form's CAPTCHA token is missing, invalid or spent.
 * @throws RateLimitedError when the client has used its allowance for the rolling hour.
 */
export async function receiveInquiry(
  store: InquiryStore,
  settings: InquirySettings,
  submission: InquirySubmission,
  request: { readonly clientIp: string; readonly now: Date },
  captcha?: CaptchaVerifier,
): Promise<ReceivedInquiry> {
  // Before anything is written: a refused token stores nothing and takes no slot of the limit.
  const verdict = await checkCaptcha(captcha, submission.captchaToken, request.clientIp);
  const secret = await store.pseudonymSecret();
  const id = ulid(request.now.getTime());
  const write = planInquiryWrite(submission, {
    settings,
    secret,
    clientIp: request.clientIp,
    now: request.now,
    id,
    captcha: verdict,
  });
  const saved = await store.save(write);
  const status = write.lead.status;
  switch (saved.outcome) {
    case 'rate_limited':
      throw new RateLimitedError(saved.retryAfterSeconds);
    case 'duplicate':
      return { id: saved.id, status, duplicate: true };
    case 'stored':
      return { id: saved.id, status, duplicate: false };
  }
}
