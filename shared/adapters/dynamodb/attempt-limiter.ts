// The booking attempts' hourly allowance per client address (scheduling.limits.perClientIpPerHour):
// the inquiries' rolling-hour limiter (./rate-limit.ts), as one conditional update of its own. It
// counts attempts, not bookings: it is taken before the booking is tried, whatever that comes to,
// so a script that probes times or cycles names is slowed as much as one that books.

import type { AttemptLimiter, AttemptOutcome } from '../../app/scheduling/ports.ts';
import { pseudonym, rateLimitClient } from '../../core/inquiries/pseudonyms.ts';
import { type RateLimitUpdate, rateLimitUpdate, retryAfterSeconds } from './rate-limit.ts';
import { tableSecret } from './secret.ts';
import { ConditionalCheckFailedException, type DynamoDBClient, UpdateItemCommand } from './wire-client.ts';

export interface DynamoAttemptLimiterOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The key of the client pseudonyms. @default the table's own (shared with the inquiries) */
  readonly secret?: () => Promise<Uint8Array>;
}

/**
 * The update that counts one booking attempt of `clientIp` at `now`, on condition that its
 * allowance has room: sent alone by the limiter, or inside a booking's own transaction.
 */
export function attemptUpdate(
  secret: Uint8Array,
  clientIp: string,
  limit: number,
  now: Date,
): RateLimitUpdate {
  return rateLimitUpdate(
    pseudonym(secret, 'rate-limit', rateLimitClient(clientIp)),
    limit,
    now.getTime(),
    'booking',
  );
}

export function dynamoAttemptLimiter(options: DynamoAttemptLimiterOptions): AttemptLimiter {
  const { client, tableName } = options;
  const secret = options.secret ?? tableSecret({ client, tableName });
  return {
    async take(clientIp: string, limit: number, now: Date): Promise<AttemptOutcome> {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            ...attemptUpdate(await secret(), clientIp, limit, now),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { allowed: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return { allowed: false, retryAfterSeconds: retryAfterSeconds(error.Item, limit, now.getTime()) };
      }
    },
  };
}
