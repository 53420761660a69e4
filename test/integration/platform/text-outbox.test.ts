// Texts through the outbox against DynamoDB Local and the stack's SMS sink, with the real End User
// Messaging client: sent once and recorded on the item (`sms_<id>`), tracked for the booking's
// messages; an opted-out or invalid number recorded as a permanent failure and never tried again;
// a transient failure recorded and rethrown; and the notifier's dispatch of a stream change's
// emails and texts to their channels.
import { randomUUID } from 'node:crypto';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../local/processes.ts';
import { type DeliveryDeps, outboxDelivery } from '../../../shared/adapters/dynamodb/outbox-delivery.ts';
import { processStreamBatch } from '../../../shared/adapters/dynamodb/stream.ts';
import { deliverTextOnce, type TextOutboxDeps } from '../../../shared/adapters/dynamodb/text-outbox.ts';
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
} from '../../../shared/adapters/dynamodb/wire-client.ts';
import { SESClient } from '../../../shared/adapters/ses/wire-client.ts';
import { PinpointSMSVoiceV2Client } from '../../../shared/adapters/sms/wire-client.ts';
import { messageFromItem, messageTrack } from '../../../shared/core/messages/booking-messages.ts';
import type { OutgoingEmail, OutgoingText } from '../../../shared/core/messages/message.ts';
import type { PlannerRegistration } from '../../../shared/core/messages/planner.ts';
import {
  localStack,
  optOutPhone,
  sinkRefusals,
  sinkSmsClient,
  sinkTexts,
  testStoreDynamoDb,
  testTableName,
  uniqueEmail,
  uniquePhone,
  waitForEmailsTo,
} from '../support/index.ts';

const dynamoDb = testStoreDynamoDb();
const sms = sinkSmsClient();
const ses = new SESClient({
  endpoint: localStack().sesUrl,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});
afterAll(() => {
  dynamoDb.destroy();
  sms.destroy();
  ses.destroy();
});

const ORIGIN = '+12015550100';
const NOW = new Date('2026-11-30T14:00:00.000Z');

const textDeps = (client = sms): TextOutboxDeps => ({
  dynamoDb,
  tableName: testTableName(),
  texts: { client, originationIdentity: ORIGIN },
  now: () => NOW,
});

const deliveryDeps = (withTexts = true): DeliveryDeps => ({
  dynamoDb,
  ses,
  tableName: testTableName(),
  from: 'Test Clinic <appointments@clinic.example>',
  ...(withTexts ? { texts: { client: sms, originationIdentity: ORIGIN } } : {}),
  now: () => NOW,
});

const text = (to: string, extra: Partial<OutgoingText> = {}): OutgoingText => ({
  channel: 'sms',
  id: 'reminder-1440',
  to,
  body: 'Riverside Spine: appointment Tue, Dec 1 at 9:00 AM. Reply STOP to opt out',
  ...extra,
});

async function putItem(extra: Record<string, unknown> = {}): Promise<{ pk: string; sk: string }> {
  const key = { pk: `TESTTEXT#${randomUUID()}`, sk: 'TESTTEXT' };
  await dynamoDb.send(
    new PutItemCommand({
      TableName: testTableName(),
      Item: marshall({ ...key, kind: 'test-text', ...extra }),
    }),
  );
  return key;
}

async function itemOf(key: { pk: string; sk: string }) {
  const result = await dynamoDb.send(
    new GetItemCommand({ TableName: testTableName(), Key: marshall(key), ConsistentRead: true }),
  );
  return result.Item ? unmarshall(result.Item) : undefined;
}

describe('text outbox', () => {
  it('sends a text once, from the configured identity as TRANSACTIONAL, and records it on the item', async () => {
    const key = await putItem();
    const to = uniquePhone();
    expect(await deliverTextOnce(textDeps(), key, text(to))).toBe('sent');
    expect(await deliverTextOnce(textDeps(), key, text(to))).toBe('already-sent');
    const sent = await sinkTexts(to);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      body: 'Riverside Spine: appointment Tue, Dec 1 at 9:00 AM. Reply STOP to opt out',
      originationIdentity: ORIGIN,
      messageType: 'TRANSACTIONAL',
      configurationSetName: null,
    });
    const item = await itemOf(key);
    expect(item?.sms_reminder_1440).toEqual({
      status: 'sent',
      at: NOW.toISOString(),
      attempts: 1,
      messageId: sent[0]?.messageId,
    });
    // Its own attribute: an email of the same id would be another message.
    expect(item?.email_reminder_1440).toBeUndefined();
  });

  it("keeps the state where the text asked, as an sms message of the booking's", async () => {
    const key = await putItem();
    const bookingId = `01TEXT${randomUUID().replaceAll('-', '').slice(0, 20).toUpperCase()}`;
    const track = messageTrack(
      bookingId,
      3,
      { id: 'reminder-1440-sms', kind: 'reminder', recipient: 'patient', channel: 'sms' },
      new Date('2033-12-01T00:00:00.000Z'),
    );
    expect(
      await deliverTextOnce(textDeps(), key, text(uniquePhone(), { id: 'reminder-1440-sms', track })),
    ).toBe('sent');
    const tracked = await itemOf({ pk: track.pk, sk: track.sk });
    expect(tracked).toMatchObject({ channel: 'sms', status: 'sent', attempts: 1, bookingId });
    expect(messageFromItem(tracked ?? {})).toEqual({
      channel: 'sms',
      kind: 'reminder',
      recipient: 'patient',
      status: 'sent',
      at: NOW,
    });
  });

  it('records an opted-out number as a permanent failure, without throwing, and never tries it again', async () => {
    const key = await putItem();
    const to = uniquePhone();
    await optOutPhone(to);
    const bookingId = `01OPT${randomUUID().replaceAll('-', '').slice(0, 21).toUpperCase()}`;
    const track = messageTrack(
      bookingId,
      1,
      { id: 'reminder-1440', kind: 'reminder', recipient: 'patient', channel: 'sms' },
      new Date('2033-12-01T00:00:00.000Z'),
    );
    expect(await deliverTextOnce(textDeps(), key, text(to, { track }))).toBe('opted-out');
    // The same item processed again (a retried batch, a replayed record): no second attempt.
    expect(await deliverTextOnce(textDeps(), key, text(to, { track }))).toBe('already-refused');
    expect(await sinkRefusals(to)).toHaveLength(1);
    expect(await sinkTexts(to)).toEqual([]);
    expect((await itemOf(key))?.sms_reminder_1440).toEqual({
      status: 'failed',
      at: NOW.toISOString(),
      attempts: 1,
      error: 'opted_out',
      reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
      permanent: true,
    });
    expect(await itemOf({ pk: track.pk, sk: track.sk })).toMatchObject({
      channel: 'sms',
      status: 'failed',
      error: 'opted_out',
      attempts: 1,
    });
  });

  it('records a number the service refuses as invalid as a permanent failure too', async () => {
    const key = await putItem();
    expect(await deliverTextOnce(textDeps(), key, text('2015550123'))).toBe('invalid');
    expect(await deliverTextOnce(textDeps(), key, text('2015550123'))).toBe('already-refused');
    expect((await itemOf(key))?.sms_reminder_1440).toMatchObject({
      status: 'failed',
      error: 'invalid',
      reason: 'INVALID_PARAMETER',
      permanent: true,
      attempts: 1,
    });
  });

  it('records a transient failure and rethrows it, then sends on the next try', async () => {
    const key = await putItem();
    const to = uniquePhone();
    // A real client pointed where nothing listens: the service unreachable, as in an outage.
    const unreachable = new PinpointSMSVoiceV2Client({
      endpoint: `http://127.0.0.1:${await freePort()}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    try {
      await expect(deliverTextOnce(textDeps(unreachable), key, text(to))).rejects.toThrow();
    } finally {
      unreachable.destroy();
    }
    const failed = (await itemOf(key))?.sms_reminder_1440;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.permanent).toBeUndefined();
    expect(await deliverTextOnce(textDeps(), key, text(to))).toBe('sent');
    expect((await itemOf(key))?.sms_reminder_1440).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await sinkTexts(to)).toHaveLength(1);
  });

  it('sends nothing for an item that no longer exists', async () => {
    const key = await putItem();
    await dynamoDb.send(new DeleteItemCommand({ TableName: testTableName(), Key: marshall(key) }));
    const to = uniquePhone();
    expect(await deliverTextOnce(textDeps(), key, text(to))).toBe('item-gone');
    // The send is synchronous: had it gone out, the sink would hold it by now.
    expect(await sinkTexts(to)).toEqual([]);
  });
});

/** A stream record of an item as it is in the table now (an INSERT, as the notifier gets it). */
async function insertRecord(key: { pk: string; sk: string }, sequence: string): Promise<DynamoDBRecord> {
  const { Item } = await dynamoDb.send(
    new GetItemCommand({ TableName: testTableName(), Key: marshall(key), ConsistentRead: true }),
  );
  return {
    eventID: sequence,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: { SequenceNumber: sequence, StreamViewType: 'NEW_AND_OLD_IMAGES', NewImage: Item as never },
  };
}

describe("the notifier's dispatch by channel", () => {
  const planned = (change: Parameters<PlannerRegistration['plan']>[0]) => {
    const item = change.newItem as { email: string; phone: string };
    const email: OutgoingEmail = {
      id: 'reminder-1440',
      to: [item.email],
      subject: 'Reminder: your appointment on Tue, Dec 1 at 9:00 AM',
      text: 'See you soon.',
      html: '<p>See you soon.</p>',
    };
    return [email, text(item.phone)];
  };

  it("sends each change's email through SES and its text through SMS, once however often the record comes", async () => {
    const to = { email: uniqueEmail('reminded'), phone: uniquePhone() };
    const key = await putItem(to);
    const record = await insertRecord(key, '9001');
    const planners = { 'test-text': { plan: planned } };
    const delivery = outboxDelivery(deliveryDeps());
    expect(await processStreamBatch([record], planners, delivery)).toEqual({ batchItemFailures: [] });
    expect(await processStreamBatch([record], planners, delivery)).toEqual({ batchItemFailures: [] });
    expect(await sinkTexts(to.phone)).toHaveLength(1);
    expect(await waitForEmailsTo(to.email)).toHaveLength(1);
    const item = await itemOf(key);
    expect(item?.email_reminder_1440).toMatchObject({ status: 'sent' });
    expect(item?.sms_reminder_1440).toMatchObject({ status: 'sent' });
  });

  it('lets an opted-out text through the batch (not retried) and then deletes an outbox-only item', async () => {
    const to = { email: uniqueEmail('opted-out'), phone: uniquePhone() };
    await optOutPhone(to.phone);
    const key = await putItem(to);
    const record = await insertRecord(key, '9002');
    const planners = { 'test-text': { plan: planned, deleteItemWhenDelivered: true } };
    expect(await processStreamBatch([record], planners, outboxDelivery(deliveryDeps()))).toEqual({
      batchItemFailures: [],
    });
    expect(await itemOf(key)).toBeUndefined();
    expect(await sinkRefusals(to.phone)).toHaveLength(1);
    expect(await waitForEmailsTo(to.email)).toHaveLength(1);
  });

  it('fails the record, naming the cause, when a text is planned where texts are not configured', async () => {
    const to = { email: uniqueEmail('unconfigured'), phone: uniquePhone() };
    const key = await putItem(to);
    const record = await insertRecord(key, '9003');
    const planners = { 'test-text': { plan: () => [text(to.phone)] } };
    const result = await processStreamBatch([record], planners, outboxDelivery(deliveryDeps(false)));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '9003' }]);
    expect(await sinkTexts(to.phone)).toEqual([]);
    expect((await itemOf(key))?.sms_reminder_1440).toBeUndefined();
  });
});
