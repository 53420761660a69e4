// What a siteverify answer means (shared/core/captcha/turnstile.ts), and the client's retry and
// bookkeeping (shared/adapters/turnstile/siteverify.ts). The client's exchanges with the local
// stand-in are in test/integration/scheduling/abuse.test.ts; here a scripted `fetch` shows what the
// stand-in cannot without waiting: an answer that never comes (the timeout).
import { describe, expect, it } from 'vitest';
import { turnstileVerifier } from '../../../shared/adapters/turnstile/siteverify.ts';
import { readSiteverify, siteverifyExpectation } from '../../../shared/core/captcha/turnstile.ts';

const expected = { hostnames: ['www.clinic.example', 'clinic.example'], action: 'submit' };
const passing = { success: true, hostname: 'www.clinic.example', action: 'submit', 'error-codes': [] };

describe('a siteverify answer', () => {
  it('passes with one of the clinic’s hosts and the configured action', () => {
    expect(readSiteverify(passing, expected).reading).toBe('passed');
    expect(readSiteverify({ ...passing, hostname: 'clinic.example' }, expected).reading).toBe('passed');
  });

  it('fails a success for another site, or for another action', () => {
    expect(readSiteverify({ ...passing, hostname: 'evil.example' }, expected)).toEqual({
      reading: 'failed',
      reason: 'hostname-mismatch',
    });
    expect(readSiteverify({ ...passing, hostname: undefined }, expected).reading).toBe('failed');
    expect(readSiteverify({ ...passing, action: 'login' }, expected)).toEqual({
      reading: 'failed',
      reason: 'action-mismatch',
    });
  });

  it('checks no action when the clinic configured none', () => {
    const noAction = { hostnames: expected.hostnames };
    expect(readSiteverify({ ...passing, action: 'anything' }, noAction).reading).toBe('passed');
  });

  it.each(['invalid-input-response', 'timeout-or-duplicate', 'missing-input-response'])(
    'fails a bad token (%s)',
    (code) => {
      expect(readSiteverify({ success: false, 'error-codes': [code] }, expected)).toEqual({
        reading: 'failed',
        reason: code,
      });
    },
  );

  it('retries Cloudflare’s own failure, and lets our misconfiguration through as unavailable', () => {
    expect(readSiteverify({ success: false, 'error-codes': ['internal-error'] }, expected).reading).toBe(
      'retry',
    );
    for (const code of ['invalid-input-secret', 'missing-input-secret', 'bad-request']) {
      expect(readSiteverify({ success: false, 'error-codes': [code] }, expected).reading).toBe('unavailable');
    }
  });

  it('fails a refusal it does not understand rather than letting it through', () => {
    expect(readSiteverify({ success: false }, expected)).toEqual({
      reading: 'failed',
      reason: 'no-error-code',
    });
    expect(readSiteverify({ success: 'true' }, expected).reading).toBe('failed');
  });

  it('expects the hosts of cors.allowedOrigins, the first first, and the configured action', () => {
    expect(
      siteverifyExpectation({
        cors: {
          allowedOrigins: [
            'https://www.clinic.example',
            'http://localhost:5173',
            'https://www.clinic.example:8443',
          ],
        },
        captcha: {
          provider: 'turnstile',
          siteKey: 'k',
          secretParameterName: '/p',
          routes: ['bookings'],
          action: 'book',
        },
      }),
    ).toEqual({ hostnames: ['www.clinic.example', 'localhost'], action: 'book' });
  });
});

type Step = Response | Error;

function scripted(steps: Step[]) {
  const bodies: Record<string, string>[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    const step = steps.shift();
    if (!step) throw new Error('no more steps');
    if (step instanceof Error) throw step;
    return step;
  }) as typeof globalThis.fetch;
  return { fetch, bodies };
}

const answer = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const timeout = () =>
  Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });

function verifier(steps: Step[], secret = async () => 'the-secret') {
  const script = scripted(steps);
  let keys = 0;
  const check = turnstileVerifier({
    secret,
    expectation: expected,
    fetch: script.fetch,
    newIdempotencyKey: () => `key-${++keys}`,
  });
  return { check, bodies: script.bodies };
}

describe('the siteverify client', () => {
  it('sends the secret, the token, the client’s address and an idempotency key', async () => {
    const { check, bodies } = verifier([answer(passing)]);
    await expect(check.verify('token-1', '198.18.0.9')).resolves.toBe('passed');
    expect(bodies).toEqual([
      { secret: 'the-secret', response: 'token-1', remoteip: '198.18.0.9', idempotency_key: 'key-1' },
    ]);
  });

  it('refuses a missing or overlong token without asking', async () => {
    const { check, bodies } = verifier([]);
    await expect(check.verify(undefined, '198.18.0.9')).resolves.toBe('failed');
    await expect(check.verify('x'.repeat(2049), '198.18.0.9')).resolves.toBe('failed');
    expect(bodies).toEqual([]);
  });

  it('retries once, with the same key, after an internal error, a timeout or a 5xx', async () => {
    for (const first of [
      answer({ success: false, 'error-codes': ['internal-error'] }),
      timeout(),
      answer({}, 502),
    ]) {
      const { check, bodies } = verifier([first, answer(passing)]);
      await expect(check.verify('token', '198.18.0.9')).resolves.toBe('passed');
      expect(bodies.map((b) => b.idempotency_key)).toEqual(['key-1', 'key-1']);
    }
  });

  it('is unavailable after the retry fails too, and never asks a third time', async () => {
    const { check, bodies } = verifier([timeout(), new TypeError('fetch failed'), answer(passing)]);
    await expect(check.verify('token', '198.18.0.9')).resolves.toBe('unavailable');
    expect(bodies).toHaveLength(2);
  });

  it('does not retry a verdict', async () => {
    const { check, bodies } = verifier([answer({ success: false, 'error-codes': ['timeout-or-duplicate'] })]);
    await expect(check.verify('token', '198.18.0.9')).resolves.toBe('failed');
    expect(bodies).toHaveLength(1);
  });

  it('is unavailable when the secret cannot be read, without asking Cloudflare', async () => {
    const { check, bodies } = verifier([answer(passing)], async () => {
      throw new Error('AccessDeniedException');
    });
    await expect(check.verify('token', '198.18.0.9')).resolves.toBe('unavailable');
    expect(bodies).toEqual([]);
  });
});
