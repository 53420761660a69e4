// The replay's rules without a stack (the whole path against the local stack is
// test/integration/ops/dlq-replay.test.ts): what a dead letter names, which letters are deleted and
// which kept, and where the records come from when the stream no longer has them.

import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  type DeadLetter,
  type DeadLetterQueue,
  parseReplayArguments,
  type RecordSource,
  renderReplaySummary,
  replayDeadLetters,
} from '../../../scripts/lib/dlq-replay.ts';
import {
  inSequenceRange,
  type StreamBatchInfo,
  streamBatchInfoOf,
  streamFailureRecord,
} from '../../../shared/adapters/dynamodb/stream-failures.ts';
import type { DynamoDBClient } from '../../../shared/adapters/dynamodb/wire-client.ts';
import type { SESClient } from '../../../shared/adapters/ses/wire-client.ts';

const record = (sequence: string, kind = 'unplanned', seconds = 1_800_000_000): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: sequence,
    ApproximateCreationDateTime: seconds,
    NewImage: { pk: { S: `X#${sequence}` }, sk: { S: 'X' }, kind: { S: kind } },
  },
});

describe('a stream failure record', () => {
  it('names the shard, the range and when its records arrived, as Lambda writes it, and reads back', () => {
    const failure = streamFailureRecord({
      records: [record('000000000000000000002'), record('000000000000000000004', 'unplanned', 1_800_000_060)],
      shardId: 'shardId-1',
      streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:notifier',
      condition: 'RetryAttemptsExhausted',
      invokeCount: 3,
      at: new Date('2027-01-15T08:00:00Z'),
      functionError: false,
    });
    expect(failure.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    });
    expect(streamBatchInfoOf(JSON.stringify(failure))).toEqual({
      shardId: 'shardId-1',
      startSequenceNumber: '000000000000000000002',
      endSequenceNumber: '000000000000000000004',
      approximateArrivalOfFirstRecord: '2027-01-15T08:00:00.000Z',
      approximateArrivalOfLastRecord: '2027-01-15T08:01:00.000Z',
      batchSize: 2,
      streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026',
    });
  });

  it('is refused when it is anything else', () => {
    for (const body of ['', 'not json', '{}', '{"DDBStreamBatchInfo":{"shardId":"s"}}', 'null']) {
      expect(streamBatchInfoOf(body)).toBeUndefined();
    }
  });

  it('compares sequence numbers as the long decimals they are', () => {
    const range = { startSequenceNumber: '99999999999999999999', endSequenceNumber: '100000000000000000001' };
    expect(inSequenceRange('100000000000000000000', range)).toBe(true);
    expect(inSequenceRange('9999999999999999999', range)).toBe(false);
    expect(inSequenceRange('100000000000000000002', range)).toBe(false);
  });
});

function queueOf(bodies: string[]) {
  const removed: string[] = [];
  const kept: string[] = [];
  const queue: DeadLetterQueue = {
    description: 'the test queue',
    receive: async () => bodies.map((body, index): DeadLetter => ({ id: `m${index}`, body })),
    remove: async (letter) => {
      removed.push(letter.id);
    },
    keep: async (letter) => {
      kept.push(letter.id);
    },
  };
  return { queue, removed, kept };
}

const letterFor = (start: string, end: string, arrival = '2027-01-15T08:00:00.000Z') =>
  JSON.stringify({
    DDBStreamBatchInfo: {
      shardId: 'shardId-1',
      startSequenceNumber: start,
      endSequenceNumber: end,
      approximateArrivalOfFirstRecord: arrival,
      batchSize: 1,
      streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026',
    },
  });

// The outbox's clients are never reached by records no planner plans; a failing one is a stub that
// throws, standing in for an SES outage the unit tests cannot cause.
const unusedOutbox = {
  dynamoDb: {} as DynamoDBClient,
  ses: {} as SESClient,
  tableName: 't',
  from: 'clinic@example.com',
};

describe('replayDeadLetters', () => {
  it('re-drives each letter’s records and deletes the letter once they are handled', async () => {
    const { queue, removed, kept } = queueOf([letterFor('2', '3')]);
    const asked: StreamBatchInfo[] = [];
    const records: RecordSource = {
      fromStream: async (info) => {
        asked.push(info);
        return [record('2'), record('3')];
      },
      undelivered: async () => {
        throw new Error('not needed while the stream has the records');
      },
    };
    const summary = await replayDeadLetters({ queue, records, planners: {}, outbox: unusedOutbox });
    expect(asked.map((info) => [info.startSequenceNumber, info.endSequenceNumber])).toEqual([['2', '3']]);
    expect(summary.letters).toEqual([
      expect.objectContaining({ id: 'm0', source: 'stream', records: 2, sent: 0, alreadySent: 0 }),
    ]);
    expect(removed).toEqual(['m0']);
    expect(kept).toEqual([]);
  });

  it('reads the items of the kinds that send email when the stream no longer has the records', async () => {
    const { queue, removed } = queueOf([letterFor('2', '2', '2027-01-14T08:00:00.000Z')]);
    const asked: { kinds: readonly string[]; since: Date | undefined }[] = [];
    const records: RecordSource = {
      fromStream: async () => undefined,
      undelivered: async (kinds, since) => {
        asked.push({ kinds, since });
        return [record('1')];
      },
    };
    const planners = { inquiry: { plan: () => [] }, 'booking-notice': { plan: () => [] } };
    const summary = await replayDeadLetters({ queue, records, planners, outbox: unusedOutbox });
    expect(asked).toEqual([
      { kinds: ['inquiry', 'booking-notice'], since: new Date('2027-01-14T08:00:00.000Z') },
    ]);
    expect(summary.letters[0]).toMatchObject({ source: 'table', records: 1 });
    expect(removed).toEqual(['m0']);
  });

  it('keeps a letter whose records fail again, and one that is not a stream failure record', async () => {
    const { queue, removed, kept } = queueOf(['{"something":"else"}', letterFor('5', '5')]);
    const records: RecordSource = {
      fromStream: async () => [record('5', 'mailing')],
      undelivered: async () => [],
    };
    const failing = {
      ...unusedOutbox,
      dynamoDb: {
        send: async () => {
          throw Object.assign(new Error('down'), { name: 'ServiceUnavailable' });
        },
      } as unknown as DynamoDBClient,
    };
    const planners = {
      mailing: {
        plan: () => [{ id: 'hello', to: ['a@example.com'], subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' }],
      },
    };
    const summary = await replayDeadLetters({ queue, records, planners, outbox: failing });
    expect(kept).toEqual(['m0', 'm1']);
    expect(removed).toEqual([]);
    expect(summary.letters[0]?.problem).toContain('not a stream failure record');
    expect(summary.letters[1]?.problem).toContain('failed again (ServiceUnavailable)');
    const text = renderReplaySummary(summary);
    expect(text).toContain(
      'Replayed 0 of 2 dead letter(s) from the test queue: 0 email(s) sent. 2 left in the queue.',
    );
    expect(renderReplaySummary({ queue: 'q', letters: [] })).toBe('No dead letters in q: nothing to replay.');
  });
});

describe('the replay’s arguments', () => {
  it('take a stage and, with it, another queue', () => {
    expect(parseReplayArguments([])).toEqual({});
    expect(parseReplayArguments(['--stage', 'prod', '--queue-url', 'https://sqs.example/q'])).toEqual({
      stage: 'prod',
      queueUrl: 'https://sqs.example/q',
    });
    expect(() => parseReplayArguments(['--queue-url', 'https://sqs.example/q'])).toThrow('needs --stage');
    expect(() => parseReplayArguments(['--nope'])).toThrow('Usage: npm run dlq:replay');
  });
});
