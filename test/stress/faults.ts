// DynamoDB faults for the stress suite, injected into the functions' own DynamoDB client
// (shared/adapters/dynamodb/client.ts) as an SDK middleware that only the stress harness installs.
// DynamoDB Local never throttles and rarely conflicts, so these are the one way to see what the
// product does when DynamoDB does. The errors have the real shapes: the SDK's own exception
// classes, HTTP 400, the messages DynamoDB sends, and for a conflict one cancellation reason per
// item of the transaction — so the SDK's retry strategy and the app's error handling see exactly
// what they would see from AWS.
//
// The middleware sits in the deserialize step, below the SDK's retry middleware: a throttle is
// retried by the SDK (maxAttempts, with backoff) as a real one is, and only a call whose every
// attempt was throttled reaches the app. A TransactionCanceledException is not retried by the SDK
// (nor in AWS): the app decides.
import {
  type DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';

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
  const error = new ProvisionedThroughputExceededException({
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    $metadata: { httpStatusCode: 400, requestId: crypto.randomUUID() },
  });
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
  const error = new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
    $metadata: { httpStatusCode: 400, requestId: crypto.randomUUID() },
    CancellationReasons: reasons,
  });
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
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (rates.throttle > 0 && Math.random() < rates.throttle) {
        counts.throttledAttempts += 1;
        throw throttle();
      }
      if (
        context.commandName === 'TransactWriteItemsCommand' &&
        rates.conflict > 0 &&
        Math.random() < rates.conflict
      ) {
        counts.conflicts += 1;
        const input = args.input as { TransactItems?: unknown[] };
        throw conflict(input.TransactItems?.length ?? 1);
      }
      return next(args);
    },
    { step: 'deserialize', name: 'stressDynamoDbFaults', priority: 'low' },
  );
  // Above the retry middleware: what the app is finally handed.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isInjected(error)) counts.failedCalls += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'stressDynamoDbFaultCount', priority: 'high' },
  );
  return { rates, counts };
}
