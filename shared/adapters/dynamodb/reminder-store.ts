// The DynamoDB side of the reminder runner: one Query of the pending-reminders partition for what
// is due, and per due reminder one transaction that deletes its pending item and writes its notice
// only while the booking is confirmed at the reminder's start. A cancel or a move deletes the
// pending item in its own transaction, so the two serialize on that item: whichever commits first
// wins, and a cancelled booking never gets a notice written after its cancellation.

import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AgendaStore, PendingReminder, ReminderStore } from '../../app/reminders/ports.ts';
import {
  type AgendaNotice,
  agendaKeys,
  agendaMarkerItem,
  agendaNoticeItem,
} from '../../core/messages/agenda-messages.ts';
import { type ReminderNotice, reminderNoticeItem } from '../../core/messages/reminder-messages.ts';
import { BOOKING_SORT_KEY, type Booking, bookingPk } from '../../core/scheduling/booking.ts';
import { linkKey, REMINDERS_PK } from '../../core/scheduling/reminders.ts';
import { type ShortLink, shortLinkItem } from '../../core/scheduling/short-links.ts';
import { DynamoAgenda, queryAll } from './agenda.ts';
import { DynamoBookingStore } from './booking-store.ts';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
} from './wire-client.ts';

function pendingFromItem(item: Record<string, unknown>): PendingReminder | undefined {
  const channel = item.channel;
  if (channel !== 'email' && channel !== 'sms') return undefined;
  if (typeof item.sk !== 'string' || typeof item.bookingId !== 'string') return undefined;
  return {
    sk: item.sk,
    bookingId: item.bookingId,
    start: new Date(String(item.start)),
    dueAt: new Date(String(item.dueAt)),
    channel,
    offsetMinutes: Number(item.offsetMinutes),
  };
}

const isCancelled = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'TransactionCanceledException' || error.name === 'ConditionalCheckFailedException');

export class DynamoReminderStore implements ReminderStore, AgendaStore {
  private readonly agendaReader: DynamoAgenda;
  private readonly bookingStore: DynamoBookingStore;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.agendaReader = new DynamoAgenda(client, tableName);
    this.bookingStore = new DynamoBookingStore(client, tableName);
  }

  async due(now: Date): Promise<PendingReminder[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      // Sort keys start with the due instant (ISO, so they sort as time); '~' sorts after the '#' that follows it.
      KeyConditionExpression: 'pk = :pk AND sk <= :upTo',
      ExpressionAttributeValues: marshall({ ':pk': REMINDERS_PK, ':upTo': `${now.toISOString()}~` }),
      ConsistentRead: true,
    });
    return items.flatMap((item) => pendingFromItem(item) ?? []);
  }

  booking(id: string): Promise<Booking | undefined> {
    return this.bookingStore.get(id);
  }

  async manageToken(bookingId: string): Promise<string | undefined> {
    const result = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(linkKey(bookingId)),
        ConsistentRead: true,
      }),
    );
    const token = result.Item ? unmarshall(result.Item).manageToken : undefined;
    return typeof token === 'string' ? token : undefined;
  }

  async release(
    reminder: PendingReminder,
    notice: ReminderNotice,
    now: Date,
    shortLink?: ShortLink,
  ): Promise<'released' | 'stale'> {
    try {
      await this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: marshall({ pk: bookingPk(reminder.bookingId), sk: BOOKING_SORT_KEY }),
                ConditionExpression: '#status = :confirmed AND #start = :start',
                ExpressionAttributeNames: { '#status': 'status', '#start': 'start' },
                ExpressionAttributeValues: marshall({
                  ':confirmed': 'confirmed',
                  ':start': reminder.start.toISOString(),
                }),
              },
            },
            {
              Delete: {
                TableName: this.tableName,
                Key: marshall({ pk: REMINDERS_PK, sk: reminder.sk }),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: marshall(reminderNoticeItem(notice, now), { removeUndefinedValues: true }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(shortLink
              ? [
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: marshall(shortLinkItem(shortLink)),
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return 'released';
    } catch (error) {
      // The booking changed, or the item is gone (a cancel, a move or another run got there first).
      if (isCancelled(error)) return 'stale';
      throw error;
    }
  }

  async discard(reminder: PendingReminder): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: REMINDERS_PK, sk: reminder.sk }),
      }),
    );
  }

  async sent(date: string): Promise<boolean> {
    const result = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(agendaKeys(date).marker),
        ConsistentRead: true,
      }),
    );
    return result.Item !== undefined;
  }

  bookings(from: Date, until: Date): Promise<Booking[]> {
    return this.agendaReader.agenda({ start: from, end: until, status: 'confirmed' });
  }

  async send(date: string, notice: AgendaNotice, now: Date): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: marshall(agendaMarkerItem(date, now)),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: marshall(agendaNoticeItem(notice, now), { removeUndefinedValues: true }),
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isCancelled(error)) return false;
      throw error;
    }
  }
}
