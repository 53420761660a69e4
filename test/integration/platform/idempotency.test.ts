// The Idempotency-Key middleware against DynamoDB Local: claims, replays, conflicts and leases.
import { createHash, randomUUID } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { PutItemCommand } from '../../../shared/adapters/dynamodb/wire-client.ts';
import {
  IDEMPOTENCY_TTL_SECONDS,
  idempotency,
  idempotencyKey,
} from '../../../shared/adapters/http/idempotency.ts';
import { problemResponses } from '../../../shared/adapters/http/middleware.ts';
import { type HttpResponse, json } from '../../../shared/adapters/http/responses.ts';
import { apiEvent, lambdaContext } from '../../support/events.ts';
import { testStoreDynamoDb, testTableName } from '../support/index.ts';

const client = testStoreDynamoDb();
afterAll(() => client.destroy());

function route(handler: (event: APIGatewayProxyEventV2) => Promise<HttpResponse>, now?: () => number) {
  let calls = 0;
  const wrapped = middy<APIGatewayProxyEventV2, HttpResponse, Error, Context>()
    .use(idempotency({ client, tableName: testTableName(), ...(now ? { now } : {}) }))
    .use(problemResponses())
    .handler(async (event) => {
      calls += 1;
      return handler(event);
    });
  return {
    invoke: (event: APIGatewayProxyEventV2) => wrapped(event, lambdaContext()) as Promise<HttpResponse>,
    calls: () => calls,
  };
}

function post(key: string | undefined, body: string, path = '/v1/things') {
  return apiEvent({
    method: 'POST',
    path,
    body,
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
  });
}

const created = async () => json(201, { id: randomUUID(), status: 'received' });
const problem = (response: HttpResponse) =>
  JSON.parse(response.body as string) as { code: string; status: number };

describe('Idempotency-Key on POST routes', () => {
  it('replays the first answer (same id, same status) and runs the handler once', async () => {
    const things = route(created);
    const key = randomUUID();
    const first = await things.invoke(post(key, '{"a":1}'));
    const second = await things.invoke(post(key, '{"a":1}'));
    expect(first.statusCode).toBe(201);
    expect(second).toEqual(first);
    expect(things.calls()).toBe(1);
  });

  it('answers 422 idempotency_key_reused for the same key with another body, with no second effect', async () => {
    const things = route(created);
    const key = randomUUID();
    await things.invoke(post(key, '{"a":1}'));
    const reused = await things.invoke(post(key, '{"a":2}'));
    expect(reused.statusCode).toBe(422);
    expect(problem(reused).code).toBe('idempotency_key_reused');
    expect(things.calls()).toBe(1);
  });

  it('answers 409 request_in_progress while the first request is still running, then replays it', async () => {
    let finish: () => void = () => undefined;
    const slow = route(
      () =>
        new Promise<HttpResponse>((resolve) => {
          finish = () => resolve(json(201, { id: 'slow-1' }));
        }),
    );
    const key = randomUUID();
    const first = slow.invoke(post(key, '{"a":1}'));
    // Let the first request claim the key before the duplicate arrives.
    await expect.poll(() => slow.calls(), { timeout: 5000 }).toBe(1);
    const duplicate = await slow.invoke(post(key, '{"a":1}'));
    expect(duplicate.statusCode).toBe(409);
    expect(problem(duplicate).code).toBe('request_in_progress');
    finish();
    expect((await first).statusCode).toBe(201);
    const replay = await slow.invoke(post(key, '{"a":1}'));
    expect(JSON.parse(replay.body as string)).toEqual({ id: 'slow-1' });
    expect(slow.calls()).toBe(1);
  });

  it('keeps a key retryable after a failure on our side (5xx)', async () => {
    let fail = true;
    const flaky = route(async () => {
      if (fail) throw new Error('table unavailable');
      return json(201, { id: 'ok' });
    });
    const key = randomUUID();
    expect((await flaky.invoke(post(key, '{}'))).statusCode).toBe(500);
    fail = false;
    expect((await flaky.invoke(post(key, '{}'))).statusCode).toBe(201);
    expect(flaky.calls()).toBe(2);
  });

  it('replays client errors too, so a retry sees the same answer', async () => {
    const rejecting = route(async () => json(400, { code: 'validation_failed' }));
    const key = randomUUID();
    await rejecting.invoke(post(key, '{}'));
    await rejecting.invoke(post(key, '{}'));
    expect(rejecting.calls()).toBe(1);
  });

  it('scopes keys to the route: one key on two routes is two requests', async () => {
    const things = route(created);
    const key = randomUUID();
    await things.invoke(post(key, '{}', '/v1/things'));
    await things.invoke(post(key, '{}', '/v1/other-things'));
    expect(things.calls()).toBe(2);
  });

  it('lets a retry take over a key whose first request died (lease expired)', async () => {
    let clock = Date.now();
    const things = route(created, () => clock);
    const key = randomUUID();
    const nowSeconds = Math.floor(clock / 1000);
    // A claim as the middleware writes it, by a container that died before completing it.
    const fingerprint = createHash('sha256').update('application/json\n{}').digest('hex');
    await client.send(
      new PutItemCommand({
        TableName: testTableName(),
        Item: {
          pk: { S: idempotencyKey('POST /v1/things', key) },
          sk: { S: 'IDEMPOTENCY' },
          kind: { S: 'idempotency' },
          status: { S: 'in_progress' },
          owner: { S: 'dead-container' },
          fingerprint: { S: fingerprint },
          leaseUntil: { N: String(nowSeconds + 30) },
          expiresAt: { N: String(nowSeconds + IDEMPOTENCY_TTL_SECONDS) },
        },
      }),
    );
    expect((await things.invoke(post(key, '{}'))).statusCode).toBe(409);
    clock += 31_000;
    expect((await things.invoke(post(key, '{}'))).statusCode).toBe(201);
    expect(things.calls()).toBe(1);
  });

  it('treats a key older than 24 hours as new', async () => {
    let clock = Date.now();
    const things = route(created, () => clock);
    const key = randomUUID();
    await things.invoke(post(key, '{"a":1}'));
    clock += (IDEMPOTENCY_TTL_SECONDS + 1) * 1000;
    const later = await things.invoke(post(key, '{"a":2}'));
    expect(later.statusCode).toBe(201);
    expect(things.calls()).toBe(2);
  });

  it.each([
    ['empty', ''],
    ['longer than 255 characters', 'k'.repeat(256)],
  ])('refuses an Idempotency-Key that is %s (400)', async (_label, key) => {
    const things = route(created);
    const response = await things.invoke(post(key, '{}'));
    expect(response.statusCode).toBe(400);
    expect(problem(response).code).toBe('validation_failed');
    expect(things.calls()).toBe(0);
  });

  it('does nothing without the header', async () => {
    const things = route(created);
    await things.invoke(post(undefined, '{}'));
    await things.invoke(post(undefined, '{}'));
    expect(things.calls()).toBe(2);
  });
});
