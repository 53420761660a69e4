// Helpers of the inquiry integration tests: a valid lead with unique values, reading what the
// route stored straight from DynamoDB Local, and the table's pseudonym key (so a test can find
// the rate-limit item of a client address, as the function does).
import { randomUUID } from 'node:crypto';
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { rateLimitItemKey } from '../../../shared/adapters/dynamodb/rate-limit.ts';
import { SECRET_KEY } from '../../../shared/adapters/dynamodb/secret.ts';
import { dedupeKey, type LeadItem, leadKey } from '../../../shared/core/inquiries/lead.ts';
import { dedupeFingerprint, pseudonym, rateLimitClient } from '../../../shared/core/inquiries/pseudonyms.ts';
import { emailsOnceHandled, type SesEmail, sesEmails, testTableName, uniqueEmail } from '../support/index.ts';

export const INQUIRIES = '/v1/inquiries';

/** A lead that passes every rule of the running clinic config, with values no other test uses. */
export type LeadFields = { name: string; email: string; message: string; consent: string } & Record<
  string,
  string
>;

export function newLead(overrides: Record<string, string> = {}): LeadFields {
  const tag = randomUUID().slice(0, 8);
  return {
    name: `Pat Tester ${tag}`,
    email: uniqueEmail('lead'),
    message: `Lower back pain since Monday (${tag}).\nCan I see someone this week?`,
    consent: 'on',
    ...overrides,
  };
}

export async function getItem(client: DynamoDBClient, key: { pk: string; sk: string }) {
  const result = await client.send(
    new GetItemCommand({
      TableName: testTableName(),
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConsistentRead: true,
    }),
  );
  return result.Item ? unmarshall(result.Item) : undefined;
}

export async function getLead(client: DynamoDBClient, id: string): Promise<LeadItem | undefined> {
  return (await getItem(client, leadKey(id))) as LeadItem | undefined;
}

/** Every inquiry item holding this email address (the table is small: a scan is fine in a test). */
export async function leadsFrom(client: DynamoDBClient, email: string): Promise<LeadItem[]> {
  const items: LeadItem[] = [];
  let startKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: testTableName(),
        ConsistentRead: true,
        FilterExpression: '#kind = :kind AND email = :email',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: { ':kind': { S: 'inquiry' }, ':email': { S: email } },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []).map((item) => unmarshall(item) as LeadItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The deployment key the function derives table keys with (created by the first inquiry). */
export async function pseudonymSecret(client: DynamoDBClient): Promise<Uint8Array> {
  const result = await client.send(
    new GetItemCommand({ TableName: testTableName(), Key: SECRET_KEY, ConsistentRead: true }),
  );
  const value = result.Item?.value?.B;
  if (!value) throw new Error('No pseudonym secret yet: post one inquiry first');
  return value;
}

/** Overwrites a client's rate-limit item with these submission times (newest first, epoch ms). */
export async function setRateLimitTimes(client: DynamoDBClient, ip: string, times: readonly number[]) {
  const key = rateLimitItemKey(pseudonym(await pseudonymSecret(client), 'rate-limit', rateLimitClient(ip)));
  const slots = Object.fromEntries(times.map((time, index) => [`t${index}`, { N: String(time) }]));
  await client.send(
    new PutItemCommand({
      TableName: testTableName(),
      Item: { pk: { S: key.pk }, sk: { S: key.sk }, kind: { S: 'rate-limit' }, ...slots },
    }),
  );
}

/**
 * Ends the dedupe window of a (non-spam) lead now, as ten minutes passing would, but leaves the
 * marker's TTL alone: DynamoDB deletes expired items only eventually, so the marker may still be there.
 */
export async function endDedupeWindow(
  client: DynamoDBClient,
  lead: { name: string; email: string; message: string },
) {
  const fingerprint = pseudonym(
    await pseudonymSecret(client),
    'dedupe',
    dedupeFingerprint({ ...lead, spam: false }),
  );
  const key = dedupeKey(fingerprint);
  await client.send(
    new UpdateItemCommand({
      TableName: testTableName(),
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      UpdateExpression: 'SET #until = :past',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#until': 'until' },
      ExpressionAttributeValues: { ':past': { N: String(Math.floor(Date.now() / 1000) - 1) } },
    }),
  );
}

/** Emails that are about this lead: the acknowledgement to it, and staff emails replying to it. */
export function aboutLead(email: SesEmail, address: string): 'ack' | 'staff' | undefined {
  const wanted = address.toLowerCase();
  if (email.replyTo.some((entry) => entry.toLowerCase().includes(wanted))) return 'staff';
  if (email.destination.to.some((entry) => entry.toLowerCase().includes(wanted))) return 'ack';
  return undefined;
}

export async function emailsAbout(address: string): Promise<{ staff: SesEmail[]; ack: SesEmail[] }> {
  return sortedAbout(await sesEmails(), address);
}

/** emailsAbout, read once everything written before has been handled (see emailsOnceHandled). */
export async function emailsAboutOnceHandled(
  address: string,
): Promise<{ staff: SesEmail[]; ack: SesEmail[] }> {
  return sortedAbout(await emailsOnceHandled((email) => aboutLead(email, address) !== undefined), address);
}

function sortedAbout(all: readonly SesEmail[], address: string): { staff: SesEmail[]; ack: SesEmail[] } {
  return {
    staff: all.filter((email) => aboutLead(email, address) === 'staff'),
    ack: all.filter((email) => aboutLead(email, address) === 'ack'),
  };
}

/** Waits for the staff email and the acknowledgement of one lead; returns them and the wait. */
export async function waitForLeadEmails(
  address: string,
  options: { timeoutMs?: number; ack?: boolean } = {},
): Promise<{ staff: SesEmail[]; ack: SesEmail[]; elapsedMs: number }> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 20_000);
  const wantAck = options.ack ?? true;
  for (;;) {
    const found = await emailsAbout(address);
    if (found.staff.length > 0 && (!wantAck || found.ack.length > 0)) {
      return { ...found, elapsedMs: Date.now() - started };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Lead emails did not arrive in time (staff ${found.staff.length}, ack ${found.ack.length})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
