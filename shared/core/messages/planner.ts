// What a feature tells the notifier: given a change to one of its items, which emails and texts to send.
import type { OutgoingMessage } from './message.ts';

export type Item = Record<string, unknown>;

export interface StreamChange {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** The item after the change (without delivery state: `email_*`, `sms_*`). */
  readonly newItem?: Item;
  /** The item before the change (without delivery state). */
  readonly oldItem?: Item;
}

/**
 * Pure: the same change always plans the same messages with the same ids, which is what lets a
 * retried batch skip the ones already sent. An email and a text are told apart by `channel`.
 */
export type MessagePlanner = (change: StreamChange) => OutgoingMessage[];

export interface PlannerRegistration {
  readonly plan: MessagePlanner;
  /**
   * The item exists only to carry its messages (an outbox record holding, say, a manage link's
   * token): the notifier deletes it once every message it planned has been delivered (or, for a
   * text to a number that opted out, refused for good).
   */
  readonly deleteItemWhenDelivered?: boolean;
}
