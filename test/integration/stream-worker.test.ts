// The local stream worker against DynamoDB Local's real stream, with a recording handler in the
// notifier's place: what Lambda's event source mapping would deliver, in what order, and how it
// retries (ReportBatchItemFailures, bisect on error, never skipping a record).
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type PlannedRetry,
  type StreamHandler,
  type StreamPositionStore,
  StreamWorker,
  type StreamWorkerOptions,
} from '../../local/stream-worker.ts';
import { inSequenceRange, type StreamFailureRecord } from '../../shared/adapters/dynamodb/stream-failures.ts';
import { createTableInput } from '../../shared/adapters/dynamodb/table.ts';
import { localStack, testDynamoDb } from './support/index.ts';

const dynamoDb = testDynamoDb();
const workers: StreamWorker[] = [];
const tables: string[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

afterAll(async () => {
  for (const table of tables)
    await dynamoDb.send(new DeleteTableCommand({ TableName: table })).catch(() => {});
  dynamoDb.destroy();
});

async function newTable(): Promise<string> {
  const name = `stream-test-${randomUUID()}`;
  await dynamoDb.send(new CreateTableCommand(createTableInput(name)));
  tables.push(name);
  return name;
}

async function putItems(table: string, count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) {
    await dynamoDb.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: { S: `ITEM#${i}` }, sk: { S: 'ITEM' }, n: { N: String(i) } },
      }),
    );
  }
}

const itemNumber = (record: DynamoDBRecord) => Number(record.dynamodb?.NewImage?.n?.N);

interface Delivery {
  readonly items: number[];
  readonly at: number;
}

/** A handler that records every batch and lets the test decide how each one ends. */
function recorder(decide: (batch: DynamoDBRecord[], attempt: number) => DynamoDBBatchResponse | 'throw') {
  const deliveries: Delivery[] = [];
  const handled = new Set<number>();
  const handler: StreamHandler = async (event: DynamoDBStreamEvent) => {
    deliveries.push({ items: event.Records.map(itemNumber), at: Date.now() });
    const outcome = decide(event.Records, deliveries.length);
    if (outcome === 'throw') throw new Error('the handler failed');
    const failed = new Set(outcome.batchItemFailures.map((failure) => failure.itemIdentifier));
    const firstFailed = event.Records.findIndex((record) =>
      failed.has(record.dynamodb?.SequenceNumber as string),
    );
    for (const record of firstFailed === -1 ? event.Records : event.Records.slice(0, firstFailed)) {
      handled.add(itemNumber(record));
    }
    return outcome;
  };
  return { deliveries, handled, handler };
}

async function startWorker(
  table: string,
  handler: StreamHandler,
  startingPosition: 'TRIM_HORIZON' | 'LATEST' = 'TRIM_HORIZON',
  onRetryPlanned?: (retry: PlannedRetry) => void,
  extra: Partial<StreamWorkerOptions> = {},
) {
  const worker = new StreamWorker({
    onRetryPlanned,
    endpoint: localStack().dynamoEndpoint,
    tableName: table,
    loadHandler: async () => handler,
    startingPosition,
    pollIntervalMs: 50,
    retryInitialMs: 50,
    retryMaxMs: 200,
    log: () => {},
    ...extra,
  });
  workers.push(worker);
  await worker.start();
  return worker;
}

async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const range = (count: number) => Array.from({ length: count }, (_, i) => i);

/** Positions kept in memory, as LocalStreamPositions keeps them in a table. */
class MemoryPositions implements StreamPositionStore {
  readonly saved = new Map<string, string>();
  readonly forgotten: string[] = [];
  async load(): Promise<ReadonlyMap<string, string>> {
    return new Map(this.saved);
  }
  async save(_streamArn: string, shardId: string, sequenceNumber: string): Promise<void> {
    this.saved.set(shardId, sequenceNumber);
  }
  async forget(_streamArn: string, shardId: string): Promise<void> {
    this.saved.delete(shardId);
    this.forgotten.push(shardId);
  }
  /** The table's (one) open shard. */
  async shardOf(table: string): Promise<string | undefined> {
    const { Table } = await dynamoDb.send(new DescribeTableCommand({ TableName: table }));
    const streams = new DynamoDBStreamsClient({
      endpoint: localStack().dynamoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: Table?.LatestStreamArn }),
      );
      return StreamDescription?.Shards?.[0]?.ShardId;
    } finally {
      streams.destroy();
    }
  }
}
const ok: DynamoDBBatchResponse = { batchItemFailures: [] };

describe('local stream worker', () => {
  it('delivers every change once, in order, in batches of at most 10, shaped like Lambda events', async () => {
    const table = await newTable();
    const seen: DynamoDBRecord[] = [];
    const { deliveries, handled, handler } = recorder((batch) => {
      seen.push(...batch);
      return ok;
    });
    await startWorker(table, handler);
    await putItems(table, 25);

    await eventually(() => handled.size === 25);
    expect(deliveries.flatMap((delivery) => delivery.items)).toEqual(range(25));
    expect(Math.max(...deliveries.map((delivery) => delivery.items.length))).toBeLessThanOrEqual(10);
    const first = seen[0] as DynamoDBRecord;
    expect(first).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        Keys: { pk: { S: 'ITEM#0' }, sk: { S: 'ITEM' } },
        NewImage: { pk: { S: 'ITEM#0' }, n: { N: '0' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(first.eventSourceARN).toContain(`table/${table}/stream/`);
    expect(typeof first.dynamodb?.ApproximateCreationDateTime).toBe('number');
    expect(typeof first.dynamodb?.SequenceNumber).toBe('string');
  });

  it('hands over empty maps and lists as Lambda does, although DynamoDB Local streams an empty map untyped', async () => {
    const table = await newTable();
    const { deliveries, handler } = recorder(() => ok);
    const images: unknown[] = [];
    await startWorker(table, async (event, context) => {
      images.push(...event.Records.map((record) => record.dynamodb?.NewImage));
      return handler(event, context);
    });
    await dynamoDb.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: { S: 'E' },
          sk: { S: 'E' },
          n: { N: '0' },
          map: { M: {} },
          list: { L: [] },
          deep: { M: { inner: { M: {} } } },
        },
      }),
    );
    await eventually(() => deliveries.length === 1);
    expect(images[0]).toMatchObject({ map: { M: {} }, list: { L: [] }, deep: { M: { inner: { M: {} } } } });
  });

  it('retries from the first failed record a batch reports, never repeating the ones before it', async () => {
    const table = await newTable();
    let failedOnce = false;
    const { deliveries, handled, handler } = recorder((batch) => {
      const index = batch.findIndex((record) => itemNumber(record) === 3);
      if (index === -1 || failedOnce) return ok;
      failedOnce = true;
      return { batchItemFailures: [{ itemIdentifier: batch[index]?.dynamodb?.SequenceNumber as string }] };
    });
    await startWorker(table, handler);
    await putItems(table, 6);

    await eventually(() => handled.size === 6);
    const all = deliveries.flatMap((delivery) => delivery.items);
    expect(all.filter((item) => item < 3)).toEqual([0, 1, 2]);
    const withThree = deliveries.filter((delivery) => delivery.items.includes(3));
    expect(withThree).toHaveLength(2);
    expect(withThree[1]?.items[0]).toBe(3);
    expect(all.slice(all.lastIndexOf(3))).toEqual([3, 4, 5]);
  });

  it('retries a batch that threw in halves until the record that breaks it is alone, and skips nothing', async () => {
    const table = await newTable();
    // Item 7 makes any batch it is in throw, unless it is alone.
    const { deliveries, handled, handler } = recorder((batch) =>
      batch.length > 1 && batch.some((record) => itemNumber(record) === 7) ? 'throw' : ok,
    );
    await putItems(table, 10);
    await startWorker(table, handler);

    await eventually(() => handled.size === 10);
    expect(deliveries.map((delivery) => delivery.items)).toEqual([
      range(10), // throws
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9], // throws
      [5, 6, 7], // throws
      [5, 6],
      [7],
      [8, 9],
    ]);
  });

  it('keeps retrying a failing record with delays that double up to the cap, never sooner, until it succeeds', async () => {
    const table = await newTable();
    const planned: PlannedRetry[] = [];
    const { deliveries, handled, handler } = recorder((batch, attempt) =>
      attempt <= 5
        ? { batchItemFailures: [{ itemIdentifier: batch[0]?.dynamodb?.SequenceNumber as string }] }
        : ok,
    );
    await startWorker(table, handler, 'TRIM_HORIZON', (retry) => planned.push(retry));
    await putItems(table, 1);

    await eventually(() => handled.has(0));
    expect(deliveries).toHaveLength(6);
    // retryInitialMs 50, doubling per consecutive failure, capped at retryMaxMs 200.
    expect(planned.map((retry) => retry.delayMs)).toEqual([50, 100, 200, 200, 200]);
    expect(planned.map((retry) => retry.attempt)).toEqual([2, 3, 4, 5, 6]);
    const failing = planned[0]?.fromSequence;
    expect(failing).toMatch(/^\d+$/);
    expect(planned.every((retry) => retry.fromSequence === failing)).toBe(true);
    // The real retries: each came no sooner than planned (a lower bound, which no slow machine breaks).
    planned.forEach((retry, i) => {
      const gap = (deliveries[i + 1] as Delivery).at - (deliveries[i] as Delivery).at;
      expect(gap).toBeGreaterThanOrEqual(retry.delayMs);
    });
  });

  it('starting at LATEST, leaves earlier changes alone and delivers the ones after start', async () => {
    const table = await newTable();
    await putItems(table, 3);
    const { deliveries, handled, handler } = recorder(() => ok);
    await startWorker(table, handler, 'LATEST');
    await putItems(table, 2, 3);

    await eventually(() => handled.size === 2);
    expect(deliveries.flatMap((delivery) => delivery.items)).toEqual([3, 4]);
  });

  it('saves each shard’s position after a batch and, restarted, resumes right after it (issue 10: a persisted backlog)', async () => {
    const table = await newTable();
    const positions = new MemoryPositions();
    await putItems(table, 5);
    const first = recorder(() => ok);
    const worker = await startWorker(table, first.handler, 'TRIM_HORIZON', undefined, { positions });
    await eventually(() => first.handled.size === 5);
    await eventually(() => positions.saved.size === 1);
    await worker.stop();
    // Written while no worker runs: the backlog.
    await putItems(table, 3, 5);

    const second = recorder(() => ok);
    await startWorker(table, second.handler, 'TRIM_HORIZON', undefined, { positions });
    await eventually(() => second.handled.size === 3);
    expect(second.deliveries.flatMap((delivery) => delivery.items)).toEqual([5, 6, 7]);
  });

  it('reads a shard from its start when its saved position cannot be resumed, and forgets shards the stream no longer has', async () => {
    const table = await newTable();
    await putItems(table, 3);
    const probe = recorder(() => ok);
    const worker = await startWorker(table, probe.handler);
    await eventually(() => probe.handled.size === 3);
    await worker.stop();
    const shardId = (await new MemoryPositions().shardOf(table)) as string;
    const positions = new MemoryPositions();
    // A sequence number the shard never had, and a shard that is gone.
    positions.saved.set(shardId, '999999999999999999999');
    positions.saved.set('shardId-00000000000000000000-gone', '000000000000000000001');
    const logged: string[] = [];
    const { deliveries, handled, handler } = recorder(() => ok);
    await startWorker(table, handler, 'TRIM_HORIZON', undefined, {
      positions,
      log: (line) => logged.push(line),
    });
    await eventually(() => handled.size === 3);
    expect(deliveries.flatMap((delivery) => delivery.items)).toEqual(range(3));
    expect(positions.forgotten).toEqual(['shardId-00000000000000000000-gone']);
    expect(logged.some((line) => line.includes('cannot resume after its saved position'))).toBe(true);
  });

  it('gives up on a record after its retries, as the deployed mapping does: Lambda’s failure record to the dead-letter queue, and on to the next', async () => {
    const table = await newTable();
    const letters: StreamFailureRecord[] = [];
    const sequences = new Map<number, string>();
    // Item 2 never goes through; the others always do.
    const { deliveries, handled, handler } = recorder((batch) => {
      for (const record of batch)
        sequences.set(itemNumber(record), record.dynamodb?.SequenceNumber as string);
      const index = batch.findIndex((record) => itemNumber(record) === 2);
      return index === -1
        ? ok
        : { batchItemFailures: [{ itemIdentifier: batch[index]?.dynamodb?.SequenceNumber as string }] };
    });
    await putItems(table, 4);
    await startWorker(table, handler, 'TRIM_HORIZON', undefined, {
      giveUp: { maxRetryAttempts: 2 },
      onDeadLetter: async (failure) => {
        letters.push(failure);
      },
    });

    await eventually(() => letters.length === 1);
    // 0–3 in one batch, then 2 and 3 (the failed record and the rest of its batch) twice more.
    expect(deliveries.map((delivery) => delivery.items)).toEqual([range(4), [2, 3], [2, 3]]);
    expect([...handled].sort()).toEqual([0, 1]);
    const [letter] = letters;
    expect(letter?.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    });
    const info = letter?.DDBStreamBatchInfo;
    expect(info).toMatchObject({
      batchSize: 2,
      shardId: expect.stringMatching(/^shardId-/),
      startSequenceNumber: sequences.get(2),
      endSequenceNumber: sequences.get(3),
    });
    expect(info?.streamArn).toContain(table);
    for (const item of [0, 1])
      expect(inSequenceRange(sequences.get(item) as string, info as never)).toBe(false);
    // The shard goes on past them.
    await putItems(table, 1, 4);
    await eventually(() => handled.has(4));
    expect(letters).toHaveLength(1);
  });

  it('keeps retrying records whose dead letter cannot be written', async () => {
    const table = await newTable();
    let refusals = 0;
    const { handled, handler, deliveries } = recorder((batch, attempt) =>
      attempt <= 4
        ? { batchItemFailures: [{ itemIdentifier: batch[0]?.dynamodb?.SequenceNumber as string }] }
        : ok,
    );
    await putItems(table, 1);
    await startWorker(table, handler, 'TRIM_HORIZON', undefined, {
      giveUp: { maxRetryAttempts: 1 },
      onDeadLetter: async () => {
        refusals += 1;
        throw new Error('the queue is down');
      },
    });
    await eventually(() => handled.has(0));
    expect(deliveries).toHaveLength(5);
    expect(refusals).toBeGreaterThanOrEqual(1);
  });
});
