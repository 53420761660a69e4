// Trying a DynamoDB transaction again when it lost a race with another one on the same items:
// "full jitter" backoff (a random delay up to a capped exponential), so contenders that collided
// once spread out instead of colliding again. Both stores (bookings, inquiries) retry through it.
// Our own because the SDK's retry strategy never retries a cancelled transaction (whose reasons
// only the store can read: a conflict is worth another try, a failed condition is an answer).

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** [0, 1), as Math.random. */
  readonly random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 20,
  maxDelayMs: 800,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The wait after failed attempt `attempt` (0 for the first): random · min(max, base · 2^attempt), in whole ms. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.floor(policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

/** What an attempt returns to be tried again; `reason` is thrown when no attempt is left. */
export class TryAgain {
  constructor(readonly reason: unknown) {}
}

export interface RetryHooks {
  /** Before each wait; `attempts` have failed so far. */
  readonly onRetry?: (attempts: number) => void;
  /** What to throw once `maxAttempts` have all asked to try again; default, the last reason. */
  readonly exhausted?: (attempts: number, reason: unknown) => unknown;
}

/**
 * Runs `attempt` until it returns anything but a TryAgain, waiting `backoffDelayMs` between
 * tries; an error it throws is passed through untouched.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (attempt: number) => Promise<T | TryAgain>,
  hooks: RetryHooks = {},
): Promise<T> {
  for (let n = 0; ; n++) {
    const result = await attempt(n);
    if (!(result instanceof TryAgain)) return result;
    if (n + 1 >= policy.maxAttempts)
      throw hooks.exhausted ? hooks.exhausted(n + 1, result.reason) : result.reason;
    hooks.onRetry?.(n + 1);
    await policy.sleep(backoffDelayMs(policy, n));
  }
}
