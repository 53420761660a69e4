// POST /v1/inquiries through the local gateway, against DynamoDB Local and the SES emulator:
// the answers by kind of client, the refusals, and what is stored.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPAM_RETENTION_SECONDS } from '../../../shared/core/inquiries/lead.ts';
import { api, clinicConfigInUse, testDynamoDb } from '../support/index.ts';
import { emailsAboutOnceHandled, getLead, INQUIRIES, leadsFrom, newLead } from './helpers.ts';

const config = clinicConfigInUse();
const [allowedOrigin] = config.cors.allowedOrigins as [string];
let db: DynamoDBClient;

beforeAll(() => {
  db = testDynamoDb();
});
afterAll(() => db.destroy());

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('POST /v1/inquiries: answers', () => {
  it('answers a JSON client 201 {id, status: "received"} and stores the lead before answering', async () => {
    const lead = newLead({ phone: '(201) 555-0143', topic: 'Low back pain', preferredContact: 'phone' });
    const response = await api(INQUIRIES, { json: lead });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = response.json<{ id: string; status: string }>();
    expect(body).toStrictEqual({ id: expect.stringMatching(ULID), status: 'received' });
    const stored = await getLead(db, body.id);
    expect(stored).toMatchObject({
      status: 'received',
      name: lead.name,
      email: lead.email,
      phone: '+12015550143',
      message: lead.message,
      topic: 'Low back pain',
      preferredContact: 'phone',
      consent: true,
    });
  });

  it('answers a plain HTML form post (urlencoded) 303 to an allowed _next', async () => {
    const next = `${allowedOrigin}/contact/thanks?ref=form`;
    const response = await api(INQUIRIES, { form: { ...newLead(), _next: next } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(next);
  });

  it('ignores a _next on another site and sends the browser to forms.thankYouUrl', async () => {
    const response = await api(INQUIRIES, { form: { ...newLead(), _next: 'https://evil.example/phish' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(config.forms.thankYouUrl);
  });

  it('answers a multipart form post like a urlencoded one, and JSON when it asks for JSON', async () => {
    const html = await api(INQUIRIES, { multipart: newLead() });
    expect(html.status).toBe(303);
    expect(html.headers.get('location')).toBe(config.forms.thankYouUrl);

    const lead = newLead({ insurance: 'Aetna' });
    const json = await api(INQUIRIES, { multipart: lead, headers: { accept: 'application/json' } });
    expect(json.status).toBe(201);
    const stored = await getLead(db, json.json<{ id: string }>().id);
    expect(stored?.custom).toEqual({ insurance: 'Aetna' });
    expect(stored?.message).toBe(lead.message);
  });

  it('answers a urlencoded fetch() that asks for JSON with 201 JSON', async () => {
    const response = await api(INQUIRIES, {
      form: newLead(),
      headers: { accept: 'application/json' },
      origin: allowedOrigin,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
    expect(response.json()).toMatchObject({ status: 'received' });
  });

  it('keeps a form field sent twice at its last value (hidden "false" before a checkbox)', async () => {
    const lead = newLead();
    const body = new URLSearchParams({ ...lead, consent: 'false' });
    body.append('consent', 'on');
    const response = await api(INQUIRIES, {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    });
    expect(response.status).toBe(201);
  });
});

describe('POST /v1/inquiries: refusals', () => {
  it('answers a JSON client 400 validation_failed with each field error, storing nothing', async () => {
    const lead = newLead({ email: 'not-an-address', phone: '12' });
    const { name: _name, ...withoutName } = lead;
    const response = await api(INQUIRIES, { json: withoutName });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toStrictEqual({
      type: 'about:blank',
      title: 'Invalid request',
      status: 400,
      code: 'validation_failed',
      detail: '3 fields are invalid',
      errors: [
        { path: 'name', message: 'This field is required' },
        { path: 'email', message: 'Enter a valid email address' },
        { path: 'phone', message: 'Enter a valid phone number for United States' },
      ],
    });
    expect(await leadsFrom(db, lead.email)).toEqual([]);
  });

  it('answers an HTML form post with errors 400 with an HTML page listing them and a link back', async () => {
    const formPage = `${allowedOrigin}/contact`;
    const response = await api(INQUIRIES, {
      form: newLead({ name: 'Pat\r\nBcc: someone@example.com', consent: '', insurance: 'x'.repeat(101) }),
      headers: { referer: formPage },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.text).toContain('<html lang="en">');
    expect(response.text).toContain('>Name: Must be a single line of text');
    expect(response.text).toContain('>Consent to be contacted: Please confirm that we may contact you');
    // A custom field is named by its label from the clinic config.
    expect(response.text).toContain('>Insurance provider: Must be at most 100 characters');
    expect(response.text).toContain(`<a href="${formPage}">Back to the page you came from</a>`);
    // The form comes back as typed, the refused name on one line, for the patient to correct.
    expect(response.text).toContain('name="name" value="Pat Bcc: someone@example.com"');
    expect(response.text).not.toContain('\nBcc: someone');
  });

  it('answers 415 to a body that is not JSON or form data', async () => {
    const response = await api(INQUIRIES, {
      body: 'name=Pat',
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(415);
    expect(response.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('answers 415 to a multipart form carrying a file', async () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(newLead())) form.append(name, value);
    form.append('attachment', new Blob(['x-ray'], { type: 'image/png' }), 'xray.png');
    const response = await api(INQUIRIES, {
      body: form as unknown as string,
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(415);
  });

  it('answers 413 to a body over 64 KiB', async () => {
    const response = await api(INQUIRIES, { json: newLead({ message: 'x'.repeat(64 * 1024) }) });
    expect(response.status).toBe(413);
    expect(response.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('answers 400 to malformed JSON, and to JSON that is not an object', async () => {
    for (const body of ['{"name": "Pat",', '["a"]', '"text"']) {
      const response = await api(INQUIRIES, { body, headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed' });
    }
  });
});

describe('POST /v1/inquiries: what is stored', () => {
  it('stores the checked fields, custom and attribution fields, and no unknown field', async () => {
    // Every attribution field API.md lists, each stored as sent.
    const attribution = {
      pageUrl: `${allowedOrigin}/back-pain`,
      referrer: 'https://www.google.com/',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'spring',
      utm_term: 'back pain',
      utm_content: 'ad-1',
      gclid: 'Cj0KCQ',
      fbclid: 'IwAR0',
    };
    const lead = newLead({ name: '  Pat Tester  ', insurance: ' Blue Cross ', ...attribution });
    const response = await api(INQUIRIES, {
      json: { ...lead, ssn: '123-45-6789', role: 'admin', nested: { a: 1 }, pk: 'INQUIRY#hack', status: 'x' },
    });
    expect(response.status).toBe(201);
    const { id } = response.json<{ id: string }>();
    const stored = await getLead(db, id);
    expect(stored).toStrictEqual({
      pk: `INQUIRY#${id}`,
      sk: 'INQUIRY',
      kind: 'inquiry',
      id,
      status: 'received',
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      name: 'Pat Tester',
      email: lead.email,
      message: lead.message,
      consent: true,
      custom: { insurance: 'Blue Cross' },
      attribution,
      gsi1pk: expect.stringMatching(/^INQUIRIES#\d{4}-\d\d$/),
      gsi1sk: id,
      // retention.inquiryDays (730 in the dev config) after it arrived.
      expiresAt: Math.floor(Date.parse(String(stored?.receivedAt)) / 1000) + 730 * 86_400,
      // Delivery state the notifier records may already be there.
      ...Object.fromEntries(
        Object.keys(stored ?? {})
          .filter((k) => k.startsWith('email_'))
          .map((k) => [k, expect.anything()]),
      ),
    });
    expect(JSON.stringify(stored)).not.toContain('123-45-6789');
  });

  it('answers a filled honeypot as a success, stores it as spam for 30 days, and emails nobody', async () => {
    const lead = newLead();
    const before = Math.floor(Date.now() / 1000);
    const response = await api(INQUIRIES, {
      json: { ...lead, [config.forms.honeypotField]: 'http://spam.example' },
    });
    expect(response.status).toBe(201);
    const { id } = response.json<{ id: string }>();
    const stored = await getLead(db, id);
    expect(stored?.status).toBe('spam');
    expect(stored?.gsi1pk).toMatch(/^INQUIRIES_SPAM#\d{4}-\d\d$/);
    expect(stored?.expiresAt).toBeGreaterThanOrEqual(before + SPAM_RETENTION_SECONDS);
    expect(stored?.expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + SPAM_RETENTION_SECONDS);

    const formPost = await api(INQUIRIES, { form: { ...newLead(), [config.forms.honeypotField]: 'x' } });
    expect(formPost.status).toBe(303);

    expect(await emailsAboutOnceHandled(lead.email)).toEqual({ staff: [], ack: [] });
  });
});
