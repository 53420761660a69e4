// The audit trail in the table: each entry its own item, put on condition that none has its key
// (append-only: no code path updates or deletes one), listed newest first by UTC month on gsi1.

import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import type { AuditLog, AuditQuery, AuditRecord } from '../../app/staff/ports.ts';
import { type AuditAction, auditItem, auditMonthPartition } from '../../core/staff/audit.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type AttributeValue, type DynamoDBClient, PutItemCommand, QueryCommand } from './wire-client.ts';

const INDEX_NAME = 'gsi1';
/** Items one query reads before its filter. */
const READ_PAGE = 500;

/** The months a range touches, newest first: the order a page of the trail reads them in. */
function monthsNewestFirst(from: Date, to: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1));
  const first = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1);
  while (cursor.getTime() >= first) {
    months.push(auditMonthPartition(cursor));
    cursor.setUTCMonth(cursor.getUTCMonth() - 1);
  }
  return months;
}

function recordOf(item: Record<string, unknown>): AuditRecord {
  return {
    id: item.id as string,
    at: new Date(item.at as string),
    actor: { sub: item.actorSub as string, email: item.actorEmail as string },
    action: item.action as AuditAction,
    recordId: item.recordId as string,
    ip: item.ip as string,
  };
}

interface Position {
  /** Index into the range's months, newest first. */
  readonly month: number;
  readonly key?: Record<string, AttributeValue>;
}

export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly auditDays: number,
  ) {}

  async append(entry: Parameters<AuditLog['append']>[0]): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(auditItem(entry, ulid(entry.at.getTime()), this.auditDays)),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async list(query: AuditQuery): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
    const months = monthsNewestFirst(query.from, query.to);
    let position: Position = query.cursor ? decodeCursor<Position>(query.cursor) : { month: 0 };
    const items: AuditRecord[] = [];
    const filters: string[] = [];
    const values: Record<string, AttributeValue> = {
      ':from': { S: query.from.toISOString() },
      // Entries at `to` itself are out: `#` sorts after every character of an ISO instant.
      ':to': { S: query.to.toISOString() },
    };
    if (query.actor) {
      filters.push('actorEmail = :actor');
      values[':actor'] = { S: query.actor.toLowerCase() };
    }
    if (query.recordId) {
      filters.push('recordId = :recordId');
      values[':recordId'] = { S: query.recordId };
    }
    while (position.month < months.length && items.length < query.limit) {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX_NAME,
          KeyConditionExpression: 'gsi1pk = :month AND gsi1sk BETWEEN :from AND :to',
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeValues: { ...values, ':month': { S: months[position.month] as string } },
          ScanIndexForward: false,
          // Limit counts items read before the filter: read generously, so a filtered search of a
          // busy month takes a few queries, and stop at the last entry the page answers.
          Limit: READ_PAGE,
          ...(position.key ? { ExclusiveStartKey: position.key } : {}),
        }),
      );
      const found = answer.Items ?? [];
      const room = query.limit - items.length;
      for (const item of found.slice(0, room)) items.push(recordOf(unmarshall(item)));
      if (found.length > room) {
        const last = unmarshall(found[room - 1] as Record<string, AttributeValue>);
        position = {
          month: position.month,
          key: marshall({ pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk }),
        };
      } else {
        position = answer.LastEvaluatedKey
          ? { month: position.month, key: answer.LastEvaluatedKey }
          : { month: position.month + 1 };
      }
    }
    return { items, nextCursor: position.month < months.length ? encodeCursor(position) : null };
  }
}
