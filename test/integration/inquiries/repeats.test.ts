// Repeated inquiries: Idempotency-Key replays (and its 422 and 409), and the 10-minute dedupe of
// the same name, email and message — one lead, one pair of emails, however often it is sent.
import { createHash, randomUUID } from 'node:crypto';
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKey } from '../../../shared/adapters/http/idempotency.ts';
import { api, testDynamoDb, testTableName } from '../support/index.ts';
import {
  emailsAboutOnceHandled,
  endDedupeWindow,
  INQUIRIES,
  leadsFrom,
  newLead,
  waitForLeadEmails,
} from './helpers.ts';

let db: DynamoDBClient;
beforeAll(() => {
  db = testDynamoDb();
});
afterAll(() => db.destroy());

const post = (json: unknown, key?: string, clientIp?: string) =>
  api(INQUIRIES, {
    json,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
    ...(clientIp ? { clientIp } : {}),
  });

describe('POST /v1/inquiries with Idempotency-Key', () => {
  it('replays the first answer (same id, same status) with no second record and no second email', async () => {
    const lead = newLead();
    const key = randomUUID();
    const first = await post(lead, key);
    expect(first.status).toBe(201);
    // A retry from another connection (say, after a mobile network drop) with the same key.
    const again = await post(lead, key);
    const third = await post(lead, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(third.text).toBe(first.text);

    expect(await leadsFrom(db, lead.email)).toHaveLength(1);
    await waitForLeadEmails(lead.email);
    const emails = await emailsAboutOnceHandled(lead.email);
    expect(emails.staff).toHaveLength(1);
    expect(emails.ack).toHaveLength(1);
  });

  it('replays a form post its 303 as well', async () => {
    const key = randomUUID();
    const lead = newLead();
    const first = await api(INQUIRIES, { form: lead, headers: { 'idempotency-key': key } });
    const again = await api(INQUIRIES, { form: lead, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(303);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await leadsFrom(db, lead.email)).toHaveLength(1);
  });

  it('answers 422 idempotency_key_reused to the same key with another body, storing nothing new', async () => {
    const key = randomUUID();
    const lead = newLead();
    expect((await post(lead, key)).status).toBe(201);
    const other = newLead();
    const reused = await post(other, key);
    expect(reused.status).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
    expect(await leadsFrom(db, other.email)).toEqual([]);
  });

  it('answers 409 request_in_progress while the first request with the key is still running', async () => {
    const lead = newLead();
    const key = randomUUID();
    const body = JSON.stringify(lead);
    // Hold a first request "in flight": the claim the idempotency middleware writes when a request
    // with this key starts, as it stands until that request finishes.
    const now = Math.floor(Date.now() / 1000);
    await db.send(
      new PutItemCommand({
        TableName: testTableName(),
        Item: {
          pk: { S: idempotencyKey('POST /v1/inquiries', key) },
          sk: { S: 'IDEMPOTENCY' },
          kind: { S: 'idempotency' },
          status: { S: 'in_progress' },
          owner: { S: randomUUID() },
          fingerprint: { S: createHash('sha256').update(`application/json\n${body}`).digest('hex') },
          leaseUntil: { N: String(now + 30) },
          expiresAt: { N: String(now + 86_400) },
        },
      }),
    );
    const concurrent = await api(INQUIRIES, {
      body,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
    });
    expect(concurrent.status).toBe(409);
    expect(concurrent.json()).toMatchObject({ code: 'request_in_progress' });
    expect(concurrent.headers.get('retry-after')).toBe('1');
    expect(await leadsFrom(db, lead.email)).toEqual([]);
  });

  it('refuses a key longer than 255 characters, storing nothing', async () => {
    const lead = newLead();
    const response = await post(lead, 'k'.repeat(256));
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'Idempotency-Key' }],
    });
    expect(await leadsFrom(db, lead.email)).toEqual([]);
    expect((await post(newLead(), 'k'.repeat(255))).status).toBe(201);
  });

  it('lets two concurrent requests with one key make one lead', async () => {
    const lead = newLead();
    const key = randomUUID();
    const answers = await Promise.all([post(lead, key), post(lead, key), post(lead, key)]);
    const statuses = answers.map((a) => a.status).sort();
    // The first to claim the key stores; the others replay it or are told it is still running.
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.json<{ id: string }>().id));
    expect(ids.size).toBe(1);
    expect(await leadsFrom(db, lead.email)).toHaveLength(1);
  });
});

describe('POST /v1/inquiries: the same lead again within 10 minutes', () => {
  it('returns the first id, keeps one lead and sends one pair of emails', async () => {
    const lead = newLead();
    const first = await post(lead);
    // A second tab, a reload, a double click: no key, another client address even.
    const second = await post({ ...lead, email: lead.email.toUpperCase(), name: ` ${lead.name} ` });
    const third = await api(INQUIRIES, { form: lead });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(third.status).toBe(303);
    const { id } = first.json<{ id: string }>();
    expect(second.json<{ id: string }>().id).toBe(id);

    const stored = await leadsFrom(db, lead.email);
    expect(stored.map((item) => item.id)).toEqual([id]);
    await waitForLeadEmails(lead.email);
    const emails = await emailsAboutOnceHandled(lead.email);
    expect(emails.staff).toHaveLength(1);
    expect(emails.ack).toHaveLength(1);
  });

  it('returns the first id to identical concurrent posts', async () => {
    const lead = newLead();
    const answers = await Promise.all([post(lead), post(lead), post(lead), post(lead)]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.json<{ id: string }>().id)).size).toBe(1);
    expect(await leadsFrom(db, lead.email)).toHaveLength(1);
  });

  it('takes the same lead after the 10 minutes as a new one, even before TTL removed the old marker', async () => {
    const lead = newLead();
    const first = await post(lead);
    expect(first.status).toBe(201);
    await endDedupeWindow(db, lead);
    const later = await post(lead);
    expect(later.status).toBe(201);
    const ids = [first, later].map((answer) => answer.json<{ id: string }>().id);
    expect(ids[1]).not.toBe(ids[0]);
    expect((await leadsFrom(db, lead.email)).map((item) => item.id).sort()).toEqual([...ids].sort());
    // The new lead holds the window now.
    expect((await post(lead)).json<{ id: string }>().id).toBe(ids[1]);
  });

  it('keeps leads that differ in name, email or message apart', async () => {
    const lead = newLead();
    const ids = new Set<string>();
    for (const variant of [
      lead,
      { ...lead, message: `${lead.message} Also my neck.` },
      { ...lead, name: 'Sam Other' },
    ]) {
      const response = await post(variant);
      expect(response.status).toBe(201);
      ids.add(response.json<{ id: string }>().id);
    }
    expect(ids.size).toBe(3);
    expect(await leadsFrom(db, lead.email)).toHaveLength(3);
  });
});
