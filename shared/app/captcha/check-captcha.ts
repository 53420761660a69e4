// The CAPTCHA step of the public forms (API.md "Abuse"): a token the verifier refuses is the
// client's problem (400 captcha_failed); a verifier that cannot answer is ours, and never turns a
// patient away: the request goes on, its record marked unverified.
import type { CaptchaVerdict } from '../../core/captcha/turnstile.ts';
import { CaptchaFailedError } from '../../core/errors.ts';

export type { CaptchaVerdict } from '../../core/captcha/turnstile.ts';

/** What the verifier made of a token. */
export type CaptchaCheck = 'passed' | 'failed' | 'unavailable';

export interface CaptchaVerifier {
  /** `token` as the form sent it (absent: the widget did not run); `remoteIp` the client's address. */
  verify(token: string | undefined, remoteIp: string): Promise<CaptchaCheck>;
}

/**
 * The verdict for the record, or undefined when this form has no CAPTCHA.
 * @throws CaptchaFailedError when the token is missing, invalid, expired or already used.
 */
export async function checkCaptcha(
  verifier: CaptchaVerifier | undefined,
  token: string | undefined,
  remoteIp: string,
): Promise<CaptchaVerdict | undefined> {
  if (!verifier) return undefined;
  const check = await verifier.verify(token, remoteIp);
  if (check === 'failed') throw new CaptchaFailedError();
  return check === 'passed' ? 'verified' : 'unverified';
}
