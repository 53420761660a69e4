import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { retryDelayMs, succeededPrefix, toLambdaRecord } from '../../../local/stream-worker.ts';

const batch = ['100', '200', '300', '400'].map(
  (sequence) => ({ dynamodb: { SequenceNumber: sequence } }) as DynamoDBRecord,
);

describe('succeededPrefix (Lambda ReportBatchItemFailures)', () => {
  it('counts the whole batch as done when nothing failed', () => {
    expect(succeededPrefix(batch, { batchItemFailures: [] })).toBe(4);
    expect(succeededPrefix(batch, undefined)).toBe(4);
  });

  it('resumes at the lowest failed record, whatever order the failures are listed in', () => {
    expect(
      succeededPrefix(batch, { batchItemFailures: [{ itemIdentifier: '400' }, { itemIdentifier: '200' }] }),
    ).toBe(1);
    expect(succeededPrefix(batch, { batchItemFailures: [{ itemIdentifier: '100' }] })).toBe(0);
  });

  it('retries the whole batch when a failure names no record of it', () => {
    expect(succeededPrefix(batch, { batchItemFailures: [{ itemIdentifier: '' }] })).toBe(0);
    expect(
      succeededPrefix(batch, { batchItemFailures: [{ itemIdentifier: '999' }, { itemIdentifier: '300' }] }),
    ).toBe(0);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the first delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, 500, 5_000))).toEqual([
      500, 1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });
});

describe('toLambdaRecord', () => {
  it('gives the shape Lambda sends: epoch-second creation time, base64 binaries, source ARN', () => {
    const record = toLambdaRecord(
      {
        eventID: 'e1',
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'ddblocal',
        dynamodb: {
          ApproximateCreationDateTime: new Date('2026-11-24T17:00:00.900Z'),
          Keys: { pk: { S: 'LEAD#1' }, sk: { S: 'LEAD' } },
          NewImage: {
            pk: { S: 'LEAD#1' },
            n: { N: '3' },
            blob: { B: new Uint8Array([1, 2, 255]) },
            nested: { M: { list: { L: [{ BS: [new Uint8Array([0])] }, { NULL: true }] } } },
            // How DynamoDB Local's stream carries an empty map.
            empty: {} as never,
          },
          SequenceNumber: '000001',
          SizeBytes: 42,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
      'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026',
      'us-east-1',
    );
    expect(record).toEqual({
      eventID: 'e1',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.parse('2026-11-24T17:00:00Z') / 1000),
        Keys: { pk: { S: 'LEAD#1' }, sk: { S: 'LEAD' } },
        NewImage: {
          pk: { S: 'LEAD#1' },
          n: { N: '3' },
          blob: { B: 'AQL/' },
          nested: { M: { list: { L: [{ BS: ['AA=='] }, { NULL: true }] } } },
          empty: { M: {} },
        },
        SequenceNumber: '000001',
        SizeBytes: 42,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
  });
});

describe('when the local stack dead-letters a record', () => {
  it('is when the deployed mapping does: once the record is as old as NOTIFIER_STREAM.maxRecordAge', async () => {
    const { DEFAULT_GIVE_UP } = await import('../../../local/stack.ts');
    const { NOTIFIER_STREAM } = await import('../../../infra/constructs/notifications.ts');
    expect(DEFAULT_GIVE_UP.maxRecordAgeSeconds).toBe(NOTIFIER_STREAM.maxRecordAge.toSeconds());
  });
});
