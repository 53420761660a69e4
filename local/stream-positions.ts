// Where the local stream worker has got to in each shard of the table's stream: the sequence number
// of the last record it handled (delivered, or given up on and dead-lettered), kept in a table
// beside the main one, `<table>-stream-positions`, so that a stack restarted with `--persist DIR`
// resumes right after it (issue 10: starting at LATEST lost every email of a backlog).
//
// A table rather than a file in DIR, for the reasons the dead-letter queue is one: it lives exactly
// as long as the stream it points into (DynamoDB Local keeps it in the same database file, so a
// position can never outlive its stream, or survive a deleted or swapped database), every put of one
// position is atomic (no half-written file when the process is killed mid-write), and it needs no
// knowledge of DIR (an in-memory stack keeps positions for its lifetime, harmlessly). It has no
// stream of its own, so saving a position is not itself a change to deliver.
import {
  CreateTableCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { StreamPositionStore } from './stream-worker.ts';

export function streamPositionsTableName(tableName: string): string {
  return `${tableName}-stream-positions`;
}

export class LocalStreamPositions implements StreamPositionStore {
  constructor(
    private readonly client: DynamoDBClient,
    /** The main table's name: the positions are in the table beside it. */
    tableName: string,
    readonly positionsTable = streamPositionsTableName(tableName),
  ) {}

  /** Every saved position of this stream, by shard id; none when nothing was ever saved. */
  async load(streamArn: string): Promise<Map<string, string>> {
    const positions = new Map<string, string>();
    let startKey: ScanCommand['input']['ExclusiveStartKey'];
    try {
      do {
        const answer = await this.client.send(
          new ScanCommand({
            TableName: this.positionsTable,
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of answer.Items ?? []) {
          // A table deleted and made again has a new stream: the old one's positions mean nothing.
          if (item.streamArn?.S === streamArn && item.shardId?.S && item.sequenceNumber?.S) {
            positions.set(item.shardId.S, item.sequenceNumber.S);
          }
        }
        startKey = answer.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return positions;
      throw error;
    }
    return positions;
  }

  async save(streamArn: string, shardId: string, sequenceNumber: string): Promise<void> {
    const put = new PutItemCommand({
      TableName: this.positionsTable,
      Item: {
        id: { S: `${streamArn}|${shardId}` },
        streamArn: { S: streamArn },
        shardId: { S: shardId },
        sequenceNumber: { S: sequenceNumber },
        savedAt: { S: new Date().toISOString() },
      },
    });
    try {
      await this.client.send(put);
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.ensure();
      await this.client.send(put);
    }
  }

  /** Forgets a shard's position (the shard is no longer in the stream). */
  async forget(streamArn: string, shardId: string): Promise<void> {
    await this.client
      .send(
        new DeleteItemCommand({
          TableName: this.positionsTable,
          Key: { id: { S: `${streamArn}|${shardId}` } },
        }),
      )
      .catch((error) => {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      });
  }

  private async ensure(): Promise<void> {
    try {
      await this.client.send(
        new CreateTableCommand({
          TableName: this.positionsTable,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
}
