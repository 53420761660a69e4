// Delivery of planned texts, as the email outbox delivers emails: each text's state is recorded on
// the item it belongs to (`sms_<id>`, see delivery-state.ts), so a retried stream batch skips what
// already went out. One difference: a text refused for good (the number opted out, or the request
// is invalid) is recorded as a permanent failure and not thrown, so it is never tried again.
import type { OutgoingText } from '../../core/messages/message.ts';
import { sendText, type TextChannel, type TextRefusal, type TextSendResult } from '../sms/send.ts';
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

export const TEXT_DELIVERY_ATTRIBUTE_PREFIX = DELIVERY_STATE_PREFIXES.sms;

export interface TextOutboxDeps extends DeliveryStore {
  readonly texts: TextChannel;
}

/**
 * `sent`: sent now. `already-sent`, `already-refused`: recorded by an earlier run, not tried again.
 * `opted-out`, `invalid`: refused for good now (recorded, not thrown). `item-gone`: nothing to send from.
 */
export type TextDeliveryOutcome =
  | 'sent'
  | 'already-sent'
  | 'already-refused'
  | 'item-gone'
  | 'opted-out'
  | 'invalid';

const REFUSAL_OUTCOME: Record<TextRefusal, TextDeliveryOutcome> = {
  opted_out: 'opted-out',
  invalid: 'invalid',
};

export function textDeliveryAttribute(textId: string): string {
  return deliveryStateAttribute('sms', textId);
}

/**
 * Sends `text` unless the item records it as sent or refused for good, and records what happened.
 * A transient failure is recorded and rethrown, so the stream retries the record.
 */
export async function deliverTextOnce(
  deps: TextOutboxDeps,
  key: ItemKey,
  text: OutgoingText,
): Promise<TextDeliveryOutcome> {
  const attribute = textDeliveryAttribute(text.id);
  const state = await readDeliveryState(deps, key, attribute);
  if (state === 'item-gone') return 'item-gone';
  if (state?.status === 'sent' || state?.permanent) {
    // A run that stopped between recording the state and tracking it leaves the track to this one.
    await trackDeliveryState(deps, text.track, state);
    return state.status === 'sent' ? 'already-sent' : 'already-refused';
  }
  const attempts = (state?.attempts ?? 0) + 1;
  const record = async (next: DeliveryState) => {
    await recordDeliveryState(deps, key, attribute, next);
    await trackDeliveryState(deps, text.track, next);
  };
  const at = () => nowOf(deps).toISOString();

  let result: TextSendResult;
  try {
    result = await sendText(deps.texts, text);
  } catch (error) {
    await record({ status: 'failed', at: at(), attempts, error: (error as Error).name ?? 'Error' });
    throw error;
  }
  if (result.status === 'sent') {
    await record({
      status: 'sent',
      at: at(),
      attempts,
      ...(result.messageId ? { messageId: result.messageId } : {}),
    });
    return 'sent';
  }
  await record({
    status: 'failed',
    at: at(),
    attempts,
    error: result.error,
    ...(result.reason ? { reason: result.reason } : {}),
    permanent: true,
  });
  return REFUSAL_OUTCOME[result.error];
}
