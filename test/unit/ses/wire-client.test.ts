// The notifier's SES client on the wire (SES v1's Query protocol): the form it posts and how it
// reads SES's XML answers. The SES emulator (the integration suite sends every email through this
// client to it) never throttles or refuses, so here a local server answers as SES does when it does.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SESClient, SendRawEmailCommand } from '../../../shared/adapters/ses/wire-client.ts';

let server: Server;
let endpoint: string;
let received: { headers: IncomingMessage['headers']; form: URLSearchParams }[] = [];
let answers: { status: number; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        form: new URLSearchParams(Buffer.concat(chunks).toString()),
      });
      const answer = answers.shift() ?? { status: 200, body: '<SendRawEmailResponse/>' };
      response.writeHead(answer.status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'ses-req' });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  answers = [];
});

const client = () =>
  new SESClient({
    region: 'eu-west-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDSES', secretAccessKey: 'secret' },
    retryDelayMs: () => 0,
  });
const mime = new TextEncoder().encode('From: a@clinic.example\r\nSubject: Hi\r\n\r\nbody');
const errorXml = (code: string, message: string) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;

describe('SendRawEmail', () => {
  it('posts the message base64-encoded as SES’s form fields, signed for ses, and reads the MessageId', async () => {
    answers = [
      {
        status: 200,
        body: '<SendRawEmailResponse><SendRawEmailResult><MessageId>0100-abc</MessageId></SendRawEmailResult></SendRawEmailResponse>',
      },
    ];
    const answer = await client().send(
      new SendRawEmailCommand({ RawMessage: { Data: mime }, ConfigurationSetName: 'clinic-events' }),
    );
    expect(answer.MessageId).toBe('0100-abc');
    const [request] = received;
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      Action: 'SendRawEmail',
      Version: '2010-12-01',
      'RawMessage.Data': Buffer.from(mime).toString('base64'),
      ConfigurationSetName: 'clinic-events',
    });
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(request?.headers.authorization).toMatch(/Credential=AKIDSES\/\d{8}\/eu-west-1\/ses\/aws4_request/);
  });

  it('names an error by SES’s code, with its message, and does not retry a refusal', async () => {
    answers = [
      { status: 400, body: errorXml('MessageRejected', 'Email address is not verified: a &amp; b') },
    ];
    await expect(
      client().send(new SendRawEmailCommand({ RawMessage: { Data: mime } })),
    ).rejects.toMatchObject({
      name: 'MessageRejected',
      message: 'Email address is not verified: a & b',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: 'ses-req', attempts: 1 },
    });
    expect(received).toHaveLength(1);
  });

  it('tries a throttle and a 503 again', async () => {
    answers = [
      { status: 400, body: errorXml('Throttling', 'Maximum sending rate exceeded.') },
      { status: 503, body: 'Service Unavailable' },
      { status: 200, body: '<MessageId>m-3</MessageId>' },
    ];
    const answer = await client().send(new SendRawEmailCommand({ RawMessage: { Data: mime } }));
    expect(answer.MessageId).toBe('m-3');
    expect(answer.$metadata.attempts).toBe(3);
  });
});
