// Saving a lead: one TransactWriteItems that puts the lead, claims its dedupe marker and takes a
// rate-limit slot — all three by condition, none by reading first. When the transaction is
// cancelled, the reasons (with the items that failed their condition) say why.

import { marshall } from '@aws-sdk/util-dynamodb';
import type { InquiryStore, InquiryWrite, SaveOutcome } from '../../app/inquiries/ports.ts';
import { rateLimitUpdate, retryAfterSeconds } from './rate-limit.ts';
import { DEFAULT_RETRY, type RetryPolicy, TryAgain, withRetry } from './retry.ts';
import { tableSecret } from './secret.ts';
import {
  type AttributeValue,
  type DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from './wire-client.ts';

export interface DynamoInquiryStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /**
   * How to try again when another request holds one of the same items (same client, same lead)
   * mid-transaction. Default: DEFAULT_RETRY with 4 attempts.
   */
  readonly retry?: RetryPolicy;
}

const INQUIRY_RETRY: RetryPolicy = { ...DEFAULT_RETRY, maxAttempts: 4 };

// Positions in the transaction: lead, dedupe marker, rate-limit slot.
const DEDUPE = 1;
const RATE = 2;

function transaction(tableName: string, write: InquiryWrite): TransactWriteItemsCommand {
  const { clientKey, limit, nowMs } = write.rateLimit;
  const update = rateLimitUpdate(clientKey, limit, nowMs);
  return new TransactWriteItemsCommand({
    TransactItems: [
      {
        Put: {
          TableName: tableName,
          Item: marshall(write.lead, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: marshall(write.dedupe),
          // A marker past its window is free even before TTL gets round to deleting it.
          ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': { N: String(Math.floor(write.rateLimit.nowMs / 1000)) } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Update: {
          TableName: tableName,
          ...update,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ],
  });
}

type Reason = { Code?: string; Item?: Record<string, AttributeValue> };

export function dynamoInquiryStore(options: DynamoInquiryStoreOptions): InquiryStore {
  const { client, tableName } = options;
  const retry = options.retry ?? INQUIRY_RETRY;
  const secret = tableSecret({ client, tableName });

  const save = (write: InquiryWrite): Promise<SaveOutcome> =>
    withRetry(retry, async (): Promise<SaveOutcome | TryAgain> => {
      try {
        await client.send(transaction(tableName, write));
        return { outcome: 'stored', id: write.lead.id };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = (error.CancellationReasons ?? []) as Reason[];
        const failed = (index: number) => reasons[index]?.Code === 'ConditionalCheckFailed';
        // The limit is checked before the dedupe: more than N submissions an hour is 429 whatever
        // they contain. A cancelled transaction wrote nothing, so a duplicate takes no slot.
        if (failed(RATE)) {
          const { limit, nowMs } = write.rateLimit;
          return {
            outcome: 'rate_limited',
            retryAfterSeconds: retryAfterSeconds(reasons[RATE]?.Item, limit, nowMs),
          };
        }
        const firstId = reasons[DEDUPE]?.Item?.leadId?.S;
        if (failed(DEDUPE) && firstId) return { outcome: 'duplicate', id: firstId };
        // Two submissions from one client (or of one lead) at the same moment: let one finish.
        if (reasons.some((reason) => reason.Code === 'TransactionConflict')) return new TryAgain(error);
        throw error;
      }
    });

  return { pseudonymSecret: secret, save };
}
