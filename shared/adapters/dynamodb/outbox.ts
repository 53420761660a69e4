// Delivery of planned emails, at least once and never twice: each email's state is recorded on
// the item it belongs to (`email_<id>` = sent/failed with timestamps), so a retried stream batch
// skips what already went out.
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type OutgoingEmail, toRawMime } from '../../core/messages/message.ts';

export const DELIVERY_ATTRIBUTE_PREFIX = 'email_';

export interface DeliveryState {
  status: 'sent' | 'failed';
  /** ISO time of this state. */
  at: string;
  attempts: number;
  messageId?: string;
  /** The error's name only: SES messages can quote addresses. */
  error?: string;
}

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export interface OutboxDeps {
  readonly dynamoDb: DynamoDBClient;
  readonly ses: SESClient;
  readonly tableName: string;
  readonly from: string;
  readonly configurationSetName?: string;
  readonly now?: () => Date;
}

export type DeliveryOutcome = 'sent' | 'already-sent' | 'item-gone';

export function deliveryAttribute(emailId: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(emailId)) throw new Error(`Invalid email id "${emailId}"`);
  return `${DELIVERY_ATTRIBUTE_PREFIX}${emailId.replaceAll('-', '_')}`;
}

export async function deliverOnce(
  deps: OutboxDeps,
  key: ItemKey,
  email: OutgoingEmail,
): Promise<DeliveryOutcome> {
  const now = deps.now ?? (() => new Date());
  const attribute = deliveryAttribute(email.id);
  const current = await deps.dynamoDb.send(
    new GetItemCommand({
      TableName: deps.tableName,
      Key: marshall(key),
      ConsistentRead: true,
      ProjectionExpression: 'pk, #delivery',
      ExpressionAttributeNames: { '#delivery': attribute },
    }),
  );
  if (!current.Item) return 'item-gone';
  const state = unmarshall(current.Item)[attribute] as DeliveryState | undefined;
  if (state?.status === 'sent') {
    // A run that stopped between recording the state and tracking it leaves the track to this one.
    await track(deps, email, state);
    return 'already-sent';
  }
  const attempts = (state?.attempts ?? 0) + 1;

  let next: DeliveryState;
  let failure: unknown;
  try {
    const result = await deps.ses.send(
      new SendRawEmailCommand({
        RawMessage: { Data: await toRawMime(email, deps.from) },
        ...(deps.configurationSetName ? { ConfigurationSetName: deps.configurationSetName } : {}),
      }),
    );
    next = {
      status: 'sent',
      at: now().toISOString(),
      attempts,
      ...(result.MessageId ? { messageId: result.MessageId } : {}),
    };
  } catch (error) {
    failure = error;
    next = { status: 'failed', at: now().toISOString(), attempts, error: (error as Error).name ?? 'Error' };
  }
  try {
    await deps.dynamoDb.send(
      new UpdateItemCommand({
        TableName: deps.tableName,
        Key: marshall(key),
        UpdateExpression: 'SET #delivery = :state',
        // A failure never overwrites a success recorded by another run of the same record.
        ConditionExpression: failure
          ? 'attribute_exists(pk) AND (attribute_not_exists(#delivery) OR #delivery.#status <> :sent)'
          : 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#delivery': attribute, ...(failure ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: marshall(
          { ':state': next, ...(failure ? { ':sent': 'sent' } : {}) },
          { removeUndefinedValues: true },
        ),
      }),
    );
  } catch (error) {
    // The item expired or was deleted meanwhile (or, for a failure, a success is already recorded).
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  await track(deps, email, next);
  if (failure) throw failure;
  return 'sent';
}

/**
 * Keeps the delivery state where the email asked (`OutgoingEmail.track`): a put of the same key
 * each time, so repeats are harmless, and a failure never replaces a recorded success.
 */
async function track(deps: OutboxDeps, email: OutgoingEmail, state: DeliveryState): Promise<void> {
  if (!email.track) return;
  const { pk, sk, fields } = email.track;
  const failed = state.status !== 'sent';
  try {
    await deps.dynamoDb.send(
      new PutItemCommand({
        TableName: deps.tableName,
        Item: marshall({ ...fields, pk, sk, status: state.status, at: state.at, attempts: state.attempts }),
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

/** Removes an outbox-only item once its emails are out (see PlannerRegistration). */
export async function deleteDelivered(deps: OutboxDeps, key: ItemKey): Promise<void> {
  await deps.dynamoDb.send(new DeleteItemCommand({ TableName: deps.tableName, Key: marshall(key) }));
}
