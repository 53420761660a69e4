// Delivery of planned emails, at least once and never twice: each email's state is recorded on
// the item it belongs to (`email_<id>` = sent/failed with timestamps, see delivery-state.ts), so a
// retried stream batch skips what already went out. Texts have their own outbox (text-outbox.ts).

import { marshall } from '@aws-sdk/util-dynamodb';
import { type OutgoingEmail, toRawMime } from '../../core/messages/message.ts';
import { type SESClient, SendRawEmailCommand } from '../ses/wire-client.ts';
import {
  DELIVERY_STATE_PREFIXES,
  type DeliveryState,
  type DeliveryStore,
  deliveryStateAttribute,
  type ItemKey,
  nowOf,
  readDeliveryState,
  recordDeliveryState,
  trackDeliveryState,
} from './delivery-state.ts';
import { DeleteItemCommand } from './wire-client.ts';

export type { DeliveryState, ItemKey } from './delivery-state.ts';

export const DELIVERY_ATTRIBUTE_PREFIX = DELIVERY_STATE_PREFIXES.email;

export interface OutboxDeps extends DeliveryStore {
  readonly ses: SESClient;
  readonly from: string;
  readonly configurationSetName?: string;
}

export type DeliveryOutcome = 'sent' | 'already-sent' | 'item-gone';

export function deliveryAttribute(emailId: string): string {
  return deliveryStateAttribute('email', emailId);
}

export async function deliverOnce(
  deps: OutboxDeps,
  key: ItemKey,
  email: OutgoingEmail,
): Promise<DeliveryOutcome> {
  const attribute = deliveryAttribute(email.id);
  const state = await readDeliveryState(deps, key, attribute);
  if (state === 'item-gone') return 'item-gone';
  if (state?.status === 'sent') {
    // A run that stopped between recording the state and tracking it leaves the track to this one.
    await trackDeliveryState(deps, email.track, state);
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
      at: nowOf(deps).toISOString(),
      attempts,
      ...(result.MessageId ? { messageId: result.MessageId } : {}),
    };
  } catch (error) {
    failure = error;
    next = {
      status: 'failed',
      at: nowOf(deps).toISOString(),
      attempts,
      error: (error as Error).name ?? 'Error',
    };
  }
  await recordDeliveryState(deps, key, attribute, next);
  await trackDeliveryState(deps, email.track, next);
  if (failure) throw failure;
  return 'sent';
}

/** Removes an outbox-only item once its messages are out (see PlannerRegistration). */
export async function deleteDelivered(deps: DeliveryStore, key: ItemKey): Promise<void> {
  await deps.dynamoDb.send(new DeleteItemCommand({ TableName: deps.tableName, Key: marshall(key) }));
}
