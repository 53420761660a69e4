// A fault the real DynamoDB Local cannot show: it runs transactions one at a time and never
// reports TransactionConflict. So the store retry tests use the functions' real DynamoDBClient
// (wire-client.ts) whose `send` is mocked to answer a script of outcomes (an error to throw, or
// 'ok'), and a retry policy that records the waits it is asked for instead of sleeping.

import { expect, vi } from 'vitest';
import { DEFAULT_RETRY, type RetryPolicy } from '../../shared/adapters/dynamodb/retry.ts';
import {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '../../shared/adapters/dynamodb/wire-client.ts';

/** A transaction DynamoDB cancelled, with one reason code per item (`None`, `TransactionConflict`, …). */
export function cancelledTransaction(codes: readonly string[]): TransactionCanceledException {
  const error = new TransactionCanceledException(
    'TransactionCanceledException',
    'Transaction cancelled, please refer cancellation reasons for specific reasons',
    400,
    { httpStatusCode: 400 },
  );
  error.CancellationReasons = codes.map((Code) => ({ Code }));
  return error;
}

/** A client answering each TransactWriteItems with the next scripted outcome ('ok' once it runs out). */
export function scriptedTransactions(outcomes: (Error | 'ok')[]) {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const send = vi.spyOn(client, 'send').mockImplementation(async (command: unknown) => {
    expect(command).toBeInstanceOf(TransactWriteItemsCommand);
    const next = outcomes.shift() ?? 'ok';
    if (next !== 'ok') throw next;
    return {};
  });
  const waits: number[] = [];
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY,
    maxAttempts: 4,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  };
  return { client, send, waits, retry };
}
