// Leads for the staff: listed from their month partitions of gsi1 (newest first, searched in the
// function — a clinic has a few thousand leads in 92 days, so no Scan and no search index), read by
// id, and changed by one conditional update that appends notes and history (list_append), so two
// notes written at once are both kept.

import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { encodeTime } from 'ulid';
import type { LeadListQuery, LeadStore } from '../../app/staff/ports.ts';
import { ValidationError } from '../../core/errors.ts';
import {
  INQUIRY_KIND,
  leadExpiresAt,
  leadKey,
  localMonth,
  spamExpiresAt,
} from '../../core/inquiries/lead.ts';
import type { AuditActor } from '../../core/staff/audit.ts';
import {
  type LeadChange,
  type LeadHistoryEntry,
  type LeadMessage,
  type LeadSummary,
  leadPartition,
  leadPartitions,
  leadStateOf,
  matchesLeadSearch,
  noteOf,
  type StaffLead,
  statesOf,
  statusChangeEntry,
  storedStatusOf,
} from '../../core/staff/leads.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { DELIVERY_ATTRIBUTE_PREFIX, type DeliveryState } from './outbox.ts';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from './wire-client.ts';

const INDEX_NAME = 'gsi1';
const SUMMARY_FIELDS = [
  'id',
  'receivedAt',
  'status',
  'name',
  'email',
  'phone',
  'topic',
  'preferredContact',
  'captcha',
];
/** How many times a change is tried when the lead's status moved between its read and its write. */
const UPDATE_ATTEMPTS = 5;

type Item = Record<string, unknown>;

/** Where the next page starts: the month (its index in the range, newest first) and the last id answered. */
interface Position {
  readonly month: number;
  readonly before?: string;
}

function positionOf(cursor: string): Position {
  const position = decodeCursor<Position>(cursor);
  // A cursor of another list decodes too; it names no month of this one.
  if (
    !Number.isInteger(position.month) ||
    (position.before !== undefined && typeof position.before !== 'string')
  ) {
    throw new ValidationError([{ path: 'cursor', message: 'Use the nextCursor of the previous page' }]);
  }
  return position;
}

const optional = <K extends string>(key: K, value: unknown): Partial<Record<K, string>> =>
  typeof value === 'string' && value !== '' ? ({ [key]: value } as Record<K, string>) : {};

function summaryOf(item: Item): LeadSummary {
  return {
    id: item.id as string,
    receivedAt: item.receivedAt as string,
    status: leadStateOf(item.status),
    name: item.name as string,
    email: item.email as string,
    ...optional('phone', item.phone),
    ...optional('topic', item.topic),
    ...optional('preferredContact', item.preferredContact),
    ...(item.captcha === undefined ? {} : { captcha: item.captcha }),
    ...optional('message', item.message),
  };
}

/** The emails a lead called for, from the outbox's `email_<id>` attributes on its item. */
function messagesOf(item: Item): LeadMessage[] {
  return Object.entries(item)
    .filter(([name]) => name.startsWith(DELIVERY_ATTRIBUTE_PREFIX))
    .map(([name, value]) => {
      const state = value as DeliveryState;
      return {
        channel: 'email' as const,
        kind: name.slice(DELIVERY_ATTRIBUTE_PREFIX.length),
        status: state.status,
        at: state.at,
      };
    })
    .sort((a, b) => a.at.localeCompare(b.at));
}

export function staffLeadOf(item: Item): StaffLead {
  const received: LeadHistoryEntry = { at: item.receivedAt as string, action: 'received' };
  return {
    ...summaryOf(item),
    message: (item.message as string | undefined) ?? '',
    consent: item.consent === true,
    customFields: (item.custom as Record<string, string> | undefined) ?? {},
    attribution: (item.attribution as Record<string, string> | undefined) ?? {},
    notes: (item.notes as StaffLead['notes'] | undefined) ?? [],
    history: [received, ...((item.history as LeadHistoryEntry[] | undefined) ?? [])],
    messages: messagesOf(item),
  };
}

/** The smallest and largest ULIDs of the instants [start, end): gsi1sk is the lead's id. */
function idBounds(start: Date, end: Date): { lowest: string; highest: string } {
  return {
    lowest: `${encodeTime(start.getTime(), 10)}${'0'.repeat(16)}`,
    highest: `${encodeTime(end.getTime() - 1, 10)}${'Z'.repeat(16)}`,
  };
}

interface ChangeExpression {
  readonly UpdateExpression: string;
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, AttributeValue>;
}

export class DynamoLeadStore implements LeadStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** The clinic's zone: a lead is listed under its local month of arrival. */
    private readonly timeZone: string,
    /** `retention.inquiryDays`: a lead taken out of spam is kept as long as any lead. */
    private readonly inquiryDays: number,
  ) {}

  async list(query: LeadListQuery): Promise<{ items: LeadSummary[]; nextCursor: string | null }> {
    const { range, filter, limit } = query;
    const start = query.cursor ? positionOf(query.cursor) : { month: 0 };
    const states = statesOf(filter);
    const found: { lead: LeadSummary; month: number }[] = [];
    // One more than a page is read, to know whether another page follows.
    for (let month = start.month; month < range.months.length && found.length <= limit; month++) {
      const before = month === start.month ? start.before : undefined;
      const wanted = limit + 1 - found.length;
      const partitions = leadPartitions(states, range.months[month] as string);
      const leads = (
        await Promise.all(partitions.map((partition) => this.newestIn(partition, query, wanted, before)))
      ).flat();
      leads.sort((a, b) => (a.id < b.id ? 1 : -1));
      for (const lead of leads.slice(0, wanted)) found.push({ lead, month });
    }
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ lead }) => lead),
      nextCursor:
        found.length > limit && last
          ? encodeCursor({ month: last.month, before: last.lead.id } satisfies Position)
          : null,
    };
  }

  /** The newest `wanted` leads of one partition that match, older than `before` when given. */
  private async newestIn(
    partition: string,
    query: LeadListQuery,
    wanted: number,
    before: string | undefined,
  ): Promise<LeadSummary[]> {
    const { lowest, highest } = idBounds(query.range.start, query.range.end);
    const states = statesOf(query.filter);
    const fields = query.withMessage ? [...SUMMARY_FIELDS, 'message'] : SUMMARY_FIELDS;
    const names = Object.fromEntries(fields.map((field, index) => [`#f${index}`, field]));
    const matches: LeadSummary[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX_NAME,
          KeyConditionExpression: 'gsi1pk = :partition AND gsi1sk BETWEEN :lowest AND :highest',
          ExpressionAttributeValues: {
            ':partition': { S: partition },
            ':lowest': { S: lowest },
            // The cursor's own lead was on the previous page; it is dropped below.
            ':highest': { S: before && before < highest ? before : highest },
          },
          ProjectionExpression: Object.keys(names).join(', '),
          ExpressionAttributeNames: names,
          ScanIndexForward: false,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const raw of answer.Items ?? []) {
        const lead = summaryOf(unmarshall(raw));
        if (lead.id === before || !states.includes(lead.status) || !matchesLeadSearch(lead, query.filter.q)) {
          continue;
        }
        matches.push(lead);
        if (matches.length >= wanted) return matches;
      }
      startKey = answer.LastEvaluatedKey;
    } while (startKey);
    return matches;
  }

  async get(id: string): Promise<StaffLead | undefined> {
    const item = await this.read(id);
    return item ? staffLeadOf(item) : undefined;
  }

  async update(
    id: string,
    change: LeadChange,
    by: { readonly actor: AuditActor; readonly at: Date },
  ): Promise<StaffLead | undefined> {
    for (let attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
      const current = await this.read(id);
      if (!current) return undefined;
      const expression = this.changeExpression(current, change, by);
      if (!expression) return staffLeadOf(current);
      try {
        const answer = await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: marshall(leadKey(id)),
            ...expression,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return staffLeadOf(unmarshall(answer.Attributes ?? {}));
      } catch (error) {
        // Its status moved since it was read (or it is gone): read it again and decide again.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new Error(`Lead ${id} kept changing while it was being updated`);
  }

  private async read(id: string): Promise<Item | undefined> {
    const answer = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(leadKey(id)), ConsistentRead: true }),
    );
    const item = answer.Item ? unmarshall(answer.Item) : undefined;
    return item?.kind === INQUIRY_KIND ? item : undefined;
  }

  /**
   * The one write a change makes, or undefined when it changes nothing (the status it already has,
   * no note). A status change is made on condition that the status is still the one read, so its
   * history line and listing are right whatever else happens at once; notes are appended.
   */
  private changeExpression(
    current: Item,
    change: LeadChange,
    by: { readonly actor: AuditActor; readonly at: Date },
  ): ChangeExpression | undefined {
    const sets: string[] = [];
    const names: Record<string, string> = { '#kind': 'kind' };
    const values: Record<string, unknown> = { ':kind': INQUIRY_KIND, ':none': [] };
    const conditions = ['attribute_exists(pk)', '#kind = :kind'];
    const was = leadStateOf(current.status);
    if (change.status !== undefined && change.status !== was) {
      const receivedAt = new Date(current.receivedAt as string);
      Object.assign(names, { '#status': 'status', '#history': 'history' });
      Object.assign(values, {
        ':status': storedStatusOf(change.status),
        ':was': current.status,
        ':partition': leadPartition(change.status, localMonth(receivedAt, this.timeZone)),
        ':id': current.id,
        ':entry': [statusChangeEntry(change.status, by.actor, by.at)],
      });
      sets.push(
        '#status = :status',
        'gsi1pk = :partition',
        'gsi1sk = :id',
        '#history = list_append(if_not_exists(#history, :none), :entry)',
      );
      conditions.push('#status = :was');
      // Spam is kept 30 days (as the honeypot's is); a lead taken out of spam is kept as any lead.
      if (change.status === 'spam') {
        sets.push('expiresAt = :expiresAt');
        values[':expiresAt'] = spamExpiresAt(by.at, receivedAt, this.inquiryDays);
      } else if (was === 'spam') {
        sets.push('expiresAt = :expiresAt');
        values[':expiresAt'] = leadExpiresAt(receivedAt, this.inquiryDays);
      }
    }
    if (change.note !== undefined) {
      names['#notes'] = 'notes';
      values[':note'] = [noteOf(change.note, by.actor, by.at)];
      sets.push('#notes = list_append(if_not_exists(#notes, :none), :note)');
    }
    if (sets.length === 0) return undefined;
    return {
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
    };
  }
}
