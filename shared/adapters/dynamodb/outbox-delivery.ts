// What the notifier does with each email a stream change calls for: send it at most once through
// the outbox and count the outcome, then drop an item that only existed to be delivered.
import { METRICS, recordMetric } from '../../platform/metrics.ts';
import { deleteDelivered, deliverOnce, type OutboxDeps } from './outbox.ts';
import type { StreamDeps } from './stream.ts';

export function outboxDelivery(deps: OutboxDeps): StreamDeps {
  return {
    deliver: async (key, email) => {
      try {
        if ((await deliverOnce(deps, key, email)) === 'sent') recordMetric(METRICS.names.emailSent);
      } catch (error) {
        recordMetric(METRICS.names.emailFailed);
        throw error;
      }
    },
    deleteItem: (key) => deleteDelivered(deps, key),
  };
}
