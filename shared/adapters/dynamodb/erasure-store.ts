// Erasure in the table (docs/privacy.md). A person's leads and bookings are found through gsi1,
// where both are listed by month: every month the clinic still keeps is read, projected to the
// key and contact details and matched here (an email in any case, or the phone), so no Scan is
// needed. Each one is then removed with what belongs to it: a lead with its dedupe markers; a
// booking with its partition (messages), its notices, the locks it still holds, its pending
// reminders and its link. The lead or booking item goes last, so an erasure cut short is found
// and finished by the next run; an item already gone is simply not counted.

import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ErasureStore } from '../../app/staff/erasure-ports.ts';
import {
  INQUIRY_KIND,
  inboxPartition,
  leadKey,
  localMonth,
  spamPartition,
} from '../../core/inquiries/lead.ts';
import {
  bookingItemsByKey,
  bookingPartitions,
  dedupeMarkersOf,
  type ErasableItem,
  type ErasableLead,
  type ErasedCounts,
  type ErasureFindings,
  type ErasureSubject,
  erasureSearchMonths,
  type ItemKey,
  isSubjectOf,
  kindInBookingPartition,
  noneErased,
} from '../../core/privacy/erasure.ts';
import {
  BOOKING_KIND,
  BOOKING_SORT_KEY,
  type Booking,
  bookingPk,
  fromBookingItem,
} from '../../core/scheduling/booking.ts';
import { patientItemsOf } from '../../core/scheduling/patients.ts';
import { heldLocks } from './booking-transactions.ts';
import { SECRET_KEY } from './secret.ts';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
} from './wire-client.ts';

const INDEX_NAME = 'gsi1';
/** Partitions read at once, and items deleted at once: enough to be quick, few enough not to throttle. */
const PARALLEL = 8;

export interface ErasureSettings {
  readonly timeZone: string;
  readonly inquiryDays: number;
  readonly bookingDaysAfterVisit: number;
  readonly maxAdvanceDays: number;
}

type Item = Record<string, unknown>;

/** `work` over `inputs`, at most `limit` at a time, results in input order. */
async function inBatches<T, R>(inputs: readonly T[], limit: number, work: (input: T) => Promise<R>) {
  const results: R[] = [];
  for (let start = 0; start < inputs.length; start += limit) {
    results.push(...(await Promise.all(inputs.slice(start, start + limit).map(work))));
  }
  return results;
}

export class DynamoErasureStore implements ErasureStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly settings: ErasureSettings,
  ) {}

  async find(subject: ErasureSubject, now: Date): Promise<ErasureFindings> {
    const { timeZone } = this.settings;
    const months = erasureSearchMonths(now, {
      ...this.settings,
      localMonth: (at) => localMonth(at, timeZone),
    });
    const leadPartitions = months.leadMonths.flatMap((month) => [
      inboxPartition(month),
      spamPartition(month),
    ]);
    const [leadKeys, bookingKeys] = await Promise.all([
      this.matchingIn(leadPartitions, subject),
      this.matchingIn(months.bookingPartitions, subject),
    ]);
    const leads = (await inBatches(leadKeys, PARALLEL, (key) => this.read(key))).flatMap(
      (item): ErasableLead[] =>
        item?.kind === INQUIRY_KIND && isSubjectOf(subject, item) ? [leadOf(item)] : [],
    );
    const bookings = (await inBatches(bookingKeys, PARALLEL, (key) => this.read(key))).flatMap(
      (item): Booking[] =>
        item?.kind === BOOKING_KIND && isSubjectOf(subject, item) ? [fromBookingItem(item)] : [],
    );
    return { leads, bookings };
  }

  async erase(findings: ErasureFindings, options: { readonly dryRun: boolean }): Promise<ErasedCounts> {
    const counts = noneErased();
    const remove = async (items: readonly ErasableItem[]) => {
      const removed = await inBatches(items, PARALLEL, (item) => this.remove(item, options.dryRun));
      items.forEach((item, index) => {
        if (removed[index]) counts[item.kind] += 1;
      });
    };
    const secret = await this.pseudonymSecret();
    for (const lead of findings.leads) {
      await remove(secret ? dedupeMarkersOf(lead, secret) : []);
      await remove([{ key: leadKey(lead.id), kind: 'leads' }]);
    }
    for (const booking of findings.bookings) {
      const partitionItems = (
        await Promise.all(bookingPartitions(booking.id).map(({ pk }) => this.keysIn(pk)))
      )
        .flat()
        .filter((key) => !(key.pk === bookingPk(booking.id) && key.sk === BOOKING_SORT_KEY))
        .map((key): ErasableItem => ({ key, kind: kindInBookingPartition(key) }));
      // The per-patient cap's ledger and the double-submit marker hold only keyed hashes, ids and
      // times, but they are derived from the person's email and phone: they go too.
      const patientItems = (secret ? patientItemsOf(secret, booking) : []).map(
        ({ key, ownedBy }): ErasableItem => ({
          key,
          kind: 'other',
          ...(ownedBy ? { ownedBy: { attribute: 'bookingId', id: ownedBy } } : {}),
        }),
      );
      await remove([...partitionItems, ...bookingItemsByKey(booking, heldLocks(booking)), ...patientItems]);
      await remove([{ key: { pk: bookingPk(booking.id), sk: BOOKING_SORT_KEY }, kind: 'bookings' }]);
    }
    return counts;
  }

  /** The keys of the items in `partitions` (gsi1) whose contact details are the subject's. */
  private async matchingIn(partitions: readonly string[], subject: ErasureSubject): Promise<ItemKey[]> {
    const found = await inBatches(partitions, PARALLEL, async (partition) => {
      const keys: ItemKey[] = [];
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const answer = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: INDEX_NAME,
            KeyConditionExpression: 'gsi1pk = :partition',
            ExpressionAttributeValues: { ':partition': { S: partition } },
            ProjectionExpression: 'pk, sk, #email, #phone',
            ExpressionAttributeNames: { '#email': 'email', '#phone': 'phone' },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const raw of answer.Items ?? []) {
          const item = unmarshall(raw);
          if (isSubjectOf(subject, item)) keys.push({ pk: String(item.pk), sk: String(item.sk) });
        }
        startKey = answer.LastEvaluatedKey;
      } while (startKey);
      return keys;
    });
    return found.flat();
  }

  /** The keys of every item of one partition. */
  private async keysIn(pk: string): Promise<ItemKey[]> {
    const keys: ItemKey[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk } },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const raw of answer.Items ?? []) {
        const item = unmarshall(raw);
        keys.push({ pk: String(item.pk), sk: String(item.sk) });
      }
      startKey = answer.LastEvaluatedKey;
    } while (startKey);
    return keys;
  }

  private async read(key: ItemKey): Promise<Item | undefined> {
    const answer = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(key), ConsistentRead: true }),
    );
    return answer.Item ? unmarshall(answer.Item) : undefined;
  }

  /** Read only: an erasure (a dry run above all) never creates the secret, which a lead would have. */
  private async pseudonymSecret(): Promise<Uint8Array | undefined> {
    const answer = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: SECRET_KEY, ConsistentRead: true }),
    );
    return answer.Item?.value?.B;
  }

  /** Deletes one item if it is there (and still has its owner); whether it did. A dry run only looks. */
  private async remove(item: ErasableItem, dryRun: boolean): Promise<boolean> {
    const { key, ownedBy } = item;
    if (dryRun) {
      const current = await this.read(key);
      return current !== undefined && (!ownedBy || current[ownedBy.attribute] === ownedBy.id);
    }
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall(key),
          ...(ownedBy
            ? {
                ConditionExpression: '#owner = :owner',
                ExpressionAttributeNames: { '#owner': ownedBy.attribute },
                ExpressionAttributeValues: marshall({ ':owner': ownedBy.id }),
              }
            : { ConditionExpression: 'attribute_exists(pk)' }),
        }),
      );
      return true;
    } catch (error) {
      // Gone already, or (a lock, a marker) someone else's now: not this erasure's to remove.
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function leadOf(item: Item): ErasableLead {
  return {
    id: String(item.id),
    name: String(item.name ?? ''),
    email: String(item.email ?? ''),
    message: String(item.message ?? ''),
  };
}
