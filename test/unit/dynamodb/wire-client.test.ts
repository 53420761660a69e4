// The functions' DynamoDB client on the wire: what it sends (a SigV4-signed JSON 1.0 POST naming
// the operation), how it reads DynamoDB's error answers, and what it tries again. DynamoDB Local
// (the integration suite runs every store through this client against it) never throttles, fails
// or drops a connection, so here a local HTTP server answers as DynamoDB does when it does.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '../../../shared/adapters/dynamodb/wire-client.ts';
import { scriptedService } from '../../support/scripted-service.ts';

const service = scriptedService({ status: 200, body: '{}' }, 'application/x-amz-json-1.0');
/** What the server received, each body parsed. */
const received = () => service.received.map((request) => ({ ...request, body: JSON.parse(request.body) }));

const waits: number[] = [];
function client(options: { maxAttempts?: number; requestTimeoutMs?: number; sessionToken?: string } = {}) {
  return new DynamoDBClient({
    region: 'eu-central-1',
    endpoint: service.endpoint,
    credentials: {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: options.sessionToken,
    },
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    retryDelayMs: (attempt) => {
      waits.push(attempt);
      return 0;
    },
  });
}
const error = (type: string, fields: Record<string, unknown> = {}) => ({
  status: 400,
  body: JSON.stringify({
    __type: `com.amazonaws.dynamodb.v20120810#${type}`,
    message: `${type}!`,
    ...fields,
  }),
});
const get = new GetItemCommand({ TableName: 'clinic', Key: { pk: { S: 'a' }, sk: { S: 'b' } } });

describe('a request', () => {
  it('is a signed JSON 1.0 POST naming the operation, with the input as its body', async () => {
    service.answers = [{ status: 200, body: JSON.stringify({ Item: { pk: { S: 'a' } } }) }];
    const answer = await client({ sessionToken: 'session' }).send(get);
    expect(answer.Item).toEqual({ pk: { S: 'a' } });
    expect(answer.$metadata).toEqual({ httpStatusCode: 200, requestId: 'req-1', attempts: 1 });
    const [request] = received();
    expect(request?.body).toEqual(get.input);
    expect(request?.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request?.headers['x-amz-security-token']).toBe('session');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/dynamodb\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('carries binary attributes base64-encoded and hands them back as bytes', async () => {
    service.answers = [
      { status: 200, body: '{}' },
      { status: 200, body: JSON.stringify({ Item: { v: { B: 'AQID' }, s: { BS: ['BAU='] } } }) },
    ];
    await client().send(
      new PutItemCommand({ TableName: 'clinic', Item: { v: { B: Buffer.from([1, 2, 3]) } } }),
    );
    expect(received()[0]?.body).toEqual({ TableName: 'clinic', Item: { v: { B: 'AQID' } } });
    const { Item } = await client().send(get);
    expect([...(Item?.v?.B ?? [])]).toEqual([1, 2, 3]);
    expect(Item?.s?.BS?.map((bytes) => [...bytes])).toEqual([[4, 5]]);
  });

  it('gives a transaction a token, and the same token on every attempt', async () => {
    service.answers = [
      { status: 500, body: '{}' },
      { status: 200, body: '{}' },
    ];
    const transaction = new TransactWriteItemsCommand({
      TransactItems: [{ Put: { TableName: 'clinic', Item: { pk: { S: 'a' } } } }],
    });
    await client().send(transaction);
    const tokens = received().map((request) => request.body.ClientRequestToken as unknown);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
    expect(transaction.input).not.toHaveProperty('ClientRequestToken');
  });

  it('reads the credentials from the Lambda environment when none are given, and says which are missing', async () => {
    const saved = { ...process.env };
    try {
      process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV';
      process.env.AWS_SECRET_ACCESS_KEY = 'fromenv';
      delete process.env.AWS_SESSION_TOKEN;
      const fromEnvironment = new DynamoDBClient({ region: 'us-east-1', endpoint: service.endpoint });
      await fromEnvironment.send(get);
      expect(received()[0]?.headers.authorization).toContain('Credential=AKIDFROMENV/');
      expect(received()[0]?.headers).not.toHaveProperty('x-amz-security-token');
      delete process.env.AWS_ACCESS_KEY_ID;
      await expect(fromEnvironment.send(get)).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
      fromEnvironment.destroy();
    } finally {
      process.env = saved;
    }
  });
});

describe('an error answer', () => {
  it('is the SDK’s error by name, with the item a failed condition returned', async () => {
    service.answers = [error('ConditionalCheckFailedException', { Item: { pk: { S: 'old' } } })];
    const thrown = await client()
      .send(new PutItemCommand({ TableName: 'clinic', Item: {} }))
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ConditionalCheckFailedException);
    expect(thrown).toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'ConditionalCheckFailedException!',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: 'req-1', attempts: 1 },
      Item: { pk: { S: 'old' } },
    });
    expect(service.received).toHaveLength(1);
  });

  it('of a cancelled transaction carries the reasons, and is not tried again', async () => {
    const reasons = [{ Code: 'None' }, { Code: 'TransactionConflict', Message: 'ongoing' }];
    service.answers = [error('TransactionCanceledException', { CancellationReasons: reasons })];
    const thrown = await client()
      .send(new TransactWriteItemsCommand({ TransactItems: [] }))
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(TransactionCanceledException);
    expect((thrown as TransactionCanceledException).CancellationReasons).toEqual(reasons);
    expect(service.received).toHaveLength(1);
  });

  it('copies nothing else of the answer onto the error', async () => {
    service.answers = [
      {
        status: 400,
        body: '{"__type":"x#ValidationException","Message":"bad","__proto__":{"polluted":1},"name":"Other"}',
      },
    ];
    const thrown = (await client()
      .send(get)
      .catch((e: unknown) => e)) as Record<string, unknown>;
    expect(thrown.name).toBe('ValidationException');
    expect(thrown.message).toBe('bad');
    expect(thrown.polluted).toBeUndefined();
  });

  it('named like an Object property is still the service’s error', async () => {
    service.answers = [{ status: 400, body: '{"__type":"x#constructor","message":"odd"}' }];
    const thrown = await client()
      .send(get)
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(DynamoDBServiceException);
    expect(thrown).toMatchObject({ name: 'constructor', message: 'odd' });
  });

  it('that is not JSON is named by its status', async () => {
    service.answers = [{ status: 413, body: '<html>Request Entity Too Large</html>' }];
    await expect(client().send(get)).rejects.toMatchObject({ name: 'HttpStatus413', $fault: 'client' });
  });
});

describe('retries', () => {
  beforeEach(() => {
    waits.length = 0;
  });

  it('try throttling, a 5xx and a dropped connection again, waiting between attempts', async () => {
    service.answers = [
      error('ProvisionedThroughputExceededException'),
      { status: 503, body: 'busy' },
      'drop',
      { status: 200, body: '{"Count":0}' },
    ];
    const answer = await client({ maxAttempts: 4 }).send(
      new QueryCommand({ TableName: 'clinic', KeyConditionExpression: 'pk = :p' }),
    );
    expect(answer.Count).toBe(0);
    expect(answer.$metadata.attempts).toBe(4);
    expect(waits).toEqual([0, 1, 2]);
  });

  it('stop at maxAttempts and hand over the last error', async () => {
    service.answers = [
      error('ThrottlingException'),
      error('ThrottlingException'),
      error('ThrottlingException'),
    ];
    await expect(client().send(get)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(service.received).toHaveLength(3);
  });

  it('never repeat an answer that is final (a validation error)', async () => {
    service.answers = [error('ValidationException')];
    await expect(client().send(get)).rejects.toMatchObject({ name: 'ValidationException' });
    expect(service.received).toHaveLength(1);
  });

  it('try a request with no answer in time again, then give up with a TimeoutError', async () => {
    service.answers = ['hang', 'hang'];
    await expect(client({ maxAttempts: 2, requestTimeoutMs: 50 }).send(get)).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(service.received).toHaveLength(2);
  });

  it('count every attempt for a listener, whose thrown error is that attempt’s answer', async () => {
    const seen: string[] = [];
    const counted = client();
    let first = true;
    counted.onAttempt((operation) => {
      seen.push(operation);
      if (first) {
        first = false;
        const throttle = new Error('slow down');
        throttle.name = 'ECONNRESET';
        throw Object.assign(throttle, { code: 'ECONNRESET' });
      }
    });
    await counted.send(get);
    expect(seen).toEqual(['GetItem', 'GetItem']);
    expect(service.received).toHaveLength(1);
  });
});
