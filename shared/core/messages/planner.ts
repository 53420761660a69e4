// What a feature tells the notifier: given a change to one of its items, which emails to send.
import type { OutgoingEmail } from './message.ts';

export type Item = Record<string, unknown>;

export interface StreamChange {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** The item after the change (without email delivery state). */
  readonly newItem?: Item;
  /** The item before the change (without email delivery state). */
  readonly oldItem?: Item;
}

/**
 * Pure: the same change always plans the same emails with the same ids, which is what lets a
 * retried batch skip the ones already sent.
 */
export type EmailPlanner = (change: StreamChange) => OutgoingEmail[];

export interface PlannerRegistration {
  readonly plan: EmailPlanner;
  /**
   * The item exists only to carry an email (an outbox record holding, say, a manage link's
   * token): the notifier deletes it once every email it planned has been delivered.
   */
  readonly deleteItemWhenDelivered?: boolean;
}
