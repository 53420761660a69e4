// Turning a DynamoDB stream batch into deliveries (emails and texts). Records are handled in order;
// at the first failure that record and every later one are reported as failed, so Lambda retries
// from there and a patient never gets a cancellation before the confirmation it cancels.
import { isDeepStrictEqual } from 'node:util';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { OutgoingMessage } from '../../core/messages/message.ts';
import type { Item, PlannerRegistration, StreamChange } from '../../core/messages/planner.ts';
import { errorFacts, logger } from '../../platform/logger.ts';
import { type ItemKey, isDeliveryStateAttribute } from './delivery-state.ts';
import type { AttributeValue } from './wire-client.ts';

export interface StreamDeps {
  /** Sends one planned email or text at most once; throws when it should be retried. */
  readonly deliver: (key: ItemKey, message: OutgoingMessage) => Promise<unknown>;
  readonly deleteItem: (key: ItemKey) => Promise<unknown>;
}

function image(value: Record<string, unknown> | undefined): Item | undefined {
  if (!value) return undefined;
  const item = unmarshall(value as Record<string, AttributeValue>);
  for (const name of Object.keys(item)) {
    if (isDeliveryStateAttribute(name)) delete item[name];
  }
  return item;
}

/** The change a record describes, or undefined when only delivery state (`email_*`, `sms_*`) changed. */
export function changeOf(record: DynamoDBRecord): StreamChange | undefined {
  const eventName = record.eventName;
  if (eventName !== 'INSERT' && eventName !== 'MODIFY' && eventName !== 'REMOVE') return undefined;
  const newItem = image(record.dynamodb?.NewImage);
  const oldItem = image(record.dynamodb?.OldImage);
  // Compared as values: the two images need not list their attributes in the same order.
  if (eventName === 'MODIFY' && isDeepStrictEqual(newItem, oldItem)) return undefined;
  return { eventName, ...(newItem ? { newItem } : {}), ...(oldItem ? { oldItem } : {}) };
}

export async function processStreamBatch(
  records: readonly DynamoDBRecord[],
  planners: Readonly<Record<string, PlannerRegistration>>,
  deps: StreamDeps,
): Promise<DynamoDBBatchResponse> {
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as DynamoDBRecord;
    try {
      const change = changeOf(record);
      const item = change?.newItem ?? change?.oldItem;
      const registration = typeof item?.kind === 'string' ? planners[item.kind] : undefined;
      if (!change || !item || !registration) continue;
      const key: ItemKey = { pk: String(item.pk), sk: String(item.sk) };
      const messages = registration.plan(change);
      for (const message of messages) {
        await deps.deliver(key, message);
      }
      if (registration.deleteItemWhenDelivered && change.eventName !== 'REMOVE' && messages.length > 0) {
        await deps.deleteItem(key);
      }
    } catch (error) {
      logger.warn('Stream record failed; it and the records after it will be retried', {
        ...errorFacts(error),
        sequenceNumber: record.dynamodb?.SequenceNumber,
        remaining: records.length - index,
      });
      return {
        batchItemFailures: records
          .slice(index)
          .map((failed) => ({ itemIdentifier: failed.dynamodb?.SequenceNumber ?? '' })),
      };
    }
  }
  return { batchItemFailures: [] };
}
