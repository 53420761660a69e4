// DynamoDB faults for the stress suite, injected into the functions' own DynamoDB client
// (shared/adapters/dynamodb/client.ts) through its attempt listener, which only the stress harness
// and the bench install. DynamoDB Local never throttles and rarely conflicts, so these are the one
// way to see what the product does when DynamoDB does. The errors have the real shapes: the
// client's exception classes, HTTP 400, the messages DynamoDB sends, and for a conflict one
// cancellation reason per item of the transaction — so the client's retry rules and the app's
// error handling see exactly what they would see from AWS.
//
// The listener runs per attempt, inside the client's retries: a throttle is retried (maxAttempts,
// with backoff) as a real one is, and only a call whose every attempt was throttled reaches the
// app. A TransactionCanceledException is not retried by the client (nor by the SDK's): the app decides.
import {
  type DynamoDBClient,
  DynamoDBServiceException,
  TransactionCanceledException,
} from '../../shared/adapters/dynamodb/wire-client.ts';

export interface DynamoDbFaultRates {
  /** Share of attempts of any call answered ProvisionedThroughputExceededException. */
  throttle: number;
  /** Share of TransactWriteItems calls answered TransactionCanceledException (TransactionConflict). */
  conflict: number;
}

export interface DynamoDbFaultCounts {
  /** Attempts answered with an injected throttle (the SDK retries most of them). */
  throttledAttempts: number;
  /** Transactions cancelled with an injected conflict. */
  conflicts: number;
  /** Calls that reached the app failed with an injected error (every attempt throttled, or a conflict). */
  failedCalls: number;
}

const INJECTED = Symbol.for('clinic.stress.injected');

export function isInjected(error: unknown): boolean {
  return typeof error === 'object' && error !== null && INJECTED in error;
}

function throttle(): Error {
  const error = new DynamoDBServiceException(
    'ProvisionedThroughputExceededException',
    'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    400,
    { httpStatusCode: 400, requestId: crypto.randomUUID() },
  );
  Object.defineProperty(error, INJECTED, { value: true });
  return error;
}

function conflict(items: number): Error {
  const at = Math.floor(Math.random() * Math.max(1, items));
  const reasons = Array.from({ length: Math.max(1, items) }, (_, index) =>
    index === at
      ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
      : { Code: 'None' },
  );
  const error = new TransactionCanceledException(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
    400,
    { httpStatusCode: 400, requestId: crypto.randomUUID() },
  );
  error.CancellationReasons = reasons;
  Object.defineProperty(error, INJECTED, { value: true });
  return error;
}

/** Installs the faults on `client` (once); change `rates` at any time, read `counts` at the end. */
export function installDynamoDbFaults(client: DynamoDBClient): {
  readonly rates: DynamoDbFaultRates;
  readonly counts: DynamoDbFaultCounts;
} {
  const rates: DynamoDbFaultRates = { throttle: 0, conflict: 0 };
  const counts: DynamoDbFaultCounts = { throttledAttempts: 0, conflicts: 0, failedCalls: 0 };
  client.onAttempt((operation, input) => {
    if (rates.throttle > 0 && Math.random() < rates.throttle) {
      counts.throttledAttempts += 1;
      throw throttle();
    }
    if (operation === 'TransactWriteItems' && rates.conflict > 0 && Math.random() < rates.conflict) {
      counts.conflicts += 1;
      throw conflict((input as { TransactItems?: unknown[] }).TransactItems?.length ?? 1);
    }
  });
  // Around the retries: what the app is finally handed.
  const send = client.send.bind(client);
  client.send = async (command) => {
    try {
      return await send(command);
    } catch (error) {
      if (isInjected(error)) counts.failedCalls += 1;
      throw error;
    }
  };
  return { rates, counts };
}
