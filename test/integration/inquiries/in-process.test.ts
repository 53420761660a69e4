// The route and the notifier loaded in this test's own process, against DynamoDB Local and the
// SES emulator, with a table of their own: for what the shared stack cannot show — a clinic
// config without a thank-you URL, and every line the functions log (at DEBUG) while a lead goes
// through, succeeds, fails and is emailed, checked for the values the patient typed.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildHttpEvent, lambdaContext } from '../../../local/http-event.ts';
import { createTableInput } from '../../../shared/adapters/dynamodb/table.ts';
import type { HttpResponse } from '../../../shared/adapters/http/responses.ts';
import { parseClinicConfig } from '../../../shared/config/load.ts';
import type { ClinicConfig } from '../../../shared/core/config/schema.ts';
import { localStack, testDynamoDb, uniqueEmail } from '../support/index.ts';
import { emailsAbout, newLead, waitForLeadEmails } from './helpers.ts';

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;
type StreamHandler = (
  event: DynamoDBStreamEvent,
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

const tableName = `inquiries-in-process-${randomUUID().slice(0, 8)}`;
let db: DynamoDBClient;
/** Answers every SES call 503, as SES does in an outage; only this file's notifier uses it. */
let deadSes: Server;
let deadSesUrl: string;

beforeAll(async () => {
  db = testDynamoDb();
  await db.send(new CreateTableCommand(createTableInput(tableName)));
  deadSes = createServer((request, response) => {
    request.resume();
    response.writeHead(503, { 'content-type': 'text/xml' });
    response.end(
      '<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>down</Message></Error></ErrorResponse>',
    );
  });
  await new Promise<void>((resolve) => deadSes.listen(0, '127.0.0.1', resolve));
  deadSesUrl = `http://127.0.0.1:${(deadSes.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await db.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
  db.destroy();
  await new Promise((resolve) => deadSes.close(resolve));
});

/** Fresh copies of the modules, reading this environment and this config, as a cold start does. */
async function coldStart(config: ClinicConfig, sesEndpoint: string) {
  vi.resetModules();
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: localStack().dynamoEndpoint,
    SES_ENDPOINT: sesEndpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
  });
  delete process.env.POWERTOOLS_DEV;
  const runtime = await import('../../../shared/config/runtime.ts');
  runtime.useClinicConfig(config);
  const route = (await import('../../../functions/inquiries.ts')).handler as unknown as HttpHandler;
  const notifier = (await import('../../../functions/notifier.ts')).handler as unknown as StreamHandler;
  return { route, notifier };
}

/** The config file the stack runs with, edited. */
function configWith(edit: (document: { forms: Record<string, unknown> }) => void): ClinicConfig {
  const document = JSON.parse(readFileSync(localStack().configPath, 'utf8')) as {
    forms: Record<string, unknown>;
  };
  edit(document);
  return parseClinicConfig(document);
}

interface Post {
  readonly json?: unknown;
  readonly form?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly clientIp?: string;
}

function eventFor(post: Post): APIGatewayProxyEventV2 {
  const body =
    post.json === undefined ? new URLSearchParams(post.form).toString() : JSON.stringify(post.json);
  const headers: Record<string, string> = {
    host: 'localhost',
    'content-type': post.json === undefined ? 'application/x-www-form-urlencoded' : 'application/json',
    'x-forwarded-for':
      post.clientIp ?? `198.18.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 254) + 1}`,
    ...post.headers,
  };
  return buildHttpEvent(
    {
      method: 'POST',
      url: '/v1/inquiries',
      rawHeaders: Object.entries(headers).flat(),
      peerAddress: '127.0.0.1',
      httpVersion: '1.1',
      body: Buffer.from(body),
      receivedAt: new Date(),
    },
    { routeKey: 'POST /v1/inquiries', pathParameters: undefined },
  );
}

const context = () =>
  lambdaContext({ functionName: 'in-process-CreateInquiry', timeoutSeconds: 10, memoryMb: 512 });

/** The stream record DynamoDB sends for the lead's insert. */
async function streamEventFor(id: string): Promise<DynamoDBStreamEvent> {
  const result = await db.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: { S: `INQUIRY#${id}` }, sk: { S: 'INQUIRY' } },
      ConsistentRead: true,
    }),
  );
  if (!result.Item) throw new Error('lead not stored');
  return {
    Records: [
      {
        eventID: '1',
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        dynamodb: {
          Keys: { pk: result.Item.pk, sk: result.Item.sk } as never,
          NewImage: result.Item as never,
          SequenceNumber: '100',
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    ],
  };
}

/** Everything written to stdout and stderr while `during` runs. */
async function captureOutput(during: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture as never);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture as never);
  try {
    await during();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return chunks.join('');
}

describe('POST /v1/inquiries for a clinic without forms.thankYouUrl', () => {
  it('answers an HTML form post 200 with an accessible thank-you page linking back', async () => {
    const config = configWith((document) => {
      delete document.forms.thankYouUrl;
    });
    const { route } = await coldStart(config, localStack().sesUrl);
    const formPage = `${config.cors.allowedOrigins[0]}/contact`;
    const response = await route(eventFor({ form: newLead(), headers: { referer: formPage } }), context());
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('<h1>Thank you for your message</h1>');
    expect(response.body).toContain(`<a href="${formPage}">`);

    // A disallowed _next does not change that; an allowed one still wins.
    const ignored = await route(
      eventFor({ form: { ...newLead(), _next: 'https://evil.example/' } }),
      context(),
    );
    expect(ignored.statusCode).toBe(200);
    const next = `${config.cors.allowedOrigins[0]}/done`;
    const redirected = await route(eventFor({ form: { ...newLead(), _next: next } }), context());
    expect(redirected.statusCode).toBe(303);
    expect(redirected.headers.location).toBe(next);
  });
});

describe('what the functions log while a lead goes through', () => {
  it('never contains a submitted name, email, phone or message — in success, refusal, failure or delivery', async () => {
    const config = configWith((document) => {
      document.forms.rateLimitPerHour = 2;
    });
    const lead = {
      name: 'Quentin Zarathustra',
      email: uniqueEmail('quentinzed'),
      phone: '(201) 555-0187',
      message: 'Persistent sciatica after the marathon, left leg numb.',
      topic: 'Sciatica',
      consent: 'yes',
      insurance: 'Oxford Freedom',
    };
    const secrets = [
      'Quentin',
      'Zarathustra',
      lead.email,
      lead.email.split('@')[0] as string,
      '555-0187',
      '5550187',
      '+12015550187',
      'sciatica',
      'Sciatica',
      'marathon',
      'numb',
      'Oxford Freedom',
    ];
    const clientIp = '198.18.77.77';
    let id = '';

    const output = await captureOutput(async () => {
      const { route, notifier: failingNotifier } = await coldStart(config, deadSesUrl);
      // Stored, then its duplicate, then refused for the limit, then refused as invalid (HTML and JSON).
      const stored = await route(eventFor({ json: lead, clientIp }), context());
      expect(stored.statusCode).toBe(201);
      id = (JSON.parse(stored.body as string) as { id: string }).id;
      expect((await route(eventFor({ json: lead, clientIp }), context())).statusCode).toBe(201);
      expect(
        (await route(eventFor({ json: { ...lead, message: `${lead.message}!` }, clientIp }), context()))
          .statusCode,
      ).toBe(201);
      expect(
        (await route(eventFor({ json: { ...lead, message: `${lead.message}?` }, clientIp }), context()))
          .statusCode,
      ).toBe(429);
      const invalid = { ...lead, email: `${lead.name}@`, phone: `${lead.phone}0000` };
      expect((await route(eventFor({ form: invalid }), context())).statusCode).toBe(400);
      expect((await route(eventFor({ json: invalid }), context())).statusCode).toBe(400);
      // A body the parser chokes on, holding the same values.
      const broken = await route(
        { ...eventFor({ json: lead }), body: `{"name":"${lead.name}","message":"${lead.message}` },
        context(),
      );
      expect(broken.statusCode).toBe(400);

      // The notifier with SES down: the record fails and is logged as failed.
      const event = await streamEventFor(id);
      const failed = await failingNotifier(event);
      expect(failed.batchItemFailures).toHaveLength(1);

      // And with SES up: both emails go out.
      const { notifier } = await coldStart(config, localStack().sesUrl);
      expect((await notifier(await streamEventFor(id))).batchItemFailures).toEqual([]);
    });

    // The capture saw the functions' logs (so an empty capture cannot pass the test)…
    expect(output).toContain('"message":"inquiry"');
    expect(output).toContain(`"inquiryId":"${id}"`);
    expect(output).toContain('"message":"request"');
    expect(output).toContain('Stream record failed');
    // …and none of what the patient typed.
    for (const value of secrets) expect(output).not.toContain(value);

    const { staff, ack } = await waitForLeadEmails(lead.email);
    expect(staff).toHaveLength(1);
    expect(ack).toHaveLength(1);
    expect((await emailsAbout(lead.email)).staff[0]?.body.text).toContain('Quentin Zarathustra');
  });
});
