// The one retry loop both stores use on transaction conflicts: which answers end it, and the exact
// waits between tries, with sleep and random injected (nothing really waits).
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_RETRY,
  type RetryPolicy,
  TryAgain,
  withRetry,
} from '../../../shared/adapters/dynamodb/retry.ts';

/** A policy that records its waits and draws `randoms` in turn. */
function recording(randoms: number[], overrides: Partial<RetryPolicy> = {}) {
  const waits: number[] = [];
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => randoms.shift() ?? expect.fail('random() asked once too often'),
    ...overrides,
  };
  return { policy, waits };
}

describe('backoffDelayMs (full jitter)', () => {
  it('spreads delays between 0 and the capped exponential', () => {
    const at = (random: number, attempt: number) =>
      backoffDelayMs({ ...DEFAULT_RETRY, random: () => random }, attempt);
    expect(at(0, 3)).toBe(0);
    expect(at(0.999, 0)).toBe(19);
    expect(at(0.999, 3)).toBe(159);
    expect(at(0.999, 10)).toBe(799);
  });
});

describe('withRetry', () => {
  it('waits random · min(max, base · 2^attempt) after each failed try, then answers what the last returned', async () => {
    const { policy, waits } = recording([0.5, 0.25, 0.75, 0.1], { maxAttempts: 8 });
    const tries: number[] = [];
    const answer = await withRetry(policy, async (attempt) => {
      tries.push(attempt);
      return attempt < 4 ? new TryAgain(new Error('conflict')) : 'written';
    });
    expect(answer).toBe('written');
    expect(tries).toEqual([0, 1, 2, 3, 4]);
    // 0.5·20, 0.25·40, 0.75·80, 0.1·160
    expect(waits).toEqual([10, 10, 60, 16]);
  });

  it('caps the wait at maxDelayMs', async () => {
    const { policy, waits } = recording([0.999, 0.999, 0.5], { maxAttempts: 4, baseDelayMs: 300 });
    await withRetry(policy, async (attempt) => (attempt < 3 ? new TryAgain('x') : 'done'));
    // min(800, 300), min(800, 600), min(800, 1200) = 800
    expect(waits).toEqual([299, 599, 400]);
  });

  it('throws the last reason once maxAttempts have asked to try again, with no wait after the last', async () => {
    const { policy, waits } = recording([0, 0], { maxAttempts: 3 });
    const last = new Error('third');
    let tries = 0;
    await expect(
      withRetry(policy, async () => {
        tries += 1;
        return new TryAgain(tries === 3 ? last : new Error('earlier'));
      }),
    ).rejects.toBe(last);
    expect(tries).toBe(3);
    expect(waits).toEqual([0, 0]);
  });

  it('throws what `exhausted` makes of it, told how many attempts were made', async () => {
    const { policy } = recording([0.5], { maxAttempts: 2 });
    await expect(
      withRetry(policy, async () => new TryAgain('conflict'), {
        exhausted: (attempts, reason) => new Error(`${String(reason)} after ${attempts}`),
      }),
    ).rejects.toThrow('conflict after 2');
  });

  it('tells onRetry how many attempts failed before each wait', async () => {
    const { policy } = recording([0, 0]);
    const retries: number[] = [];
    await withRetry(policy, async (attempt) => (attempt < 2 ? new TryAgain('x') : 'ok'), {
      onRetry: (attempts) => retries.push(attempts),
    });
    expect(retries).toEqual([1, 2]);
  });

  it('passes an error the attempt throws through untouched, without trying again', async () => {
    const { policy, waits } = recording([]);
    const failure = new Error('network down');
    let tries = 0;
    await expect(
      withRetry(policy, async () => {
        tries += 1;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(tries).toBe(1);
    expect(waits).toEqual([]);
  });
});
