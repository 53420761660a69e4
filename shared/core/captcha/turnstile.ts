// Cloudflare Turnstile's siteverify, as rules: what to send, and what an answer means for the
// request (API.md "Abuse"). Pure: the adapter (shared/adapters/turnstile/siteverify.ts) does the I/O.
import type { ClinicConfig } from '../config/schema.ts';

export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** What a record says of its CAPTCHA: checked and passed, or let through while the check was down. */
export type CaptchaVerdict = 'verified' | 'unverified';

/** What siteverify answers (the fields this project reads). */
export interface SiteverifyAnswer {
  readonly success?: unknown;
  readonly hostname?: unknown;
  readonly action?: unknown;
  readonly 'error-codes'?: unknown;
}

/** What a passing answer must say: a host of one of the clinic's sites, and the form's action. */
export interface SiteverifyExpectation {
  readonly hostnames: readonly string[];
  readonly action?: string;
}

/**
 * The hosts a token may come from: those of `cors.allowedOrigins`. The first is the one the
 * local stand-in answers; a clinic whose widget sits on two of its sites (`www.` and the bare
 * domain) gets tokens for either, and both are its own.
 */
export function siteverifyExpectation(config: Pick<ClinicConfig, 'cors' | 'captcha'>): SiteverifyExpectation {
  const hostnames = [...new Set(config.cors.allowedOrigins.map((origin) => new URL(origin).hostname))];
  return { hostnames, ...(config.captcha?.action ? { action: config.captcha.action } : {}) };
}

/**
 * - `passed` / `failed`: the answer for the request;
 * - `retry`: Cloudflare's own failure (`internal-error`, a 5xx, no answer): worth one more try
 *   with the same idempotency key, after which it is `unavailable`;
 * - `unavailable`: no verdict can be had (our secret refused, a malformed exchange): let through.
 */
export type SiteverifyReading = 'passed' | 'failed' | 'retry' | 'unavailable';

/** Error codes that say the token is bad: the patient's (or a bot's), not ours. */
const TOKEN_ERRORS = new Set(['missing-input-response', 'invalid-input-response', 'timeout-or-duplicate']);
/** Error codes that say our side of the exchange is wrong: not the patient's fault. */
const OUR_ERRORS = new Set(['missing-input-secret', 'invalid-input-secret', 'bad-request']);

export interface Reading {
  readonly reading: SiteverifyReading;
  /** Why, for the log: an error code or a check that failed (never the token). */
  readonly reason: string;
}

export function readSiteverify(answer: SiteverifyAnswer, expected: SiteverifyExpectation): Reading {
  if (answer.success === true) {
    if (typeof answer.hostname !== 'string' || !expected.hostnames.includes(answer.hostname)) {
      return { reading: 'failed', reason: 'hostname-mismatch' };
    }
    if (expected.action !== undefined && answer.action !== expected.action) {
      return { reading: 'failed', reason: 'action-mismatch' };
    }
    return { reading: 'passed', reason: 'success' };
  }
  const codes = Array.isArray(answer['error-codes'])
    ? answer['error-codes'].filter((code): code is string => typeof code === 'string')
    : [];
  if (codes.includes('internal-error')) return { reading: 'retry', reason: 'internal-error' };
  const ours = codes.find((code) => OUR_ERRORS.has(code));
  if (ours) return { reading: 'unavailable', reason: ours };
  const token = codes.find((code) => TOKEN_ERRORS.has(code));
  // A refusal without a code we know is still a refusal of this token.
  return { reading: 'failed', reason: token ?? codes[0] ?? 'no-error-code' };
}
