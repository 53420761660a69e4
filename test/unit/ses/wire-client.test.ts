// The notifier's SES client on the wire (SES v1's Query protocol): the form it posts and how it
// reads SES's XML answers. The SES emulator (the integration suite sends every email through this
// client to it) never throttles or refuses, so here a local server answers as SES does when it does.
import { describe, expect, it } from 'vitest';
import { SESClient, SendRawEmailCommand } from '../../../shared/adapters/ses/wire-client.ts';
import { scriptedService } from '../../support/scripted-service.ts';

const service = scriptedService({ status: 200, body: '<SendRawEmailResponse/>' }, 'text/xml');
/** What the server received, each body read as the form it is. */
const received = () =>
  service.received.map((request) => ({ headers: request.headers, form: new URLSearchParams(request.body) }));

const client = () =>
  new SESClient({
    region: 'eu-west-1',
    endpoint: service.endpoint,
    credentials: { accessKeyId: 'AKIDSES', secretAccessKey: 'secret' },
    retryDelayMs: () => 0,
  });
const mime = new TextEncoder().encode('From: a@clinic.example\r\nSubject: Hi\r\n\r\nbody');
const errorXml = (code: string, message: string) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;

describe('SendRawEmail', () => {
  it('posts the message base64-encoded as SES’s form fields, signed for ses, and reads the MessageId', async () => {
    service.answers = [
      {
        status: 200,
        body: '<SendRawEmailResponse><SendRawEmailResult><MessageId>0100-abc</MessageId></SendRawEmailResult></SendRawEmailResponse>',
      },
    ];
    const answer = await client().send(
      new SendRawEmailCommand({ RawMessage: { Data: mime }, ConfigurationSetName: 'clinic-events' }),
    );
    expect(answer.MessageId).toBe('0100-abc');
    const [request] = received();
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
    service.answers = [
      { status: 400, body: errorXml('MessageRejected', 'Email address is not verified: a &amp; b') },
    ];
    await expect(
      client().send(new SendRawEmailCommand({ RawMessage: { Data: mime } })),
    ).rejects.toMatchObject({
      name: 'MessageRejected',
      message: 'Email address is not verified: a & b',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: 'req-1', attempts: 1 },
    });
    expect(service.received).toHaveLength(1);
  });

  it('tries a throttle and a 503 again', async () => {
    service.answers = [
      { status: 400, body: errorXml('Throttling', 'Maximum sending rate exceeded.') },
      { status: 503, body: 'Service Unavailable' },
      { status: 200, body: '<MessageId>m-3</MessageId>' },
    ];
    const answer = await client().send(new SendRawEmailCommand({ RawMessage: { Data: mime } }));
    expect(answer.MessageId).toBe('m-3');
    expect(answer.$metadata.attempts).toBe(3);
  });
});
