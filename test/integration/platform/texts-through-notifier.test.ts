// A text end to end on the shared stack: a released reminder notice written to the table (as the
// reminder runner writes it) is picked up by the stream worker, planned by the real notifier and
// sent through the End User Messaging client to the SMS sink, from the config's origination
// identity; the booking's messages record it as an sms. A number that opted out gets nothing, the
// refusal is recorded and the notice still goes (it is never retried).
import { randomUUID } from 'node:crypto';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { MESSAGE_SORT_KEY_PREFIX } from '../../../shared/core/messages/booking-messages.ts';
import { type ReminderNotice, reminderNoticeItem } from '../../../shared/core/messages/reminder-messages.ts';
import { bookingPk } from '../../../shared/core/scheduling/booking.ts';
import { reminderNoticeKey, reminderSortKey } from '../../../shared/core/scheduling/reminders.ts';
import {
  clinicConfigInUse,
  optOutPhone,
  sinkRefusals,
  sinkTexts,
  testDynamoDb,
  testTableName,
  uniqueEmail,
  uniquePhone,
  waitForTextsTo,
} from '../support/index.ts';

const dynamoDb = testDynamoDb();
afterAll(() => dynamoDb.destroy());

async function itemOf(key: { pk: string; sk: string }) {
  const { Item } = await dynamoDb.send(
    new GetItemCommand({ TableName: testTableName(), Key: marshall(key), ConsistentRead: true }),
  );
  return Item ? unmarshall(Item) : undefined;
}

/** Waits until the notifier has deleted the notice: every message it planned is then delivered or refused. */
async function waitUntilGone(key: { pk: string; sk: string }, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await itemOf(key)) !== undefined) {
    if (Date.now() > deadline) throw new Error(`the notice was still there after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Writes a released text reminder for a booking of its own, as the runner does; returns its keys. */
async function releaseTextReminder(phone: string) {
  const bookingId = `01SMS${randomUUID().replaceAll('-', '').slice(0, 21).toUpperCase()}`;
  const start = new Date(Date.now() + 2 * 86_400_000);
  const dueAt = new Date(start.getTime() - 1_440 * 60_000);
  const notice: ReminderNotice = {
    reminderSk: reminderSortKey(bookingId, dueAt, 1440, 'sms'),
    channel: 'sms',
    offsetMinutes: 1440,
    booking: {
      id: bookingId,
      status: 'confirmed',
      typeId: 'follow-up',
      providerId: 'dr-lee',
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      name: 'Text Patient',
      email: uniqueEmail('texted'),
      phone,
      sequence: 1,
      updatedAt: new Date().toISOString(),
    },
    releasedAt: new Date().toISOString(),
    confirmUrl: `https://www.riverside-spine.example/c/${bookingId}`,
  };
  await dynamoDb.send(
    new PutItemCommand({
      TableName: testTableName(),
      Item: marshall(reminderNoticeItem(notice, new Date()), { removeUndefinedValues: true }),
    }),
  );
  return {
    noticeKey: reminderNoticeKey(bookingId, notice.reminderSk),
    trackKey: { pk: bookingPk(bookingId), sk: `${MESSAGE_SORT_KEY_PREFIX}000001#reminder_1440_sms` },
  };
}

describe('a text reminder through the notifier', () => {
  it('reaches the SMS sink once, from the configured identity, and is recorded as the booking’s sms', async () => {
    const phone = uniquePhone();
    const { noticeKey, trackKey } = await releaseTextReminder(phone);
    const [text] = await waitForTextsTo(phone);
    expect(text).toMatchObject({
      originationIdentity: clinicConfigInUse().sms?.originationIdentity,
      messageType: 'TRANSACTIONAL',
      encoding: 'GSM-7',
      segments: 1,
    });
    expect(text?.body).toMatch(/Reply STOP to opt out$/);
    expect(text?.body).not.toContain('Text Patient');
    await waitUntilGone(noticeKey);
    expect(await sinkTexts(phone)).toHaveLength(1);
    expect(await itemOf(trackKey)).toMatchObject({
      kind: 'booking-message',
      channel: 'sms',
      messageKind: 'reminder',
      recipient: 'patient',
      status: 'sent',
      attempts: 1,
    });
  });

  it('sends nothing to a number that opted out, records the refusal once and lets the notice go', async () => {
    const phone = uniquePhone();
    await optOutPhone(phone);
    const { noticeKey, trackKey } = await releaseTextReminder(phone);
    await waitUntilGone(noticeKey);
    expect(await sinkTexts(phone)).toEqual([]);
    expect(await sinkRefusals(phone)).toHaveLength(1);
    expect(await itemOf(trackKey)).toMatchObject({
      channel: 'sms',
      status: 'failed',
      error: 'opted_out',
      attempts: 1,
    });
  });
});
