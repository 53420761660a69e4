// The local SMS sink speaks End User Messaging SMS v2's wire protocol: the real SDK client sends
// through it and parses its answers into the SDK's own exceptions (ConflictException with
// `.Reason`, ValidationException with `.Fields`), so the production code path is the one tested.
// A sink of this file's own, so clearing it disturbs no other test.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConflictException,
  DescribePhoneNumbersCommand,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError } from '../../local/processes.ts';
import { type RunningSmsSink, startSmsSink } from '../../local/sms-sink.ts';
import { optOutPhone, sinkRefusals, sinkTexts, uniquePhone } from './support/index.ts';

let sink: RunningSmsSink;
let client: PinpointSMSVoiceV2Client;
beforeAll(async () => {
  sink = await startSmsSink({ port: 0 });
  // The SDK's own client (the functions use shared/adapters/sms/wire-client.ts, tested against the
  // sink in platform/text-outbox.test.ts): what the sink answers is what the SDK reads.
  client = new PinpointSMSVoiceV2Client({
    endpoint: sink.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await sink?.stop();
});

const REMINDER = 'Riverside Spine: see you Tue, Dec 1 at 9:00 AM. Reply STOP to opt out';

const send = (to: string, body = REMINDER) =>
  client.send(
    new SendTextMessageCommand({
      DestinationPhoneNumber: to,
      OriginationIdentity: '+12015550100',
      MessageBody: body,
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'clinic-texts',
    }),
  );

/** The raw wire: what the SDK would put on it, for answers it never asks for. */
const post = (target: string | undefined, body: string) =>
  fetch(sink.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', ...(target ? { 'x-amz-target': target } : {}) },
    body,
  });

describe('SendTextMessage through the real client', () => {
  it('answers a MessageId and records the text with what it was sent with', async () => {
    const to = uniquePhone();
    const before = Date.now();
    const { MessageId } = await send(to);
    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const [text, ...more] = await sinkTexts(to, sink.url);
    expect(more).toEqual([]);
    expect(text).toEqual({
      messageId: MessageId,
      to,
      body: REMINDER,
      at: expect.any(String),
      originationIdentity: '+12015550100',
      messageType: 'TRANSACTIONAL',
      configurationSetName: 'clinic-texts',
      encoding: 'GSM-7',
      units: REMINDER.length,
      segments: 1,
    });
    expect(Date.parse(text?.at as string)).toBeGreaterThanOrEqual(before - 1_000);
  });

  it('refuses an opted-out number with the ConflictException End User Messaging gives, and sends nothing', async () => {
    const to = uniquePhone();
    await optOutPhone(to, sink.url);
    const failure = await send(to).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConflictException);
    expect(failure).toMatchObject({
      name: 'ConflictException',
      Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
      ResourceType: expect.any(String),
      ResourceId: expect.any(String),
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    expect((failure as ConflictException).message).toMatch(/opted out/);
    expect(await sinkTexts(to, sink.url)).toEqual([]);
    expect(await sinkRefusals(to, sink.url)).toEqual([
      { to, at: expect.any(String), reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' },
    ]);
    // Another number still gets its texts.
    const other = uniquePhone();
    await send(other);
    expect(await sinkTexts(other, sink.url)).toHaveLength(1);
  });

  it('answers ValidationException, with its reason and fields, for what the service refuses', async () => {
    const notE164 = await send('2015550123').catch((error: unknown) => error);
    expect(notE164).toBeInstanceOf(ValidationException);
    expect(notE164).toMatchObject({
      Reason: 'INVALID_PARAMETER',
      Fields: [{ Name: 'DestinationPhoneNumber', Message: expect.any(String) }],
    });

    const badFields = await client
      .send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: 'call me',
          MessageBody: 'x'.repeat(1601),
          MessageType: 'URGENT' as never,
        }),
      )
      .catch((error: unknown) => error);
    expect(badFields).toBeInstanceOf(ValidationException);
    expect(badFields).toMatchObject({ Reason: 'FIELD_VALIDATION_FAILED' });
    expect((badFields as ValidationException).Fields?.map((field) => field.Name).sort()).toEqual([
      'DestinationPhoneNumber',
      'MessageBody',
      'MessageType',
    ]);
    expect((await sinkTexts(undefined, sink.url)).some((text) => text.to === 'call me')).toBe(false);
  });

  it('answers an operation it does not implement as AWS does an unknown one', async () => {
    const failure = await client.send(new DescribePhoneNumbersCommand({})).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
  });
});

describe('the wire, byte for byte', () => {
  it('takes AWS JSON 1.0 on POST / and answers it in kind', async () => {
    const to = uniquePhone();
    const response = await post(
      'PinpointSMSVoiceV2.SendTextMessage',
      JSON.stringify({ DestinationPhoneNumber: to, MessageBody: 'Hi', MessageType: 'TRANSACTIONAL' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    const answer = (await response.json()) as { MessageId: string };
    expect(Object.keys(answer)).toEqual(['MessageId']);
    expect((await sinkTexts(to, sink.url))[0]).toMatchObject({
      messageId: answer.MessageId,
      originationIdentity: null,
    });
  });

  it('answers the error shapes the SDK reads: __type, Message, Reason', async () => {
    const to = uniquePhone();
    await optOutPhone(to, sink.url);
    const optedOut = await post(
      'PinpointSMSVoiceV2.SendTextMessage',
      JSON.stringify({ DestinationPhoneNumber: to, MessageBody: 'Hi' }),
    );
    expect(optedOut.status).toBe(400);
    expect(await optedOut.json()).toEqual({
      __type: 'ConflictException',
      Message: expect.any(String),
      Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
      ResourceType: expect.any(String),
      ResourceId: expect.any(String),
    });

    const unknown = await post('PinpointSMSVoiceV2.SendVoiceMessage', '{}');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ __type: 'com.amazon.coral.service#UnknownOperationException' });
    const noTarget = await post(undefined, '{}');
    expect(await noTarget.json()).toEqual({ __type: 'com.amazon.coral.service#UnknownOperationException' });

    const notJson = await post('PinpointSMSVoiceV2.SendTextMessage', '{"DestinationPhoneNumber":');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ __type: 'SerializationException' });
  });
});

describe('the controls', () => {
  it('opts a number out from a plain form too, refuses a number that is not E.164, and lists them', async () => {
    const to = uniquePhone();
    const form = await fetch(`${sink.url}/opt-outs`, {
      method: 'POST',
      body: new URLSearchParams({ phone: to }),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/');
    const list = (await (await fetch(`${sink.url}/opt-outs`)).json()) as { phone: string }[];
    expect(list.map((entry) => entry.phone)).toContain(to);

    const bad = await fetch(`${sink.url}/opt-outs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '555-0100' }),
    });
    expect(bad.status).toBe(400);
    expect(await send(to).catch((error: unknown) => error)).toBeInstanceOf(ConflictException);
  });

  it('forgets every text on DELETE /messages', async () => {
    await send(uniquePhone());
    expect((await sinkTexts(undefined, sink.url)).length).toBeGreaterThan(0);
    expect((await fetch(`${sink.url}/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(await sinkTexts(undefined, sink.url)).toEqual([]);
  });

  it('lists the texts on a page, newest first, every value escaped', async () => {
    const to = uniquePhone();
    await send(to, 'First text');
    await send(to, 'Second <script>alert(1)</script> & more');
    const response = await fetch(sink.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await response.text();
    expect(page).toContain('Second &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(page).not.toContain('<script>');
    expect(page.indexOf('Second &lt;script')).toBeLessThan(page.indexOf('First text'));
    expect(page).toContain(`To ${to}`);
  });

  it('answers 404 for anything else', async () => {
    expect((await fetch(`${sink.url}/nothing`)).status).toBe(404);
  });
});

describe('its port', () => {
  it('takes the port the OS hands out when asked for 0', () => {
    expect(sink.port).toBeGreaterThan(0);
    expect(sink.url).toBe(`http://127.0.0.1:${sink.port}`);
  });

  it('is refused as taken, naming SMS_PORT, on a port someone holds', async () => {
    const held: Server = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const port = (held.address() as AddressInfo).port;
    try {
      await expect(startSmsSink({ port })).rejects.toThrow(
        new PortInUseError(port, 'SMS_PORT, the SMS sink'),
      );
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }
  });
});
