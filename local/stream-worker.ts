// The local stand-in for Lambda's DynamoDB stream event source mapping: it reads the table's
// stream from DynamoDB Local and invokes the notifier with the events Lambda would send, with the
// same semantics — per-shard order, batches of up to 10, ReportBatchItemFailures (retry from the
// first failed record), bisect on a thrown error — and, when told when to give up (`giveUp`), the
// on-failure destination: records it gives up on are described, as Lambda describes them, to
// `onDeadLetter` (the local stack's dead-letter table) and skipped. Without `giveUp` it retries
// forever, so a record waits out any SES outage and is never skipped. With `positions`, it saves
// each shard's last handled sequence number after every batch and resumes after it on the next
// start, as Lambda's mapping keeps its own position: a restart with a backlog loses nothing.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  type AttributeValue,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  type StreamFailureCondition,
  type StreamFailureRecord,
  streamFailureRecord,
} from '../shared/adapters/dynamodb/stream-failures.ts';
import { LOCAL_CREDENTIALS, localDynamoDbClient } from './dynamodb.ts';
import { lambdaContext } from './http-event.ts';
import { sleep } from './processes.ts';

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamWorkerOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly region?: string;
  /** Loads the real handler; called again after a failed load, so a fixed module is picked up. */
  readonly loadHandler: () => Promise<StreamHandler>;
  /**
   * Where to start in shards that are open when the worker starts and have no saved position.
   * Shards that appear later always start at TRIM_HORIZON, so nothing written after start is missed.
   * The local stack uses TRIM_HORIZON with `positions`: a shard it never handled is read from its start.
   */
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /**
   * Where each shard's last handled record is kept: loaded at start (a shard with a saved position
   * resumes AFTER_SEQUENCE_NUMBER it), saved after each batch that got anywhere. @default none
   */
  readonly positions?: StreamPositionStore;
  /** @default 10 */
  readonly batchSize?: number;
  /** @default 250 */
  readonly pollIntervalMs?: number;
  /** @default 500, doubling per consecutive failure */
  readonly retryInitialMs?: number;
  /** @default 5000 */
  readonly retryMaxMs?: number;
  readonly functionName?: string;
  /** @default 60 */
  readonly timeoutSeconds?: number;
  readonly log?: (line: string) => void;
  /** Told each retry as it is planned, so its delay can be checked exactly rather than timed. */
  readonly onRetryPlanned?: (retry: PlannedRetry) => void;
  /**
   * When to give up on failing records, as the deployed mapping does (retryAttempts and
   * maxRecordAge in infra/constructs/notifications.ts): after this many retries of the same first
   * failing record, or once it is this old. Needs `onDeadLetter`. @default never: retried forever
   */
  readonly giveUp?: { readonly maxRetryAttempts?: number; readonly maxRecordAgeSeconds?: number };
  /** Where the records given up on are described (Lambda's failure record); until it succeeds, they are retried. */
  readonly onDeadLetter?: (failure: StreamFailureRecord) => Promise<void>;
}

/** The worker's saved positions: per stream and shard, the sequence number of the last record handled. */
export interface StreamPositionStore {
  load(streamArn: string): Promise<ReadonlyMap<string, string>>;
  save(streamArn: string, shardId: string, sequenceNumber: string): Promise<void>;
  /** Drops the position of a shard the stream no longer has. */
  forget?(streamArn: string, shardId: string): Promise<void>;
}

/** A retry the worker has scheduled after a batch did not get through. */
export interface PlannedRetry {
  readonly shardId: string;
  /** The first record to be delivered again. */
  readonly fromSequence: string | undefined;
  /** The delivery attempt the retry will be (2 for the first retry). */
  readonly attempt: number;
  /** How long the shard waits before it; it is never retried sooner. */
  readonly delayMs: number;
}

interface ShardState {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  readonly startAt: ShardIteratorType;
  iterator: string | undefined;
  /** The position saved for this shard at start, until an iterator after it was obtained (or refused). */
  resumeAfter: string | undefined;
  /** Read from the stream, not yet handled successfully; always the oldest unhandled records first. */
  pending: _Record[];
  lastReadSequence: string | undefined;
  /** The shard is closed and every record in it has been read. */
  exhausted: boolean;
  done: boolean;
  consecutiveFailures: number;
  retryAt: number;
  batchLimit: number;
  /** Records left of the batch that last threw; batches stay bisected until they are through. */
  bisectRemaining: number;
  /** The first record that failed last time, and how many times a batch starting at it was tried. */
  headSequence: string | undefined;
  headAttempts: number;
}

type AttributeJson = Record<string, unknown>;

/**
 * What DynamoDB Streams answers a GetShardIterator after a position it cannot resume from: trimmed,
 * not a sequence number of the shard, the shard gone. (DynamoDB Local answers a sequence number past
 * the shard's end with InternalFailure.)
 */
const RESUME_REFUSALS = new Set([
  'TrimmedDataAccessException',
  'ValidationException',
  'ResourceNotFoundException',
  'InternalFailure',
]);

/** The stream's attribute values as Lambda's JSON event carries them (binary as base64 text). */
export function toLambdaAttribute(value: AttributeValue): AttributeJson {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttribute) };
  const { $unknown: _unknown, ...plain } = value as AttributeValue & { $unknown?: unknown };
  // DynamoDB Local writes an empty map to its stream as `{}` without its type; real streams send
  // `{"M":{}}`. Empty sets cannot exist, so a value without a type can only be an empty map.
  if (Object.keys(plain).length === 0) return { M: {} };
  return plain;
}

function toLambdaImage(
  image: Record<string, AttributeValue> | undefined,
): Record<string, AttributeJson> | undefined {
  if (!image) return undefined;
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaAttribute(value)]));
}

/** One stream record as a Lambda DynamoDB event record. */
export function toLambdaRecord(record: _Record, eventSourceARN: string, region: string): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  const dynamodb: Record<string, unknown> = {
    ApproximateCreationDateTime: stream.ApproximateCreationDateTime
      ? Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000)
      : undefined,
    Keys: toLambdaImage(stream.Keys),
    NewImage: toLambdaImage(stream.NewImage),
    OldImage: toLambdaImage(stream.OldImage),
    SequenceNumber: stream.SequenceNumber,
    SizeBytes: stream.SizeBytes,
    StreamViewType: stream.StreamViewType,
  };
  for (const name of Object.keys(dynamodb)) if (dynamodb[name] === undefined) delete dynamodb[name];
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    // DynamoDB Local says `ddblocal`; the function should see the region it runs in, as in AWS.
    awsRegion: region,
    dynamodb,
    eventSourceARN,
    ...(record.userIdentity ? { userIdentity: { ...record.userIdentity } } : {}),
  } as DynamoDBRecord;
}

/**
 * Where to resume after a batch: the number of leading records that succeeded. Lambda's rules:
 * no failures → all of them; a failure it cannot place (empty or unknown identifier) → none.
 */
export function succeededPrefix(
  batch: readonly DynamoDBRecord[],
  response: DynamoDBBatchResponse | undefined,
) {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return batch.length;
  let first = batch.length;
  for (const failure of failures) {
    const index = batch.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier);
    if (!failure.itemIdentifier || index === -1) return 0;
    first = Math.min(first, index);
  }
  return first;
}

export function retryDelayMs(consecutiveFailures: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, consecutiveFailures - 1));
}

export class StreamWorker {
  private readonly streams: DynamoDBStreamsClient;
  private readonly shards = new Map<string, ShardState>();
  private readonly region: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly log: (line: string) => void;
  private streamArn: string | undefined;
  private handler: StreamHandler | undefined;
  private firstListing = true;
  private savedPositions: ReadonlyMap<string, string> = new Map();
  private stopped = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: StreamWorkerOptions) {
    this.region = options.region ?? 'us-east-1';
    this.streams = new DynamoDBStreamsClient({
      endpoint: options.endpoint,
      region: this.region,
      credentials: LOCAL_CREDENTIALS,
    });
    this.batchSize = options.batchSize ?? 10;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.retryInitialMs = options.retryInitialMs ?? 500;
    this.retryMaxMs = options.retryMaxMs ?? 5_000;
    this.log = options.log ?? ((line: string) => console.info(line));
  }

  /** Finds the table's stream and its shards; records written from now on will be delivered. */
  async start(): Promise<void> {
    const tables = localDynamoDbClient(this.options.endpoint);
    try {
      const { Table } = await tables.send(new DescribeTableCommand({ TableName: this.options.tableName }));
      this.streamArn = Table?.LatestStreamArn;
    } finally {
      tables.destroy();
    }
    if (!this.streamArn) throw new Error(`Table ${this.options.tableName} has no stream`);
    if (this.options.positions) this.savedPositions = await this.options.positions.load(this.streamArn);
    await this.refreshShards();
    await this.forgetVanishedShards();
    // Open shards get their iterator now, so LATEST means "from start()", not "from the first poll".
    for (const shard of this.shards.values()) {
      if (!shard.done) await this.ensureIterator(shard);
    }
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    // A handler that hangs must not keep the dev server from exiting.
    await Promise.race([this.loop, sleep(10_000)]);
    this.streams.destroy();
  }

  private async run(): Promise<void> {
    let lastListing = Date.now();
    while (!this.stopped) {
      try {
        if (Date.now() - lastListing > 1_000) {
          await this.refreshShards();
          lastListing = Date.now();
        }
        for (const shard of this.shards.values()) {
          if (this.stopped) break;
          if (this.isReady(shard)) await this.pump(shard);
        }
      } catch (error) {
        // DynamoDB Local going away (the stack stopping) or a hiccup: try again on the next tick.
        if (!this.stopped) this.log(`[stream] polling failed: ${(error as Error).name}; retrying`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Lambda reads a child shard only after its parent is finished, which keeps a key's changes in order. */
  private isReady(shard: ShardState): boolean {
    if (shard.done || Date.now() < shard.retryAt) return false;
    const parent = shard.parentShardId ? this.shards.get(shard.parentShardId) : undefined;
    return !parent || parent.done;
  }

  private async refreshShards(): Promise<void> {
    const listed: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({
          StreamArn: this.streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
      );
      listed.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);

    for (const shard of listed) {
      if (!shard.ShardId || this.shards.has(shard.ShardId)) continue;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      const atStart = this.firstListing;
      const saved = this.savedPositions.get(shard.ShardId);
      // A shard with a saved position resumes after it; one never seen starts as configured.
      const skip = atStart && closed && saved === undefined && this.options.startingPosition === 'LATEST';
      this.shards.set(shard.ShardId, {
        shardId: shard.ShardId,
        parentShardId: shard.ParentShardId,
        startAt: atStart && saved === undefined ? this.options.startingPosition : 'TRIM_HORIZON',
        iterator: undefined,
        resumeAfter: saved,
        pending: [],
        lastReadSequence: undefined,
        exhausted: skip,
        done: skip,
        consecutiveFailures: 0,
        retryAt: 0,
        batchLimit: this.batchSize,
        bisectRemaining: 0,
        headSequence: undefined,
        headAttempts: 0,
      });
    }
    this.firstListing = false;
  }

  /** Saved positions of shards the stream no longer lists (trimmed away, or of a table long gone). */
  private async forgetVanishedShards(): Promise<void> {
    const positions = this.options.positions;
    for (const shardId of this.savedPositions.keys()) {
      if (this.shards.has(shardId)) continue;
      this.log(`[stream] shard ${shardId} of the saved positions is no longer in the stream; forgetting it`);
      await positions?.forget?.(this.streamArn as string, shardId).catch(() => {});
    }
  }

  private async ensureIterator(shard: ShardState): Promise<void> {
    if (shard.iterator) return;
    if (shard.resumeAfter !== undefined && shard.lastReadSequence === undefined) {
      const after = shard.resumeAfter;
      shard.resumeAfter = undefined;
      try {
        const { ShardIterator } = await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shard.shardId,
            ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
            SequenceNumber: after,
          }),
        );
        shard.lastReadSequence = after;
        shard.iterator = ShardIterator;
        if (!ShardIterator) shard.exhausted = true;
        return;
      } catch (error) {
        // The saved record was trimmed (older than the stream keeps), or the position is not one
        // of this shard's: start from the oldest record still there, which loses nothing that can
        // still be read; the outbox keeps an email already sent from going twice.
        const name = (error as Error).name;
        if (!RESUME_REFUSALS.has(name)) throw error;
        this.log(
          `[stream] shard ${shard.shardId}: cannot resume after its saved position (${name}); reading it from its oldest record`,
        );
      }
    }
    const resume = shard.lastReadSequence !== undefined;
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shard.shardId,
        ShardIteratorType: resume ? 'AFTER_SEQUENCE_NUMBER' : shard.startAt,
        SequenceNumber: resume ? shard.lastReadSequence : undefined,
      }),
    );
    shard.iterator = ShardIterator;
    if (!ShardIterator) shard.exhausted = true;
  }

  private async read(shard: ShardState): Promise<void> {
    await this.ensureIterator(shard);
    if (!shard.iterator) return;
    try {
      const { Records, NextShardIterator } = await this.streams.send(
        new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 100 }),
      );
      shard.pending.push(...(Records ?? []));
      const last = Records?.at(-1)?.dynamodb?.SequenceNumber;
      if (last) shard.lastReadSequence = last;
      shard.iterator = NextShardIterator;
      if (!NextShardIterator) shard.exhausted = true;
    } catch (error) {
      // Iterators expire after 15 minutes, e.g. while a batch waits out a long SES outage: resume
      // right after the last record read.
      if (error instanceof ExpiredIteratorException) {
        shard.iterator = undefined;
        return;
      }
      if (error instanceof TrimmedDataAccessException) {
        this.log(`[stream] shard ${shard.shardId}: records were trimmed before they were read`);
        shard.iterator = undefined;
        shard.lastReadSequence = undefined;
        return;
      }
      throw error;
    }
  }

  private async pump(shard: ShardState): Promise<void> {
    if (shard.pending.length === 0 && !shard.exhausted) await this.read(shard);
    while (shard.pending.length > 0 && !this.stopped) {
      const size =
        shard.bisectRemaining > 0 ? Math.min(shard.batchLimit, shard.bisectRemaining) : this.batchSize;
      const records = shard.pending.slice(0, size);
      const batch = records.map((record) => toLambdaRecord(record, this.streamArn as string, this.region));
      const succeeded = await this.invoke(shard, batch);
      if (succeeded > 0) await this.savePosition(shard, records[succeeded - 1]);
      shard.pending.splice(0, succeeded);
      if (succeeded < batch.length) return;
    }
    if (shard.pending.length === 0 && shard.exhausted) shard.done = true;
  }

  /** Saves where the shard has got to; a failed save only means a restart re-delivers a batch (the outbox skips what went out). */
  private async savePosition(shard: ShardState, last: _Record | undefined): Promise<void> {
    const sequence = last?.dynamodb?.SequenceNumber;
    if (!this.options.positions || !sequence) return;
    try {
      await this.options.positions.save(this.streamArn as string, shard.shardId, sequence);
    } catch (error) {
      this.log(`[stream] could not save the position of shard ${shard.shardId} (${(error as Error).name})`);
    }
  }

  private lastLoadFailure: string | undefined;

  private async loadHandler(): Promise<StreamHandler> {
    try {
      const handler = await this.options.loadHandler();
      this.lastLoadFailure = undefined;
      return handler;
    } catch (error) {
      // A module that does not load is a code problem, not record data: say what it is, once.
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastLoadFailure) this.log(`[stream] cannot load the notifier: ${message}`);
      this.lastLoadFailure = message;
      throw error;
    }
  }

  /**
   * Runs one batch; returns how many leading records are done (delivered, or given up on and
   * dead-lettered) and schedules the retry of the rest.
   */
  private async invoke(shard: ShardState, batch: DynamoDBRecord[]): Promise<number> {
    const timeoutSeconds = this.options.timeoutSeconds ?? 60;
    const context = lambdaContext({
      functionName: this.options.functionName ?? 'clinic-local-Notifier',
      timeoutSeconds,
      memoryMb: 512,
    });
    let succeeded: number;
    let threw = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      this.handler ??= await this.loadHandler();
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Task timed out after ${timeoutSeconds} seconds`)),
          timeoutSeconds * 1000,
        );
      });
      const response = await Promise.race([this.handler({ Records: batch }, context), timedOut]);
      succeeded = succeededPrefix(batch, response);
    } catch (error) {
      threw = true;
      succeeded = 0;
      const reason = error instanceof Error ? error.name : typeof error;
      this.log(`[stream] notifier failed on a batch of ${batch.length} (${reason})`);
    } finally {
      clearTimeout(timer);
    }

    shard.bisectRemaining = Math.max(0, shard.bisectRemaining - succeeded);
    if (succeeded === batch.length) {
      shard.consecutiveFailures = 0;
      shard.headSequence = undefined;
      shard.headAttempts = 0;
      return succeeded;
    }
    const head = batch[succeeded];
    const headSequence = head?.dynamodb?.SequenceNumber;
    if (headSequence !== shard.headSequence) {
      shard.headSequence = headSequence;
      shard.headAttempts = 0;
    }
    shard.headAttempts += 1;
    const condition = this.giveUpCondition(shard, head);
    if (condition && (await this.deadLetter(shard, batch.slice(succeeded), condition, threw, context))) {
      // Skipped, as Lambda skips what it sent to the destination: the shard goes on with the next records.
      shard.consecutiveFailures = 0;
      shard.bisectRemaining = 0;
      shard.batchLimit = this.batchSize;
      shard.retryAt = 0;
      shard.headSequence = undefined;
      shard.headAttempts = 0;
      return batch.length;
    }
    shard.consecutiveFailures += 1;
    // Bisect on error, as the event source's bisectBatchOnFunctionError does: the failed batch is
    // retried in halves (and halves of those), so a record that breaks its batch ends up alone.
    if (threw) {
      shard.bisectRemaining = batch.length;
      shard.batchLimit = Math.max(1, Math.ceil(batch.length / 2));
    }
    const delay = retryDelayMs(shard.consecutiveFailures, this.retryInitialMs, this.retryMaxMs);
    shard.retryAt = Date.now() + delay;
    const retry: PlannedRetry = {
      shardId: shard.shardId,
      fromSequence: batch[succeeded]?.dynamodb?.SequenceNumber,
      attempt: shard.consecutiveFailures + 1,
      delayMs: delay,
    };
    this.options.onRetryPlanned?.(retry);
    this.log(
      `[stream] retrying from sequence ${retry.fromSequence} in ${delay} ms (attempt ${retry.attempt}, shard ${shard.shardId})`,
    );
    return succeeded;
  }

  /** Why the records from `head` on are given up on now, or undefined to retry them. */
  private giveUpCondition(
    shard: ShardState,
    head: DynamoDBRecord | undefined,
  ): StreamFailureCondition | undefined {
    const limits = this.options.giveUp;
    if (!limits || !this.options.onDeadLetter) return undefined;
    if (limits.maxRetryAttempts !== undefined && shard.headAttempts > limits.maxRetryAttempts) {
      return 'RetryAttemptsExhausted';
    }
    const created = head?.dynamodb?.ApproximateCreationDateTime;
    if (
      limits.maxRecordAgeSeconds !== undefined &&
      created !== undefined &&
      Date.now() / 1000 - created > limits.maxRecordAgeSeconds
    ) {
      return 'RecordAgeExceeded';
    }
    return undefined;
  }

  /** Hands the failure record of `records` to onDeadLetter; whether it took it. */
  private async deadLetter(
    shard: ShardState,
    records: readonly DynamoDBRecord[],
    condition: StreamFailureCondition,
    threw: boolean,
    context: Context,
  ): Promise<boolean> {
    const failure = streamFailureRecord({
      records,
      shardId: shard.shardId,
      streamArn: this.streamArn as string,
      functionArn: context.invokedFunctionArn,
      condition,
      invokeCount: shard.headAttempts,
      at: new Date(),
      functionError: threw,
    });
    try {
      await this.options.onDeadLetter?.(failure);
    } catch (error) {
      this.log(
        `[stream] could not write a dead letter (${(error as Error).name}); the records stay and are retried`,
      );
      return false;
    }
    this.log(
      `[stream] gave up on ${records.length} record(s) of shard ${shard.shardId} (${condition} after ${shard.headAttempts} attempts); their position is in the dead-letter queue: run \`npm run dlq:replay\` once the cause is fixed`,
    );
    return true;
  }
}
