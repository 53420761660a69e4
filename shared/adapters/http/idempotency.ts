// `Idempotency-Key` for POST routes (API.md): the first request with a key claims it with one
// conditional put; a repeat with the same body replays the stored answer, with another body is
// 422, and while the first is still running is 409. Written here rather than with Powertools'
// idempotency utility because the API needs those three answers as problem documents, keyed per
// route, with 5xx answers left retryable — a conditional put and an update say exactly that.
import { createHash, randomUUID } from 'node:crypto';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { DomainError, ValidationError } from '../../core/errors.ts';
import { errorFacts, logger } from '../../platform/logger.ts';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '../dynamodb/wire-client.ts';
import type { HttpInternal, Request } from './middleware.ts';
import { rawBodyBytes } from './raw-body.ts';
import type { HttpResponse } from './responses.ts';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** How long an unfinished first request holds its key before a retry may take it over. */
export const IN_PROGRESS_LEASE_SECONDS = 30;

export interface IdempotencyOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly now?: () => number;
}

interface Claim {
  pk: string;
  owner: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * What "the same body" means: the media type and the body as sent, except that a multipart
 * body's boundary — chosen afresh by the client for every send — is left out.
 */
export function requestFingerprint(event: APIGatewayProxyEventV2): string {
  const contentType = event.headers?.['content-type'] ?? '';
  let body = rawBodyBytes(event).toString('utf8');
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary && /^multipart\//i.test(contentType)) body = body.replaceAll(boundary, '');
  return sha256(`${contentType.split(';')[0]?.trim().toLowerCase()}\n${body}`);
}

/** The table key of a claim: hashed, so neither the client's key nor anything it contains is stored in a key. */
export function idempotencyKey(routeKey: string, key: string): string {
  return `IDEMPOTENCY#${sha256(`${routeKey}\n${key}`)}`;
}

export function idempotency(
  options: IdempotencyOptions,
): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context> {
  const { client, tableName } = options;
  const now = options.now ?? Date.now;

  const release = async (claim: Claim) => {
    await client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: { pk: { S: claim.pk }, sk: { S: 'IDEMPOTENCY' } },
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': { S: claim.owner } },
      }),
    );
  };

  const complete = async (request: Request) => {
    const internal = request.internal as HttpInternal;
    const claim = internal.idempotencyClaim as Claim | undefined;
    const response = request.response;
    if (!claim) return;
    internal.idempotencyClaim = undefined;
    try {
      if (!response || response.statusCode >= 500) {
        // A failure on our side must stay retryable with the same key.
        await release(claim);
        return;
      }
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: { S: claim.pk }, sk: { S: 'IDEMPOTENCY' } },
          UpdateExpression: 'SET #status = :completed, #response = :response',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response', '#owner': 'owner' },
          ExpressionAttributeValues: {
            ':completed': { S: 'completed' },
            ':response': { S: JSON.stringify(response) },
            ':owner': { S: claim.owner },
          },
        }),
      );
    } catch (error) {
      // The answer already exists and its effect is stored; failing to remember it only costs a
      // retry its replay, so the client still gets its answer.
      logger.warn('Could not record idempotent response', errorFacts(error));
    }
  };

  return {
    before: async (request) => {
      const event = request.event;
      if (event.requestContext?.http?.method !== 'POST') return;
      const key = event.headers?.['idempotency-key'];
      if (key === undefined) return;
      if (key.length < 1 || key.length > 255) {
        throw new ValidationError([{ path: 'Idempotency-Key', message: 'Must be 1 to 255 characters' }]);
      }
      const pk = idempotencyKey(event.routeKey, key);
      const owner = randomUUID();
      const nowSeconds = Math.floor(now() / 1000);
      const fingerprint = requestFingerprint(event);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              pk: { S: pk },
              sk: { S: 'IDEMPOTENCY' },
              kind: { S: 'idempotency' },
              status: { S: 'in_progress' },
              owner: { S: owner },
              fingerprint: { S: fingerprint },
              leaseUntil: { N: String(nowSeconds + IN_PROGRESS_LEASE_SECONDS) },
              expiresAt: { N: String(nowSeconds + IDEMPOTENCY_TTL_SECONDS) },
            },
            // Free when absent, expired (TTL deletion lags), or abandoned by a first request that died.
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :inProgress AND leaseUntil < :now AND fingerprint = :fingerprint)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':now': { N: String(nowSeconds) },
              ':inProgress': { S: 'in_progress' },
              ':fingerprint': { S: fingerprint },
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
        const existing = unmarshall(error.Item) as { fingerprint: string; status: string; response?: string };
        if (existing.fingerprint !== fingerprint) {
          throw new DomainError(
            'idempotency_key_reused',
            'This Idempotency-Key was already used with a different request body',
          );
        }
        if (existing.status === 'completed' && existing.response) {
          logger.info('idempotent replay', { route: event.routeKey });
          return JSON.parse(existing.response) as HttpResponse;
        }
        throw new DomainError(
          'request_in_progress',
          'A request with this Idempotency-Key is still being processed; retry shortly',
        );
      }
      (request.internal as HttpInternal).idempotencyClaim = { pk, owner } satisfies Claim;
    },
    after: complete,
    onError: complete,
  };
}
