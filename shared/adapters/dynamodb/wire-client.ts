// The functions' DynamoDB client: the SDK v3 client's names and shapes (its commands, its errors,
// its types) over our AWS JSON client (../aws/json-client.ts), so the stores read as they would
// with `@aws-sdk/client-dynamodb` and bundle none of it (GetAvailability 352 → 170 KB). The tests,
// the local stack and the bench run every store through it against DynamoDB Local.
import { randomUUID } from 'node:crypto';
import type {
  AttributeValue,
  BatchGetItemCommandInput,
  BatchGetItemCommandOutput,
  CancellationReason,
  DeleteItemCommandInput,
  DeleteItemCommandOutput,
  GetItemCommandInput,
  GetItemCommandOutput,
  PutItemCommandInput,
  PutItemCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  TransactWriteItemsCommandInput,
  TransactWriteItemsCommandOutput,
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import {
  AwsCommand,
  type AwsJsonClientConfig,
  AwsServiceClient,
  AwsServiceException,
} from '../aws/json-client.ts';

export type {
  AttributeValue,
  QueryCommandOutput,
  TransactWriteItem,
} from '@aws-sdk/client-dynamodb';

export class GetItemCommand extends AwsCommand<GetItemCommandInput, GetItemCommandOutput> {
  readonly operation = 'GetItem';
}
export class BatchGetItemCommand extends AwsCommand<BatchGetItemCommandInput, BatchGetItemCommandOutput> {
  readonly operation = 'BatchGetItem';
}
export class PutItemCommand extends AwsCommand<PutItemCommandInput, PutItemCommandOutput> {
  readonly operation = 'PutItem';
}
export class UpdateItemCommand extends AwsCommand<UpdateItemCommandInput, UpdateItemCommandOutput> {
  readonly operation = 'UpdateItem';
}
export class DeleteItemCommand extends AwsCommand<DeleteItemCommandInput, DeleteItemCommandOutput> {
  readonly operation = 'DeleteItem';
}
export class QueryCommand extends AwsCommand<QueryCommandInput, QueryCommandOutput> {
  readonly operation = 'Query';
}
export class TransactWriteItemsCommand extends AwsCommand<
  TransactWriteItemsCommandInput,
  TransactWriteItemsCommandOutput
> {
  readonly operation = 'TransactWriteItems';
}

/** An error DynamoDB answered, named as the SDK names it. */
export class DynamoDBServiceException extends AwsServiceException {}

export class ConditionalCheckFailedException extends DynamoDBServiceException {
  /** The item as it was, when the request asked for it (`ReturnValuesOnConditionCheckFailure`). */
  Item?: Record<string, AttributeValue>;
}

export class TransactionCanceledException extends DynamoDBServiceException {
  /** One per item of the transaction, in its order: `None`, `ConditionalCheckFailed`, `TransactionConflict`, … */
  CancellationReasons?: CancellationReason[];
}

export type DynamoDBClientConfig = AwsJsonClientConfig;

export class DynamoDBClient extends AwsServiceClient {
  constructor(config: DynamoDBClientConfig) {
    super(
      {
        signingName: 'dynamodb',
        targetPrefix: 'DynamoDB_20120810',
        jsonVersion: '1.0',
        binaryAttributes: true,
        exceptions: { ConditionalCheckFailedException, TransactionCanceledException },
        base: DynamoDBServiceException,
        errorFields: (error, answer) => {
          if (error instanceof TransactionCanceledException && Array.isArray(answer.CancellationReasons)) {
            error.CancellationReasons = answer.CancellationReasons as CancellationReason[];
          }
          if (
            error instanceof ConditionalCheckFailedException &&
            answer.Item &&
            typeof answer.Item === 'object'
          ) {
            error.Item = answer.Item as Record<string, AttributeValue>;
          }
        },
      },
      config,
    );
  }

  async send<Input, Output>(command: AwsCommand<Input, Output>): Promise<Output> {
    let input: unknown = command.input;
    // As the SDK does: a transaction carries a token, so that a retry after a lost answer is not
    // applied twice (DynamoDB answers a repeat of a token it committed with success).
    if (command.operation === 'TransactWriteItems') {
      const transaction = input as TransactWriteItemsCommandInput;
      if (!transaction.ClientRequestToken) input = { ...transaction, ClientRequestToken: randomUUID() };
    }
    return (await this.client.call(command.operation, input)) as Output;
  }
}
