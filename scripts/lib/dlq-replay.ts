// `npm run dlq:replay`: re-drives the stream records the notifier gave up on, once the cause is
// fixed. A dead letter names a shard and a sequence-number range, not the records: they are read
// back from the stream (AT_SEQUENCE_NUMBER) while it still has them (24 hours) and handed to the
// notifier's own code (processStreamBatch, the planners, the outbox). The outbox records delivery
// per email on its item, so an email that went out before is skipped, and a replay run twice sends
// nothing twice. After 24 hours the records are gone: the items of the kinds that send email are
// read instead (a Scan: keys are not in the dead letter) and those with an email that failed and
// was never sent are re-driven as if just written. A dead letter is deleted only once all of its
// records are handled; one that fails again stays for the next run.
import { parseArgs } from 'node:util';
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { LocalDeadLetterQueue } from '../../local/dead-letters.ts';
import { toLambdaRecord } from '../../local/stream-worker.ts';
import {
  DELIVERY_ATTRIBUTE_PREFIX,
  type DeliveryOutcome,
  type DeliveryState,
  deleteDelivered,
  deliverOnce,
} from '../../shared/adapters/dynamodb/outbox.ts';
import { type DeliveryDeps, deliverText } from '../../shared/adapters/dynamodb/outbox-delivery.ts';
import { processStreamBatch, type StreamDeps } from '../../shared/adapters/dynamodb/stream.ts';
import {
  inSequenceRange,
  type StreamBatchInfo,
  streamBatchInfoOf,
} from '../../shared/adapters/dynamodb/stream-failures.ts';
import { SESClient } from '../../shared/adapters/ses/wire-client.ts';
import { textChannel } from '../../shared/adapters/sms/send.ts';
import { PinpointSMSVoiceV2Client } from '../../shared/adapters/sms/wire-client.ts';
import { messagePlanners } from '../../shared/app/notifications/planners.ts';
import { isText } from '../../shared/core/messages/message.ts';
import type { PlannerRegistration } from '../../shared/core/messages/planner.ts';
import {
  dynamoDbFor,
  operatorCredentials,
  sdkDynamoDbFor,
  type Target,
  TargetError,
  UsageError,
  unreachable,
} from './targets.ts';

export const REPLAY_USAGE = `Usage: npm run dlq:replay -- [--stage NAME] [--queue-url URL]

Re-drives the stream records the notifier gave up on (its dead-letter queue), once the cause is
fixed: each email not sent yet is sent, once; one already sent is not sent again.
  --stage NAME      the deployed stage: its queue, table and stream from the stack's outputs,
                    with your AWS credentials; without it, the local stack's dead-letter table
                    (DYNAMODB_PORT, SES_PORT, TABLE_NAME)
  --queue-url URL   another queue than the stage's DeadLetterQueueUrl output`;

export interface ReplayArguments {
  readonly stage?: string;
  readonly queueUrl?: string;
}

export function parseReplayArguments(argv: readonly string[]): ReplayArguments {
  let values: { stage?: string; 'queue-url'?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { stage: { type: 'string' }, 'queue-url': { type: 'string' } },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${REPLAY_USAGE}`);
  }
  if (values['queue-url'] !== undefined && values.stage === undefined) {
    throw new UsageError(`--queue-url needs --stage (the local stack has no SQS)\n\n${REPLAY_USAGE}`);
  }
  return {
    ...(values.stage === undefined ? {} : { stage: values.stage }),
    ...(values['queue-url'] === undefined ? {} : { queueUrl: values['queue-url'] }),
  };
}

/** One message of a dead-letter queue: its id and the failure record Lambda wrote. */
export interface DeadLetter {
  readonly id: string;
  readonly body: string;
}

export interface DeadLetterQueue {
  /** What the tool prints for it. */
  readonly description: string;
  /** Every message there is now, oldest first where the queue knows. */
  receive(): Promise<DeadLetter[]>;
  /** The message's records are handled: it goes. */
  remove(letter: DeadLetter): Promise<void>;
  /** The message stays (for the next run): make it visible again now. */
  keep(letter: DeadLetter): Promise<void>;
}

/** Where the records of a dead letter come from. */
export interface RecordSource {
  /** The records of the range, as Lambda hands them over; undefined when the stream no longer has them. */
  fromStream(info: StreamBatchInfo): Promise<DynamoDBRecord[] | undefined>;
  /** The items of these kinds with an email that failed (at or after `since`) and was never sent, as fresh inserts. */
  undelivered(kinds: readonly string[], since: Date | undefined): Promise<DynamoDBRecord[]>;
}

export interface ReplayDeps {
  readonly queue: DeadLetterQueue;
  readonly records: RecordSource;
  readonly planners: Readonly<Record<string, PlannerRegistration>>;
  /** The notifier's outbox: emails, and texts when the deployment sends them. */
  readonly outbox: DeliveryDeps;
}

export interface LetterOutcome {
  readonly id: string;
  readonly info: StreamBatchInfo | undefined;
  readonly source: 'stream' | 'table' | 'none';
  readonly records: number;
  readonly sent: number;
  readonly alreadySent: number;
  /** Why it stays in the queue; absent: handled and deleted. */
  readonly problem?: string;
}

export interface ReplaySummary {
  readonly queue: string;
  readonly letters: readonly LetterOutcome[];
}

/** The outbox as the notifier uses it, counting what each delivery came to (and the last failure). */
function countingDelivery(outbox: DeliveryDeps) {
  const counts: Record<DeliveryOutcome, number> = { sent: 0, 'already-sent': 0, 'item-gone': 0 };
  let failure: string | undefined;
  const deps: StreamDeps = {
    deliver: async (key, message) => {
      try {
        if (isText(message)) {
          // A text refused for good (opted out, invalid) is handled: it is never retried.
          const outcome = await deliverText(outbox, key, message);
          counts[outcome === 'sent' ? 'sent' : outcome === 'already-sent' ? 'already-sent' : 'item-gone'] +=
            1;
          return;
        }
        counts[await deliverOnce(outbox, key, message)] += 1;
      } catch (error) {
        failure = error instanceof Error ? error.name : 'Error';
        throw error;
      }
    },
    deleteItem: (key) => deleteDelivered(outbox, key),
  };
  return { deps, counts, failure: () => failure };
}

export async function replayDeadLetters(deps: ReplayDeps): Promise<ReplaySummary> {
  const letters: LetterOutcome[] = [];
  for (const letter of await deps.queue.receive()) {
    const info = streamBatchInfoOf(letter.body);
    if (!info) {
      await deps.queue.keep(letter);
      letters.push({
        id: letter.id,
        info,
        source: 'none',
        records: 0,
        sent: 0,
        alreadySent: 0,
        problem: 'not a stream failure record (no DDBStreamBatchInfo): left for a person to look at',
      });
      continue;
    }
    const fromStream = await deps.records.fromStream(info);
    const since = info.approximateArrivalOfFirstRecord
      ? new Date(info.approximateArrivalOfFirstRecord)
      : undefined;
    const records = fromStream ?? (await deps.records.undelivered(Object.keys(deps.planners), since));
    const delivery = countingDelivery(deps.outbox);
    const result = await processStreamBatch(records, deps.planners, delivery.deps);
    const outcome = {
      id: letter.id,
      info,
      source: fromStream ? ('stream' as const) : ('table' as const),
      records: records.length,
      sent: delivery.counts.sent,
      alreadySent: delivery.counts['already-sent'],
    };
    if (result.batchItemFailures.length > 0) {
      await deps.queue.keep(letter);
      letters.push({
        ...outcome,
        problem: `${result.batchItemFailures.length} of its records failed again (${delivery.failure() ?? 'see the log above'}): fix the cause and run this again`,
      });
    } else {
      await deps.queue.remove(letter);
      letters.push(outcome);
    }
  }
  return { queue: deps.queue.description, letters };
}

/** What the tool prints: one line per dead letter, then the totals. */
export function renderReplaySummary(summary: ReplaySummary): string {
  if (summary.letters.length === 0) return `No dead letters in ${summary.queue}: nothing to replay.`;
  const lines = summary.letters.map((letter) => {
    const where = letter.info
      ? `shard ${letter.info.shardId}, records ${letter.info.startSequenceNumber}..${letter.info.endSequenceNumber}`
      : `message ${letter.id}`;
    const read =
      letter.source === 'stream'
        ? `${letter.records} record(s) read back from the stream`
        : letter.source === 'table'
          ? `gone from the stream (over 24 h): ${letter.records} item(s) with an email never sent, read from the table`
          : 'nothing read';
    const emails = `${letter.sent} email(s) sent, ${letter.alreadySent} already sent before`;
    return letter.problem
      ? `✗ ${where}: ${read}; ${emails}; ${letter.problem}`
      : `✓ ${where}: ${read}; ${emails}; removed from the queue`;
  });
  const handled = summary.letters.filter((letter) => !letter.problem).length;
  const sent = summary.letters.reduce((sum, letter) => sum + letter.sent, 0);
  lines.push(
    `Replayed ${handled} of ${summary.letters.length} dead letter(s) from ${summary.queue}: ${sent} email(s) sent.${handled < summary.letters.length ? ` ${summary.letters.length - handled} left in the queue.` : ''}`,
  );
  return lines.join('\n');
}

/** The dead letters of an SQS queue (the deployed notifier's). */
export function sqsDeadLetters(sqs: SQSClient, queueUrl: string): DeadLetterQueue {
  const receipts = new Map<string, string>();
  return {
    description: queueUrl,
    receive: async () => {
      const letters: DeadLetter[] = [];
      for (;;) {
        const answer = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            // Long enough for this run to handle them; kept ones are made visible again at once.
            VisibilityTimeout: 900,
          }),
        );
        const messages = answer.Messages ?? [];
        if (messages.length === 0) return letters;
        for (const message of messages) {
          if (!message.MessageId || !message.ReceiptHandle) continue;
          receipts.set(message.MessageId, message.ReceiptHandle);
          letters.push({ id: message.MessageId, body: message.Body ?? '' });
        }
      }
    },
    remove: async (letter) => {
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receipts.get(letter.id) }),
      );
    },
    keep: async (letter) => {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receipts.get(letter.id),
          VisibilityTimeout: 0,
        }),
      );
    },
  };
}

/** The local stack's dead-letter table (see local/dead-letters.ts). */
export function localDeadLetters(queue: LocalDeadLetterQueue): DeadLetterQueue {
  return {
    description: `the local dead-letter table ${queue.queueTable}`,
    receive: () => queue.receive(),
    remove: (letter) => queue.delete(letter.id),
    keep: async () => {},
  };
}

/** Reads a dead letter's records from the table's stream, or the table itself once they are gone. */
export function tableRecords(
  streams: DynamoDBStreamsClient,
  dynamoDb: DynamoDBClient,
  tableName: string,
  region: string,
): RecordSource {
  return {
    fromStream: async (info) => {
      let iterator: string | undefined;
      try {
        ({ ShardIterator: iterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: info.streamArn,
            ShardId: info.shardId,
            ShardIteratorType: 'AT_SEQUENCE_NUMBER',
            SequenceNumber: info.startSequenceNumber,
          }),
        ));
      } catch (error) {
        // Past the stream's 24 hours, or a stream (a local table) that no longer exists.
        if (error instanceof TrimmedDataAccessException || error instanceof ResourceNotFoundException) {
          return undefined;
        }
        throw error;
      }
      const found: _Record[] = [];
      let emptyReads = 0;
      // A read can come back empty short of the end of an open shard: a few are allowed.
      while (iterator && emptyReads < 5) {
        const answer = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
        const records = answer.Records ?? [];
        emptyReads = records.length === 0 ? emptyReads + 1 : 0;
        let past = false;
        for (const record of records) {
          const sequence = record.dynamodb?.SequenceNumber;
          if (!sequence) continue;
          if (BigInt(sequence) > BigInt(info.endSequenceNumber)) past = true;
          else if (inSequenceRange(sequence, info)) found.push(record);
        }
        if (past || (info.batchSize > 0 && found.length >= info.batchSize)) break;
        iterator = answer.NextShardIterator;
      }
      if (found.length === 0) return undefined;
      return found.map((record) => toLambdaRecord(record, info.streamArn, region));
    },
    undelivered: async (kinds, since) => {
      const records: DynamoDBRecord[] = [];
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const answer = await dynamoDb.send(
          new ScanCommand({
            TableName: tableName,
            FilterExpression: `#kind IN (${kinds.map((_, i) => `:k${i}`).join(', ')})`,
            ExpressionAttributeNames: { '#kind': 'kind' },
            ExpressionAttributeValues: Object.fromEntries(kinds.map((kind, i) => [`:k${i}`, { S: kind }])),
            ConsistentRead: true,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const item of answer.Items ?? []) {
          if (!hasUnsentFailure(item, since)) continue;
          const { pk, sk } = item;
          if (!pk || !sk) continue;
          records.push(
            toLambdaRecord(
              {
                eventID: `replay-${records.length}`,
                eventName: 'INSERT',
                eventVersion: '1.1',
                dynamodb: {
                  Keys: { pk, sk },
                  NewImage: item,
                  SequenceNumber: String(records.length + 1),
                  StreamViewType: 'NEW_AND_OLD_IMAGES',
                },
              } as _Record,
              `arn:aws:dynamodb:${region}:table/${tableName}/replay`,
              region,
            ),
          );
        }
        startKey = answer.LastEvaluatedKey;
      } while (startKey);
      return records;
    },
  };
}

/** An item one of whose emails failed (at or after `since`) and was never sent. */
function hasUnsentFailure(item: Record<string, AttributeValue>, since: Date | undefined): boolean {
  return Object.entries(item).some(([name, value]) => {
    if (!name.startsWith(DELIVERY_ATTRIBUTE_PREFIX) || !value.M) return false;
    const state = value.M as Record<string, AttributeValue>;
    const status = state.status?.S as DeliveryState['status'] | undefined;
    const at = state.at?.S;
    return (
      status === 'failed' && (!since || (at !== undefined && Date.parse(at) >= since.getTime() - 60_000))
    );
  });
}

/** Everything a replay needs for the target, and what to close afterwards. */
export async function replayFor(args: ReplayArguments, target: Target): Promise<ReplaySummary> {
  const dynamoDb = dynamoDbFor(target);
  const table = sdkDynamoDbFor(target);
  const clientOptions = {
    region: target.region,
    ...(target.credentials ? { credentials: target.credentials } : {}),
  };
  const streams = new DynamoDBStreamsClient({
    ...clientOptions,
    ...(target.dynamoEndpoint ? { endpoint: target.dynamoEndpoint } : {}),
  });
  // The functions' own SES and SMS clients, with the operator's credentials.
  const ses = new SESClient({
    region: target.region,
    credentials: operatorCredentials(target),
    ...(target.sesEndpoint ? { endpoint: target.sesEndpoint } : {}),
    maxAttempts: 3,
  });
  const sms = target.config.sms
    ? new PinpointSMSVoiceV2Client({
        region: target.region,
        credentials: operatorCredentials(target),
        ...(target.smsEndpoint ? { endpoint: target.smsEndpoint } : {}),
        maxAttempts: 2,
      })
    : undefined;
  const sqs = target.local ? undefined : new SQSClient(clientOptions);
  try {
    let queue: DeadLetterQueue;
    if (sqs) {
      const queueUrl = args.queueUrl ?? target.deadLetterQueueUrl;
      if (!queueUrl)
        throw new TargetError(`Stage ${target.name} has no DeadLetterQueueUrl output: pass --queue-url`);
      queue = sqsDeadLetters(sqs, queueUrl);
    } else {
      queue = localDeadLetters(new LocalDeadLetterQueue(table, target.tableName));
    }
    return await replayDeadLetters({
      queue,
      records: tableRecords(streams, table, target.tableName, target.region),
      planners: messagePlanners(() => target.config),
      outbox: {
        dynamoDb,
        ses,
        tableName: target.tableName,
        from: target.config.email.from,
        ...(sms && target.config.sms
          ? { texts: textChannel(target.config.sms, sms) as NonNullable<DeliveryDeps['texts']> }
          : {}),
        ...(target.sesConfigurationSet ? { configurationSetName: target.sesConfigurationSet } : {}),
      },
    });
  } catch (error) {
    throw unreachable(target, error);
  } finally {
    for (const client of [dynamoDb, table, streams, ses, sqs, sms]) client?.destroy();
  }
}
