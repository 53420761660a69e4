// What Lambda sends to a DynamoDB stream mapping's on-failure destination when it gives up on
// records: not the records, but where they are in the stream (shard and sequence-number range).
// The notifier's dead-letter queue holds these; the local stream worker writes the same documents
// to its local dead-letter table; `npm run dlq:replay` reads them back.
// See https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html
import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';

export type StreamFailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface StreamBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  /** ISO instants. */
  readonly approximateArrivalOfFirstRecord?: string;
  readonly approximateArrivalOfLastRecord?: string;
  readonly batchSize: number;
  readonly streamArn: string;
}

export interface StreamFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: StreamFailureCondition | string;
    readonly approximateInvokeCount: number;
  };
  readonly responseContext?: Readonly<Record<string, unknown>>;
  readonly version: string;
  /** ISO instant Lambda gave up. */
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: StreamBatchInfo;
}

const arrival = (record: DynamoDBRecord | undefined): string | undefined => {
  const seconds = record?.dynamodb?.ApproximateCreationDateTime;
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
};

/** The failure record for `records` (consecutive records of one shard, oldest first), as Lambda writes it. */
export function streamFailureRecord(input: {
  readonly records: readonly DynamoDBRecord[];
  readonly shardId: string;
  readonly streamArn: string;
  readonly functionArn: string;
  readonly condition: StreamFailureCondition;
  readonly invokeCount: number;
  readonly at: Date;
  /** The function threw, rather than reporting failed items. */
  readonly functionError: boolean;
}): StreamFailureRecord {
  const first = input.records[0];
  const last = input.records.at(-1);
  const start = first?.dynamodb?.SequenceNumber;
  const end = last?.dynamodb?.SequenceNumber;
  if (!start || !end) throw new Error('A stream failure record needs records with sequence numbers');
  const firstArrival = arrival(first);
  const lastArrival = arrival(last);
  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: input.functionArn,
      condition: input.condition,
      approximateInvokeCount: input.invokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(input.functionError ? { functionError: 'Unhandled' } : {}),
    },
    version: '1.0',
    timestamp: input.at.toISOString(),
    DDBStreamBatchInfo: {
      shardId: input.shardId,
      startSequenceNumber: start,
      endSequenceNumber: end,
      ...(firstArrival ? { approximateArrivalOfFirstRecord: firstArrival } : {}),
      ...(lastArrival ? { approximateArrivalOfLastRecord: lastArrival } : {}),
      batchSize: input.records.length,
      streamArn: input.streamArn,
    },
  };
}

/** The stream position a dead-letter message names, or undefined when it is not a stream failure record. */
export function streamBatchInfoOf(body: string): StreamBatchInfo | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const info = (parsed as { DDBStreamBatchInfo?: Record<string, unknown> } | null)?.DDBStreamBatchInfo;
  if (!info) return undefined;
  const text = (name: string) =>
    typeof info[name] === 'string' && info[name] !== '' ? (info[name] as string) : undefined;
  const shardId = text('shardId');
  const startSequenceNumber = text('startSequenceNumber');
  const endSequenceNumber = text('endSequenceNumber');
  const streamArn = text('streamArn');
  if (!shardId || !startSequenceNumber || !endSequenceNumber || !streamArn) return undefined;
  if (!/^\d+$/.test(startSequenceNumber) || !/^\d+$/.test(endSequenceNumber)) return undefined;
  const first = text('approximateArrivalOfFirstRecord');
  const last = text('approximateArrivalOfLastRecord');
  return {
    shardId,
    startSequenceNumber,
    endSequenceNumber,
    streamArn,
    batchSize: typeof info.batchSize === 'number' ? info.batchSize : 0,
    ...(first ? { approximateArrivalOfFirstRecord: first } : {}),
    ...(last ? { approximateArrivalOfLastRecord: last } : {}),
  };
}

/** Whether a sequence number lies in a batch's range (they are decimal strings of any length). */
export function inSequenceRange(
  sequence: string,
  info: Pick<StreamBatchInfo, 'startSequenceNumber' | 'endSequenceNumber'>,
) {
  const value = BigInt(sequence);
  return value >= BigInt(info.startSequenceNumber) && value <= BigInt(info.endSequenceNumber);
}
