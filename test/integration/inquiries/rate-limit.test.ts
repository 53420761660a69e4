// The rolling-hour limit per client address (forms.rateLimitPerHour), enforced by a DynamoDB
// condition: each test acts as a client address of its own.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, clinicConfigInUse, randomClientIp, testDynamoDb } from '../support/index.ts';
import { INQUIRIES, leadsFrom, newLead, setRateLimitTimes } from './helpers.ts';

const limit = clinicConfigInUse().forms.rateLimitPerHour;
const HOUR_MS = 3_600_000;
let db: DynamoDBClient;

beforeAll(async () => {
  db = testDynamoDb();
  // The table's pseudonym key exists once any inquiry was stored.
  expect((await api(INQUIRIES, { json: newLead() })).status).toBe(201);
});
afterAll(() => db.destroy());

const postFrom = (clientIp: string, lead = newLead()) => api(INQUIRIES, { json: lead, clientIp });

describe(`POST /v1/inquiries: more than ${limit} an hour from one client`, () => {
  it('takes the allowance, then answers 429 rate_limited with Retry-After, storing nothing', async () => {
    const ip = randomClientIp();
    for (let i = 0; i < limit; i++) {
      expect((await postFrom(ip)).status).toBe(201);
    }
    const lead = newLead();
    const refused = await postFrom(ip, lead);
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    const retryAfter = Number(refused.headers.get('retry-after'));
    // The oldest of this test's submissions is a few seconds old: it frees in just under an hour.
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await leadsFrom(db, lead.email)).toEqual([]);

    // Another client is not affected.
    expect((await postFrom(randomClientIp())).status).toBe(201);
  });

  it('answers an HTML form post 429 with an HTML page', async () => {
    const ip = randomClientIp();
    await setRateLimitTimes(
      db,
      ip,
      Array.from({ length: limit }, () => Date.now() - 60_000),
    );
    const refused = await api(INQUIRIES, { form: newLead(), clientIp: ip });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.text).toContain('Please try again a little later');
    expect(refused.text).toMatch(/Please try again in (a minute|about \d+ minutes|about an hour)\./);
  });

  it('is a rolling hour: a slot frees when the oldest counted submission turns an hour old', async () => {
    const ip = randomClientIp();
    const now = Date.now();
    // `limit` submissions, the oldest 10 s short of an hour ago.
    const times = Array.from({ length: limit }, (_, i) => now - 60_000 * i);
    times[limit - 1] = now - HOUR_MS + 10_000;
    await setRateLimitTimes(db, ip, times);
    const refused = await postFrom(ip);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);

    // The same history an hour on for the oldest: one slot is free, exactly one.
    times[limit - 1] = now - HOUR_MS - 1000;
    await setRateLimitTimes(db, ip, times);
    expect((await postFrom(ip)).status).toBe(201);
    expect((await postFrom(ip)).status).toBe(429);
  });

  it('does not count refused or duplicate posts', async () => {
    const ip = randomClientIp();
    const lead = newLead();
    expect((await postFrom(ip, lead)).status).toBe(201);
    expect((await postFrom(ip, lead)).status).toBe(201); // duplicate: no slot taken
    expect((await api(INQUIRIES, { json: { ...newLead(), email: 'nope' }, clientIp: ip })).status).toBe(400);
    for (let i = 1; i < limit; i++) {
      expect((await postFrom(ip)).status).toBe(201);
    }
    expect((await postFrom(ip)).status).toBe(429);
  });

  it('holds under concurrency: a burst from one client stores at most the allowance', async () => {
    const ip = randomClientIp();
    const leads = Array.from({ length: limit + 5 }, () => newLead());
    const answers = await Promise.all(leads.map((lead) => postFrom(ip, lead)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const stored = await Promise.all(leads.map((lead) => leadsFrom(db, lead.email)));
    expect(stored.flat()).toHaveLength(limit);
  });

  it('counts an IPv6 client by its /64 network', async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
    await setRateLimitTimes(
      db,
      `${prefix}::1`,
      Array.from({ length: limit }, () => Date.now() - 1000),
    );
    expect((await postFrom(`${prefix}::beef`)).status).toBe(429);
  });
});
