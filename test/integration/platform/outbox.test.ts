// deliverOnce against DynamoDB Local and the SES emulator: sent once, recorded on the item, a
// failure recorded and rethrown so the stream batch is retried.
import { randomUUID } from 'node:crypto';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { deliverOnce, type OutboxDeps } from '../../../shared/adapters/dynamodb/outbox.ts';
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '../../../shared/adapters/dynamodb/wire-client.ts';
import { SESClient } from '../../../shared/adapters/ses/wire-client.ts';
import type { OutgoingEmail } from '../../../shared/core/messages/message.ts';
import {
  emailsToOnceHandled,
  localStack,
  sesEmails,
  testStoreDynamoDb,
  testTableName,
  uniqueEmail,
  waitForEmailsTo,
  withSesOutage,
} from '../support/index.ts';

const dynamoDb = testStoreDynamoDb();
const sesClient = (endpoint: string) =>
  new SESClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
// Through the outage switch, so a test can make SES fail the way a real outage would (503).
const ses = sesClient(localStack().sesOutageUrl);
afterAll(() => {
  dynamoDb.destroy();
  ses.destroy();
});

const deps = (): OutboxDeps => ({
  dynamoDb,
  ses,
  tableName: testTableName(),
  from: 'Test Clinic <appointments@clinic.example>',
  now: () => new Date('2026-11-24T12:00:00.000Z'),
});

async function putNote(): Promise<{ pk: string; sk: string }> {
  const key = { pk: `TESTNOTE#${randomUUID()}`, sk: 'TESTNOTE' };
  await dynamoDb.send(
    new PutItemCommand({
      TableName: testTableName(),
      Item: { pk: { S: key.pk }, sk: { S: key.sk }, kind: { S: 'test-note' } },
    }),
  );
  return key;
}

async function itemOf(key: { pk: string; sk: string }) {
  const result = await dynamoDb.send(
    new GetItemCommand({
      TableName: testTableName(),
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConsistentRead: true,
    }),
  );
  return result.Item ? unmarshall(result.Item) : undefined;
}

const message = (to: string): OutgoingEmail => ({
  id: 'staff',
  to: [to],
  replyTo: 'patient@example.com',
  subject: 'New website inquiry',
  text: 'A new inquiry arrived.',
  html: '<p>A new inquiry arrived.</p>',
  calendar: {
    method: 'REQUEST',
    content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n',
    filename: 'invite.ics',
  },
});

describe('outbox delivery', () => {
  it('sends an email once and records it on the item; a retry skips it', async () => {
    const key = await putNote();
    const to = uniqueEmail('desk');
    expect(await deliverOnce(deps(), key, message(to))).toBe('sent');
    expect(await deliverOnce(deps(), key, message(to))).toBe('already-sent');
    const [email] = await waitForEmailsTo(to);
    expect(email?.subject).toBe('New website inquiry');
    expect(email?.replyTo).toContain('patient@example.com');
    expect(
      email?.attachments.some(
        (a) => a.contentType.startsWith('text/calendar') || a.filename === 'invite.ics',
      ),
    ).toBe(true);
    expect((await sesEmails()).filter((e) => e.destination.to.some((t) => t.includes(to)))).toHaveLength(1);
    expect((await itemOf(key))?.email_staff).toMatchObject({
      status: 'sent',
      attempts: 1,
      at: '2026-11-24T12:00:00.000Z',
    });
  });

  it('records a failed attempt and rethrows, then sends on the next try', async () => {
    const key = await putNote();
    const to = uniqueEmail('desk');
    await withSesOutage(async () => {
      await expect(deliverOnce(deps(), key, message(to))).rejects.toThrow();
    });
    expect((await itemOf(key))?.email_staff).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await deliverOnce(deps(), key, message(to))).toBe('sent');
    expect((await itemOf(key))?.email_staff).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await waitForEmailsTo(to)).toHaveLength(1);
  });

  it('never records a failure over a success another run recorded meanwhile', async () => {
    const key = await putNote();
    // A stand-in SES client, because the race cannot be produced on demand with the real emulator:
    // while this run's send fails, a concurrent run of the same record succeeds and records it.
    const racingSes = {
      send: async () => {
        await dynamoDb.send(
          new UpdateItemCommand({
            TableName: testTableName(),
            Key: { pk: { S: key.pk }, sk: { S: key.sk } },
            UpdateExpression: 'SET email_staff = :sent',
            ExpressionAttributeValues: marshall({
              ':sent': { status: 'sent', at: '2026-11-24T11:59:00.000Z', attempts: 1 },
            }),
          }),
        );
        throw Object.assign(new Error('throttled'), { name: 'Throttling' });
      },
    } as unknown as SESClient;
    await expect(
      deliverOnce({ ...deps(), ses: racingSes }, key, message(uniqueEmail('desk'))),
    ).rejects.toThrow('throttled');
    expect((await itemOf(key))?.email_staff).toMatchObject({
      status: 'sent',
      at: '2026-11-24T11:59:00.000Z',
    });
  });

  it('sends nothing for an item that no longer exists', async () => {
    const key = await putNote();
    await dynamoDb.send(
      new DeleteItemCommand({ TableName: testTableName(), Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
    );
    const to = uniqueEmail('desk');
    expect(await deliverOnce(deps(), key, message(to))).toBe('item-gone');
    // The marker is a send after it through the same client: once that is in, this one would be too.
    const sendMarker = async () => {
      const markerTo = uniqueEmail('marker');
      expect(await deliverOnce(deps(), await putNote(), message(markerTo))).toBe('sent');
      return markerTo;
    };
    expect(await emailsToOnceHandled(to, { marker: sendMarker })).toEqual([]);
  });
});
