import { describe, expect, it } from 'vitest';
import {
  RATE_WINDOW_SECONDS,
  rateLimitUpdate,
  retryAfterSeconds,
} from '../../../shared/adapters/dynamodb/rate-limit.ts';
import { MAX_RATE_LIMIT_PER_HOUR } from '../../../shared/core/config/limits.ts';

const nowMs = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('rateLimitUpdate', () => {
  it('shifts the last N times down one slot and writes now first, on condition the oldest slot is free', () => {
    const update = rateLimitUpdate('client', 3, nowMs);
    expect(update.UpdateExpression).toBe(
      'SET t0 = :now, t1 = if_not_exists(t0, :empty), t2 = if_not_exists(t1, :empty), #kind = :kind, #expiresAt = :expiresAt',
    );
    expect(update.ConditionExpression).toBe('attribute_not_exists(t2) OR t2 <= :windowStart');
    expect(update.ExpressionAttributeValues[':windowStart']).toEqual({ N: String(nowMs - 3_600_000) });
    expect(update.ExpressionAttributeValues[':now']).toEqual({ N: String(nowMs) });
    expect(update.Key).toEqual({ pk: { S: 'RATE#inquiry#client' }, sk: { S: 'RATE' } });
  });

  it('names only values its expressions use, at every limit (DynamoDB refuses any other)', () => {
    for (const limit of [1, 2, 5, MAX_RATE_LIMIT_PER_HOUR]) {
      const update = rateLimitUpdate('client', limit, nowMs);
      const expressions = `${update.UpdateExpression} ${update.ConditionExpression}`;
      for (const name of Object.keys(update.ExpressionAttributeValues)) {
        expect(expressions, `${name} at a limit of ${limit}`).toMatch(new RegExp(`${name}\\b`));
      }
    }
    expect(rateLimitUpdate('client', 1, nowMs).UpdateExpression).toBe(
      'SET t0 = :now, #kind = :kind, #expiresAt = :expiresAt',
    );
  });

  it('lets the item expire an hour after its newest submission', () => {
    expect(rateLimitUpdate('client', 10, nowMs).ExpressionAttributeValues[':expiresAt']).toEqual({
      N: String(nowMs / 1000 + RATE_WINDOW_SECONDS),
    });
  });

  it('stays inside the 4 KB limit of a DynamoDB expression at the largest limit it takes', () => {
    const update = rateLimitUpdate('client', MAX_RATE_LIMIT_PER_HOUR, nowMs);
    expect(Buffer.byteLength(update.UpdateExpression)).toBeLessThan(4096);
  });

  it('refuses a limit it cannot express', () => {
    expect(() => rateLimitUpdate('client', 0, nowMs)).toThrow(/rateLimitPerHour/);
    expect(() => rateLimitUpdate('client', MAX_RATE_LIMIT_PER_HOUR + 1, nowMs)).toThrow(/rateLimitPerHour/);
  });
});

describe('retryAfterSeconds', () => {
  it('is the time until the oldest counted submission leaves the hour', () => {
    const item = { t2: { N: String(nowMs - 59 * 60_000) } };
    expect(retryAfterSeconds(item, 3, nowMs)).toBe(60);
  });

  it('rounds up and is never below 1', () => {
    expect(retryAfterSeconds({ t0: { N: String(nowMs - 3_599_500) } }, 1, nowMs)).toBe(1);
    expect(retryAfterSeconds({ t0: { N: String(nowMs - 3_600_000) } }, 1, nowMs)).toBe(1);
    expect(retryAfterSeconds({ t0: { N: String(nowMs - 1_000_001) } }, 1, nowMs)).toBe(2600);
  });

  it('falls back to the whole window when the item is unreadable', () => {
    expect(retryAfterSeconds(undefined, 3, nowMs)).toBe(3600);
  });
});
