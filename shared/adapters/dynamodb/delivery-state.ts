// Where the outbox keeps what it sent: each message's delivery state is an attribute of the item it
// was planned from (`email_<id>` for an email, `sms_<id>` for a text), read consistently before a
// send and written after it, and also put where the message asked (`track`). Shared by the email
// outbox (outbox.ts) and the text outbox (text-outbox.ts); no SES or SMS client here.

import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { OutgoingEmail } from '../../core/messages/message.ts';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from './wire-client.ts';

/** The attribute-name prefixes of delivery state, one per channel: a change to them alone is no change. */
export const DELIVERY_STATE_PREFIXES = { email: 'email_', sms: 'sms_' } as const;

export interface DeliveryState {
  status: 'sent' | 'failed';
  /** ISO time of this state. */
  at: string;
  attempts: number;
  messageId?: string;
  /**
   * The error's name only (SES and SMS messages can quote addresses and numbers), or, for a
   * permanent failure, what it was: `opted_out`, `invalid`.
   */
  error?: string;
  /** The service's own reason code (an enum such as `DESTINATION_PHONE_NUMBER_OPTED_OUT`), when it gave one. */
  reason?: string;
  /** A failure that no retry can fix: the message is never tried again. */
  permanent?: boolean;
}

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** What recording delivery state needs: the table, and the clock its timestamps come from. */
export interface DeliveryStore {
  readonly dynamoDb: DynamoDBClient;
  readonly tableName: string;
  readonly now?: () => Date;
}

export type Track = NonNullable<OutgoingEmail['track']>;

/** The attribute holding one message's state: `<prefix><id>`, the id's dashes as underscores. */
export function deliveryStateAttribute(channel: keyof typeof DELIVERY_STATE_PREFIXES, id: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new Error(`Invalid ${channel} message id "${id}"`);
  return `${DELIVERY_STATE_PREFIXES[channel]}${id.replaceAll('-', '_')}`;
}

/** Whether an attribute name is delivery state of any channel. */
export function isDeliveryStateAttribute(name: string): boolean {
  return Object.values(DELIVERY_STATE_PREFIXES).some((prefix) => name.startsWith(prefix));
}

export function nowOf(store: DeliveryStore): Date {
  return (store.now ?? (() => new Date()))();
}

/** The item's recorded state of one message (consistent read), or `item-gone` when the item is no more. */
export async function readDeliveryState(
  store: DeliveryStore,
  key: ItemKey,
  attribute: string,
): Promise<DeliveryState | undefined | 'item-gone'> {
  const current = await store.dynamoDb.send(
    new GetItemCommand({
      TableName: store.tableName,
      Key: marshall(key),
      ConsistentRead: true,
      ProjectionExpression: 'pk, #delivery',
      ExpressionAttributeNames: { '#delivery': attribute },
    }),
  );
  if (!current.Item) return 'item-gone';
  return unmarshall(current.Item)[attribute] as DeliveryState | undefined;
}

/**
 * Records a state on the item. A failure never overwrites a success recorded by another run of the
 * same record; an item that expired or was deleted meanwhile is left gone.
 */
export async function recordDeliveryState(
  store: DeliveryStore,
  key: ItemKey,
  attribute: string,
  state: DeliveryState,
): Promise<void> {
  const failed = state.status !== 'sent';
  try {
    await store.dynamoDb.send(
      new UpdateItemCommand({
        TableName: store.tableName,
        Key: marshall(key),
        UpdateExpression: 'SET #delivery = :state',
        ConditionExpression: failed
          ? 'attribute_exists(pk) AND (attribute_not_exists(#delivery) OR #delivery.#status <> :sent)'
          : 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#delivery': attribute, ...(failed ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: marshall(
          { ':state': state, ...(failed ? { ':sent': 'sent' } : {}) },
          { removeUndefinedValues: true },
        ),
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * Keeps the delivery state where the message asked (`track`): a put of the same key each time, so
 * repeats are harmless, and a failure never replaces a recorded success. A permanent failure also
 * says what it was (`error`), which is a code, never the service's message.
 */
export async function trackDeliveryState(
  store: DeliveryStore,
  track: Track | undefined,
  state: DeliveryState,
): Promise<void> {
  if (!track) return;
  const { pk, sk, fields } = track;
  const failed = state.status !== 'sent';
  try {
    await store.dynamoDb.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: marshall({
          ...fields,
          pk,
          sk,
          status: state.status,
          at: state.at,
          attempts: state.attempts,
          ...(state.permanent && state.error ? { error: state.error } : {}),
        }),
        ...(failed
          ? {
              ConditionExpression: 'attribute_not_exists(pk) OR #status <> :sent',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: marshall({ ':sent': 'sent' }),
            }
          : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
