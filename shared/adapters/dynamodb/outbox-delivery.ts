// What the notifier does with each message a stream change calls for: send it at most once through
// the outbox of its channel (emails through SES, texts through End User Messaging SMS) and count
// the outcome, then drop an item that only existed to be delivered.
import { isText, type OutgoingText } from '../../core/messages/message.ts';
import { METRICS, type MetricName, recordMetric } from '../../platform/metrics.ts';
import type { TextChannel } from '../sms/send.ts';
import type { ItemKey } from './delivery-state.ts';
import { deleteDelivered, deliverOnce, type OutboxDeps } from './outbox.ts';
import type { StreamDeps } from './stream.ts';
import { deliverTextOnce, type TextDeliveryOutcome } from './text-outbox.ts';

export interface DeliveryDeps extends OutboxDeps {
  /** How texts are sent; absent in a deployment without `sms` (then no planner may plan a text). */
  readonly texts?: TextChannel;
}

/** A text was planned where none can be sent: a planner ignored the absent `sms` config. A bug, not an outage. */
export class TextsNotConfiguredError extends Error {
  override readonly name = 'TextsNotConfiguredError';
  constructor() {
    super('A text was planned, but this deployment has no `sms` config or no SMS client to send it with');
  }
}

const TEXT_METRICS: Partial<Record<TextDeliveryOutcome, MetricName>> = {
  sent: METRICS.names.smsSent,
  'opted-out': METRICS.names.smsOptedOut,
  invalid: METRICS.names.smsFailed,
};

/** Sends one text at most once and counts what happened; a transient failure is counted and rethrown. */
export async function deliverText(
  deps: DeliveryDeps,
  key: ItemKey,
  text: OutgoingText,
): Promise<TextDeliveryOutcome> {
  const { texts } = deps;
  if (!texts) throw new TextsNotConfiguredError();
  let outcome: TextDeliveryOutcome;
  try {
    outcome = await deliverTextOnce({ ...deps, texts }, key, text);
  } catch (error) {
    recordMetric(METRICS.names.smsFailed);
    throw error;
  }
  const metric = TEXT_METRICS[outcome];
  if (metric) recordMetric(metric);
  return outcome;
}

export function outboxDelivery(deps: DeliveryDeps): StreamDeps {
  return {
    deliver: async (key, message) => {
      if (isText(message)) {
        await deliverText(deps, key, message);
        return;
      }
      try {
        if ((await deliverOnce(deps, key, message)) === 'sent') recordMetric(METRICS.names.emailSent);
      } catch (error) {
        recordMetric(METRICS.names.emailFailed);
        throw error;
      }
    },
    deleteItem: (key) => deleteDelivered(deps, key),
  };
}
