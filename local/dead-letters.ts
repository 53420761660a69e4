// The local stand-in for the notifier's dead-letter queue: a second table in DynamoDB Local,
// `<table>-dead-letters`, holding the failure records the stream worker writes when it gives up on
// stream records (the same JSON Lambda sends to its SQS destination). A table rather than a file
// or an endpoint: it lives exactly as long as the stream it points into (in memory, or on disk
// with --persist), `npm run dlq:replay` reaches it on DYNAMODB_PORT like the table itself, and a
// put or delete of one message is atomic whoever else is reading.
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { StreamFailureRecord } from '../shared/adapters/dynamodb/stream-failures.ts';

export function deadLetterTableName(tableName: string): string {
  return `${tableName}-dead-letters`;
}

/** One message of the queue: its id (which sorts by arrival) and the failure record as written. */
export interface LocalDeadLetter {
  readonly id: string;
  readonly body: string;
}

export class LocalDeadLetterQueue {
  constructor(
    private readonly client: DynamoDBClient,
    /** The main table's name: the queue is the table beside it. */
    tableName: string,
    readonly queueTable = deadLetterTableName(tableName),
  ) {}

  /** Creates the queue's table unless it exists (after a restart with --persist it does). */
  async ensure(): Promise<void> {
    try {
      await this.client.send(new DescribeTableCommand({ TableName: this.queueTable }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await this.client.send(
      new CreateTableCommand({
        TableName: this.queueTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
  }

  /** Adds a message; the queue's table is made on the first (most stacks never dead-letter anything). */
  async send(failure: StreamFailureRecord): Promise<void> {
    const put = new PutItemCommand({
      TableName: this.queueTable,
      Item: { id: { S: `${failure.timestamp}#${randomUUID()}` }, body: { S: JSON.stringify(failure) } },
    });
    try {
      await this.client.send(put);
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.ensure();
      await this.client.send(put);
    }
  }

  /** Every message, oldest first; none when the queue's table does not exist (nothing ever failed). */
  async receive(): Promise<LocalDeadLetter[]> {
    const letters: LocalDeadLetter[] = [];
    let startKey: Record<string, { S: string }> | undefined;
    try {
      do {
        const answer = await this.client.send(
          new ScanCommand({ TableName: this.queueTable, ConsistentRead: true, ExclusiveStartKey: startKey }),
        );
        for (const item of answer.Items ?? []) {
          if (item.id?.S && item.body?.S) letters.push({ id: item.id.S, body: item.body.S });
        }
        startKey = answer.LastEvaluatedKey as typeof startKey;
      } while (startKey);
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return [];
      throw error;
    }
    return letters.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async delete(id: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.queueTable, Key: { id: { S: id } } }));
  }
}
