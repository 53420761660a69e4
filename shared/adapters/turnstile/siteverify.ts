// The Turnstile siteverify client behind the public forms' CAPTCHA (API.md "Abuse"): one POST per
// token with an idempotency key, so the one retry Cloudflare's own failure gets (internal-error, a
// 5xx, no answer in time) is answered as the first would have been, never as a reused token. What
// an answer means is the core's (shared/core/captcha/turnstile.ts); this module does the I/O and
// the bookkeeping: a log line per check (never the token) and a CaptchaUnverified metric for each
// request let through without a verdict, which the alarm counts.
import { randomUUID } from 'node:crypto';
import type { CaptchaCheck, CaptchaVerifier } from '../../app/captcha/check-captcha.ts';
import {
  type Reading,
  readSiteverify,
  SITEVERIFY_URL,
  type SiteverifyAnswer,
  type SiteverifyExpectation,
  siteverifyExpectation,
} from '../../core/captcha/turnstile.ts';
import { CAPTCHA_TOKEN_MAX } from '../../core/config/field-names.ts';
import type { CaptchaRoute, ClinicConfig } from '../../core/config/schema.ts';
import { optionalEnv } from '../../platform/env.ts';
import { errorFacts, logger } from '../../platform/logger.ts';
import { METRICS, recordMetric } from '../../platform/metrics.ts';
import { turnstileSecret } from './secret.ts';

/** Per attempt; two attempts at most, well inside a public function's 10 seconds. */
export const SITEVERIFY_TIMEOUT_MS = 2500;
const ATTEMPTS = 2;

export interface TurnstileVerifierOptions {
  readonly secret: () => Promise<string>;
  readonly expectation: SiteverifyExpectation;
  /** @default Cloudflare's siteverify */
  readonly url?: string;
  /** @default SITEVERIFY_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
  /** @default randomUUID */
  readonly newIdempotencyKey?: () => string;
}

export function turnstileVerifier(options: TurnstileVerifierOptions): CaptchaVerifier {
  const url = options.url ?? SITEVERIFY_URL;
  const timeoutMs = options.timeoutMs ?? SITEVERIFY_TIMEOUT_MS;
  const send = options.fetch ?? fetch;
  const newKey = options.newIdempotencyKey ?? randomUUID;

  const ask = async (body: Record<string, string>): Promise<Reading> => {
    let response: Response;
    try {
      response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable';
      logger.warn('siteverify did not answer', { reason, ...errorFacts(error) });
      return { reading: 'retry', reason };
    }
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      return { reading: 'retry', reason: `http-${response.status}` };
    }
    let answer: SiteverifyAnswer;
    try {
      answer = (await response.json()) as SiteverifyAnswer;
    } catch {
      return { reading: 'retry', reason: 'unreadable-answer' };
    }
    if (typeof answer !== 'object' || answer === null)
      return { reading: 'retry', reason: 'unreadable-answer' };
    return readSiteverify(answer, options.expectation);
  };

  const unavailable = (reason: string): CaptchaCheck => {
    logger.warn('captcha', { outcome: 'unverified', reason });
    recordMetric(METRICS.names.captchaUnverified);
    return 'unavailable';
  };

  return {
    async verify(token, remoteIp) {
      if (token === undefined || token.length > CAPTCHA_TOKEN_MAX) {
        logger.info('captcha', { outcome: 'failed', reason: token === undefined ? 'missing' : 'too-long' });
        return 'failed';
      }
      let secret: string;
      try {
        secret = await options.secret();
      } catch (error) {
        logger.error('The Turnstile secret could not be read', errorFacts(error));
        return unavailable('secret-unreadable');
      }
      // One key for both attempts: Cloudflare answers a retry of a verification it already made
      // with that verification's result, instead of calling the token spent.
      const body = {
        secret,
        response: token,
        ...(remoteIp ? { remoteip: remoteIp } : {}),
        idempotency_key: newKey(),
      };
      let last: Reading = { reading: 'retry', reason: 'not-asked' };
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        last = await ask(body);
        if (last.reading !== 'retry') break;
      }
      if (last.reading === 'passed' || last.reading === 'failed') {
        logger.info('captcha', { outcome: last.reading, reason: last.reason });
        return last.reading;
      }
      if (last.reason === 'invalid-input-secret' || last.reason === 'missing-input-secret') {
        logger.error('siteverify refused our secret key: check captcha.secretParameterName', {
          reason: last.reason,
        });
      }
      return unavailable(last.reason);
    },
  };
}

/**
 * The CAPTCHA of one public form, when the clinic's `captcha` guards it; undefined otherwise.
 * SITEVERIFY_URL points it at the local stand-in (local/turnstile.ts), on the local stack only.
 */
export function captchaVerifierFor(config: ClinicConfig, route: CaptchaRoute): CaptchaVerifier | undefined {
  const { captcha } = config;
  if (!captcha?.routes.includes(route)) return undefined;
  const local = optionalEnv('STAGE') === 'local';
  const url = (local ? optionalEnv('SITEVERIFY_URL') : undefined) ?? SITEVERIFY_URL;
  return turnstileVerifier({
    secret: turnstileSecret(captcha.secretParameterName),
    expectation: siteverifyExpectation(config),
    url,
  });
}
