// The rolling-hour rate limit, as one conditional DynamoDB update that needs no read first.
//
// One item per client (its pk is a keyed hash of the client's address) holds the times of its
// last N accepted submissions in attributes `t0` (newest) … `t{N-1}` (oldest). A submission is
// allowed when `t{N-1}` is absent or older than an hour: then fewer than N of the last
// submissions fall inside the past hour. The same update shifts every time down one place and
// writes now into `t0` — DynamoDB evaluates every operand against the item as it was, so
// `t1 = t0, t2 = t1, …` is a shift, not a smear. When the condition fails, the item returned with
// the failure says when `t{N-1}` leaves the window, which is the `Retry-After`.
//
// Newest-first also survives a change of N: raising it leaves the extra slots empty (allowed),
// lowering it makes an older slot the one that counts.

import { MAX_RATE_LIMIT_PER_HOUR } from '../../core/config/limits.ts';
import type { AttributeValue } from './wire-client.ts';

export const RATE_WINDOW_SECONDS = 60 * 60;

export interface RateLimitUpdate {
  readonly Key: Record<string, AttributeValue>;
  readonly UpdateExpression: string;
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, AttributeValue>;
}

const slot = (index: number) => `t${index}`;

/** What is counted: inquiries (forms.rateLimitPerHour) or booking attempts (scheduling.limits). */
export type RateLimitScope = 'inquiry' | 'booking';

export function rateLimitItemKey(
  clientPseudonym: string,
  scope: RateLimitScope = 'inquiry',
): { pk: string; sk: string } {
  return { pk: `RATE#${scope}#${clientPseudonym}`, sk: 'RATE' };
}

/** The update that records a submission at `nowMs`, on condition that a slot is free. */
export function rateLimitUpdate(
  clientPseudonym: string,
  limit: number,
  nowMs: number,
  scope: RateLimitScope = 'inquiry',
): RateLimitUpdate {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RATE_LIMIT_PER_HOUR) {
    throw new Error(
      `A rate limit (forms.rateLimitPerHour, scheduling.limits.perClientIpPerHour) must be a whole number from 1 to ${MAX_RATE_LIMIT_PER_HOUR}`,
    );
  }
  const key = rateLimitItemKey(clientPseudonym, scope);
  const shifts = [`${slot(0)} = :now`];
  for (let index = 1; index < limit; index++) {
    shifts.push(`${slot(index)} = if_not_exists(${slot(index - 1)}, :empty)`);
  }
  const oldest = slot(limit - 1);
  return {
    Key: { pk: { S: key.pk }, sk: { S: key.sk } },
    UpdateExpression: `SET ${shifts.join(', ')}, #kind = :kind, #expiresAt = :expiresAt`,
    ConditionExpression: `attribute_not_exists(${oldest}) OR ${oldest} <= :windowStart`,
    ExpressionAttributeNames: { '#kind': 'kind', '#expiresAt': 'expiresAt' },
    ExpressionAttributeValues: {
      ':now': { N: String(nowMs) },
      // An empty slot reads as the epoch: always outside the window. (A limit of one shifts
      // nothing, and DynamoDB refuses a value no expression uses.)
      ...(limit > 1 ? { ':empty': { N: '0' } } : {}),
      ':windowStart': { N: String(nowMs - RATE_WINDOW_SECONDS * 1000) },
      ':kind': { S: 'rate-limit' },
      // Once the newest time has left the window the item says nothing; TTL may clear it.
      ':expiresAt': { N: String(Math.ceil(nowMs / 1000) + RATE_WINDOW_SECONDS) },
    },
  };
}

/**
 * Whole seconds until a slot frees, read from the item a failed update returned: when its oldest
 * counted submission leaves the window. At least 1, so a client never retries at once.
 */
export function retryAfterSeconds(
  item: Record<string, AttributeValue> | undefined,
  limit: number,
  nowMs: number,
): number {
  const oldest = Number(item?.[slot(limit - 1)]?.N ?? Number.NaN);
  if (!Number.isFinite(oldest)) return RATE_WINDOW_SECONDS;
  const freesAt = oldest + RATE_WINDOW_SECONDS * 1000;
  return Math.max(1, Math.ceil((freesAt - nowMs) / 1000));
}
