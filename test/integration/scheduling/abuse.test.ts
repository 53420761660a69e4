// API.md "Abuse" and the same-patient double submit, against a stack of this file's own: a clinic
// with Cloudflare Turnstile configured (so the local siteverify stand-in runs), open around the
// clock, so every test books times of its own far from the others'. Its functions run in this
// process, which lets a test switch the Turnstile secret (TURNSTILE_SECRET, read per request on
// the local stack) between Cloudflare's published test secrets.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DUMMY_TOKEN, TEST_SECRETS, TEST_SITE_KEYS } from '../../../local/turnstile.ts';
import { parseClinicConfig } from '../../../shared/config/load.ts';
import {
  emailsToOnceHandled,
  randomClientIp,
  uniqueEmail,
  uniquePhone,
  waitForEmailsTo,
} from '../support/index.ts';
import { ownLocalStack } from '../support/own-stack.ts';
import { staffTokens } from '../support/staff.ts';

const CLINIC_PHONE_SHOWN = '(201) 555-0143';
const config = parseClinicConfig({
  clinic: { name: 'Abuse Clinic', timeZone: 'America/New_York', phone: '+12015550143' },
  email: { from: 'desk@abuse-clinic.example', staff: ['staff@abuse-clinic.example'] },
  cors: { allowedOrigins: ['https://www.abuse-clinic.example', 'https://abuse-clinic.example'] },
  staff: { mfa: 'off' },
  captcha: {
    provider: 'turnstile',
    siteKey: TEST_SITE_KEYS.alwaysPasses,
    secretParameterName: '/abuse-clinic/turnstile-secret',
    action: 'submit',
  },
  scheduling: {
    minNoticeMinutes: 0,
    maxAdvanceDays: 400,
    minChangeNoticeMinutes: 60,
    weeklyHours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
    ),
    appointmentTypes: [{ id: 'consult', name: 'Consultation', durationMinutes: 30 }],
    providers: [
      { id: 'p-a', name: 'Dr. A' },
      { id: 'p-b', name: 'Dr. B' },
    ],
  },
});
const stack = ownLocalStack({ config, tableName: 'abuse-test', cognitoPort: 0 });

let db: DynamoDBClient;
let staffToken: () => Promise<string>;
let adminToken: () => Promise<string>;
beforeAll(() => {
  const own = stack();
  db = new DynamoDBClient({
    endpoint: own.dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tokens = staffTokens(own.staffPool);
  let token: Promise<string> | undefined;
  staffToken = () => {
    token ??= tokens.signIn(own.staffPool.users.frontdesk);
    return token;
  };
  let admin: Promise<string> | undefined;
  adminToken = () => {
    admin ??= tokens.signIn(own.staffPool.users.admin);
    return admin;
  };
});
afterAll(() => db?.destroy());
afterEach(async () => {
  process.env.TURNSTILE_SECRET = TEST_SECRETS.alwaysPasses;
  await outage('none');
});

// ---- Helpers ----

/** Half-hour starts from three days ahead, each handed out once: no two tests share a time. */
let nextSlot = 0;
const firstSlot = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3 * 86_400_000;
const freshStart = () => new Date(firstSlot + nextSlot++ * 30 * 60_000).toISOString();

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

async function send(
  path: string,
  options: {
    json?: Record<string, unknown>;
    form?: Record<string, string>;
    clientIp?: string;
    headers?: Record<string, string>;
  },
): Promise<Answer> {
  const headers: Record<string, string> = {
    'x-forwarded-for': options.clientIp ?? randomClientIp(),
    ...options.headers,
  };
  let body: string | URLSearchParams | undefined;
  if (options.json) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = new URLSearchParams(options.form);
  }
  const response = await fetch(`${stack().apiUrl}${path}`, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // An HTML page.
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

interface Patient {
  name: string;
  email: string;
  phone: string;
}

const newPatient = (): Patient => ({ name: 'Sam Abuse', email: uniqueEmail('abuse'), phone: uniquePhone() });

function bookingBody(who: Patient, start = freshStart(), extra: Record<string, string> = {}) {
  return { type: 'consult', start, ...who, consent: 'on', 'cf-turnstile-response': DUMMY_TOKEN, ...extra };
}

const book = (who: Patient, options: { start?: string; clientIp?: string } = {}) =>
  send('/v1/bookings', { json: bookingBody(who, options.start), clientIp: options.clientIp });

async function mustBook(who: Patient, start?: string): Promise<{ id: string; manageToken: string }> {
  const answer = await book(who, start ? { start } : {});
  expect(answer.status, answer.text).toBe(201);
  return answer.body as { id: string; manageToken: string };
}

async function item(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.send(
    new GetItemCommand({
      TableName: stack().tableName,
      Key: { pk: { S: pk }, sk: { S: sk } },
      ConsistentRead: true,
    }),
  );
  return Item ? unmarshall(Item) : undefined;
}

async function staffBook(who: Patient, start = freshStart()): Promise<Answer> {
  const response = await fetch(`${stack().apiUrl}/v1/staff/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await staffToken()}` },
    body: JSON.stringify({ type: 'consult', start, ...who }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

async function outage(mode: string): Promise<void> {
  const url = stack().turnstileUrl;
  if (!url) throw new Error('The stack runs no Turnstile stand-in');
  const response = await fetch(`${url}/outage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  expect(response.status).toBe(200);
}

interface Verification {
  secret: string;
  idempotencyKey: string | null;
  remoteip: string | null;
  outage: string;
  replayed: boolean;
  success: boolean | null;
}

async function verificationsFrom(clientIp: string): Promise<Verification[]> {
  const response = await fetch(`${stack().turnstileUrl}/verifications`);
  return ((await response.json()) as Verification[]).filter((v) => v.remoteip === clientIp);
}

const mailSite = () => ({ apiUrl: stack().apiUrl, sesUrl: stack().sesUrl });

/** A marker lead, for emailsToOnceHandled on this stack (its form needs a token too). */
async function markerLead(): Promise<string> {
  const email = uniqueEmail('marker');
  const answer = await send('/v1/inquiries', {
    json: {
      name: 'Marker Lead',
      email,
      message: 'Written after the change under test.',
      consent: 'on',
      'cf-turnstile-response': DUMMY_TOKEN,
    },
  });
  expect(answer.status, answer.text).toBe(201);
  return email;
}

const patientEmailsTo = async (email: string) =>
  (await emailsToOnceHandled(email, { site: mailSite(), marker: markerLead })).filter((e) =>
    e.subject.startsWith('Appointment confirmed'),
  );

// ---- Booking attempts per client address ----

describe('POST /v1/bookings from one client address', () => {
  it('answers the sixth attempt in an hour with 429 rate_limited and Retry-After, whatever the first five came to', async () => {
    const clientIp = randomClientIp();
    const taken = freshStart();
    // Both providers' time at `taken` goes to others first.
    await mustBook(newPatient(), taken);
    await mustBook(newPatient(), taken);
    // Five attempts: two bookings, two tries at the taken time, one at a misaligned time.
    const attempts = [
      await book(newPatient(), { clientIp }),
      await book(newPatient(), { clientIp }),
      await book(newPatient(), { start: taken, clientIp }),
      await book(newPatient(), { start: taken, clientIp }),
      await book(newPatient(), {
        start: new Date(Date.parse(freshStart()) + 7 * 60_000).toISOString(),
        clientIp,
      }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([201, 201, 409, 409, 409]);

    const sixth = await book(newPatient(), { clientIp });
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('rate_limited');
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // Nothing was verified for it: the limit comes before the CAPTCHA.
    expect(await verificationsFrom(clientIp)).toHaveLength(5);
    // Another address is not held back.
    expect((await book(newPatient())).status).toBe(201);
  });
});

// ---- Upcoming bookings per patient ----

describe('a patient’s upcoming bookings', () => {
  it('allow three; the fourth by the same email (in another case) is 409 booking_limit_reached with the clinic’s phone', async () => {
    const who = newPatient();
    for (let i = 0; i < 3; i++) await mustBook({ ...who, phone: uniquePhone() });
    const fourth = await book({ ...who, email: who.email.toUpperCase(), phone: uniquePhone() });
    expect(fourth.status).toBe(409);
    expect(fourth.body).toMatchObject({ code: 'booking_limit_reached', title: 'Booking limit reached' });
    expect(String(fourth.body.detail)).toContain(CLINIC_PHONE_SHOWN);
    expect(String(fourth.body.detail)).not.toContain(who.email);
  });

  it('count by phone too: the fourth with the same phone and another email is refused', async () => {
    const phone = uniquePhone();
    for (let i = 0; i < 3; i++) await mustBook({ ...newPatient(), phone });
    const fourth = await book({ ...newPatient(), phone });
    expect(fourth.status).toBe(409);
    expect(fourth.body.code).toBe('booking_limit_reached');
  });

  it('count a booking made with both the email and the phone once, and free a place when one is cancelled', async () => {
    const who = newPatient();
    const first = await mustBook(who);
    await mustBook(who);
    await mustBook({ ...who, email: uniqueEmail('same-phone') });
    expect((await book(who)).body.code).toBe('booking_limit_reached');

    const cancelled = await send(`/v1/bookings/${first.id}/cancel`, { json: { token: first.manageToken } });
    expect(cancelled.status).toBe(200);
    expect((await book(who)).status).toBe(201);
    expect((await book(who)).body.code).toBe('booking_limit_reached');
  });

  it('count a booking moved as the same booking, at its new time', async () => {
    const who = newPatient();
    const first = await mustBook(who);
    await mustBook(who);
    const moved = await send(`/v1/bookings/${first.id}/reschedule`, {
      json: { token: first.manageToken, start: freshStart() },
    });
    expect(moved.status, moved.text).toBe(200);
    expect((await book(who)).status).toBe(201);
    expect((await book(who)).body.code).toBe('booking_limit_reached');
  });

  it('refuse one of two bookings sent at once when only one place is left', async () => {
    const who = newPatient();
    await mustBook(who);
    await mustBook(who);
    const [a, b] = await Promise.all([book(who), book(who)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a.body.code, b.body.code]).toContain('booking_limit_reached');
  });

  it('are forgotten with the patient when they are erased: no ledger item is left, and the cap starts afresh', async () => {
    const who = newPatient();
    const booked = [await mustBook(who), await mustBook(who), await mustBook(who)];
    expect((await book(who)).body.code).toBe('booking_limit_reached');
    const erased = await fetch(`${stack().apiUrl}/v1/staff/erasures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
      body: JSON.stringify({ email: who.email, phone: who.phone }),
    });
    expect(erased.status, await erased.clone().text()).toBe(200);
    const removed = ((await erased.json()) as { removed: { other: number } }).removed;
    // Two entries per booking, the two heads, and each booking's marker.
    expect(removed.other).toBe(3 * 2 + 2 + 3);
    for (const { id } of booked) {
      expect(await item(`BOOKING#${id}`, 'BOOKING')).toBeUndefined();
    }
    expect((await book(who)).status).toBe(201);
  });

  it('do not limit staff booking for a caller, but count their bookings towards the patient’s own', async () => {
    const who = newPatient();
    for (let i = 0; i < 4; i++) {
      const answer = await staffBook(who);
      expect(answer.status, answer.text).toBe(201);
    }
    const online = await book(who);
    expect(online.status).toBe(409);
    expect(online.body.code).toBe('booking_limit_reached');
  });
});

// ---- The same patient's double submit ----

const MANAGE_LINK = /\/v1\/bookings\/([0-9A-Z]{26})\?token=([\w-]+)/;

describe('the same patient asking for the same type and time again within 10 minutes', () => {
  it('gets the first booking’s answer again (same id, same manage token), with one booking and one email', async () => {
    const who = newPatient();
    const start = freshStart();
    const first = await book(who, { start });
    const again = await book({ ...who, email: who.email.toUpperCase() }, { start });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    // Neither provider's time went to a second booking: the other one is still free.
    expect((await book(newPatient(), { start })).status).toBe(201);
    expect(await patientEmailsTo(who.email)).toHaveLength(1);
  });

  it('shows a double-clicked plain HTML form its confirmation twice: one booking, one email', async () => {
    const who = newPatient();
    const form = { ...bookingBody(who), consent: 'yes' };
    const clientIp = randomClientIp();
    const [one, two] = await Promise.all([
      send('/v1/bookings', { form, clientIp }),
      send('/v1/bookings', { form, clientIp }),
    ]);
    for (const page of [one, two]) {
      expect(page.status, page.text).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('Your appointment is booked');
    }
    const [, firstId, firstToken] = MANAGE_LINK.exec(one.text) ?? [];
    const [, secondId, secondToken] = MANAGE_LINK.exec(two.text) ?? [];
    expect(firstId).toBeDefined();
    expect(secondId).toBe(firstId);
    expect(secondToken).toBe(firstToken);
    expect(await patientEmailsTo(who.email)).toHaveLength(1);
  });

  it('does not hand the first booking to the same email with another phone: 409, and no second booking', async () => {
    const who = newPatient();
    const start = freshStart();
    const first = await mustBook(who, start);
    const other = await book({ ...who, phone: uniquePhone() }, { start });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('slot_unavailable');
    expect(JSON.stringify(other.body)).not.toContain(first.manageToken);
    expect(String(other.body.detail)).toMatch(/emailed/);
    // The other provider's time is still there for someone else.
    expect((await book(newPatient(), { start })).status).toBe(201);
  });

  it('books again once the first booking was cancelled', async () => {
    const who = newPatient();
    const start = freshStart();
    const first = await mustBook(who, start);
    await send(`/v1/bookings/${first.id}/cancel`, { json: { token: first.manageToken } });
    const again = await mustBook(who, start);
    expect(again.id).not.toBe(first.id);
  });
});

// ---- CAPTCHA (Turnstile) ----

const lead = (extra: Record<string, unknown> = {}) => ({
  name: 'Lee Lead',
  email: uniqueEmail('lead'),
  message: 'Do you treat sciatica?',
  consent: 'on',
  'cf-turnstile-response': DUMMY_TOKEN,
  ...extra,
});

describe('the CAPTCHA of the public forms', () => {
  it('verifies the token with the client’s address and an idempotency key, and marks the records verified', async () => {
    const clientIp = randomClientIp();
    const booked = await send('/v1/bookings', { json: bookingBody(newPatient()), clientIp });
    expect(booked.status).toBe(201);
    const booking = await item(`BOOKING#${booked.body.id}`, 'BOOKING');
    expect(booking?.captcha).toBe('verified');
    // The token is checked, never stored.
    expect(JSON.stringify(booking)).not.toContain(DUMMY_TOKEN);
    expect(Object.keys(booking ?? {})).not.toContain('cf-turnstile-response');

    const received = await send('/v1/inquiries', { json: lead(), clientIp });
    expect(received.status).toBe(201);
    const stored = await item(`INQUIRY#${received.body.id}`, 'INQUIRY');
    expect(stored?.captcha).toBe('verified');
    expect(JSON.stringify(stored)).not.toContain(DUMMY_TOKEN);

    const verifications = await verificationsFrom(clientIp);
    expect(verifications).toHaveLength(2);
    for (const v of verifications) {
      expect(v).toMatchObject({ secret: 'alwaysPasses', success: true, replayed: false });
      expect(v.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it.each([
    ['bookings', () => bookingBody(newPatient())],
    ['inquiries', () => lead()],
  ])(
    'refuses %s without a token, or with an empty one: 400 captcha_failed, nothing stored',
    async (route, body) => {
      const clientIp = randomClientIp();
      for (const token of [undefined, '', '   ']) {
        const sent = { ...body(), 'cf-turnstile-response': token };
        const answer = await send(`/v1/${route}`, { json: sent, clientIp });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ code: 'captcha_failed', title: 'CAPTCHA check failed' });
      }
      // Cloudflare was never asked about a token that is not there.
      expect(await verificationsFrom(clientIp)).toHaveLength(0);
    },
  );

  it('answers a plain form post whose token is missing with an HTML page', async () => {
    const { 'cf-turnstile-response': _token, ...form } = bookingBody(newPatient());
    const answer = await send('/v1/bookings', { form });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.text).toContain('Please try the check again');
  });

  it.each([
    ['invalid', TEST_SECRETS.alwaysFails],
    ['already spent', TEST_SECRETS.alreadySpent],
  ])('refuses an %s token: 400 captcha_failed, nothing booked, nothing received', async (_kind, secret) => {
    process.env.TURNSTILE_SECRET = secret;
    const start = freshStart();
    const who = newPatient();
    const answer = await book(who, { start });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('captcha_failed');
    const inquiry = await send('/v1/inquiries', { json: lead() });
    expect(inquiry.status).toBe(400);
    expect(inquiry.body.code).toBe('captcha_failed');

    process.env.TURNSTILE_SECRET = TEST_SECRETS.alwaysPasses;
    // The time is still free: nothing was written for the refused booking.
    expect((await book(who, { start })).status).toBe(201);
  });

  it.each(['unreachable', 'http-503', 'internal-error'])(
    'lets a patient through when Turnstile is down (%s): accepted, marked unverified, after one retry with the same key',
    async (mode) => {
      await outage(mode);
      const clientIp = randomClientIp();
      const who = newPatient();
      const booked = await send('/v1/bookings', { json: bookingBody(who), clientIp });
      expect(booked.status, booked.text).toBe(201);
      expect((await item(`BOOKING#${booked.body.id}`, 'BOOKING'))?.captcha).toBe('unverified');
      const received = await send('/v1/inquiries', { json: lead(), clientIp });
      expect(received.status).toBe(201);
      expect((await item(`INQUIRY#${received.body.id}`, 'INQUIRY'))?.captcha).toBe('unverified');

      const verifications = await verificationsFrom(clientIp);
      // Two requests, each tried twice, each pair under one idempotency key.
      expect(verifications).toHaveLength(4);
      const keys = verifications.map((v) => v.idempotencyKey);
      expect(keys[0]).toBe(keys[1]);
      expect(keys[2]).toBe(keys[3]);
      expect(keys[0]).not.toBe(keys[2]);
      // The confirmation still goes out.
      await waitForEmailsTo(who.email, { sesUrl: stack().sesUrl });
    },
  );

  it('passes a token whose first check met an internal error and whose retry was answered', async () => {
    await outage('internal-error-once');
    const clientIp = randomClientIp();
    const booked = await send('/v1/bookings', { json: bookingBody(newPatient()), clientIp });
    expect(booked.status).toBe(201);
    expect((await item(`BOOKING#${booked.body.id}`, 'BOOKING'))?.captcha).toBe('verified');
    const verifications = await verificationsFrom(clientIp);
    expect(verifications.map((v) => v.outage)).toEqual(['internal-error-once', 'none']);
    expect(verifications[1]?.idempotencyKey).toBe(verifications[0]?.idempotencyKey);
  });

  it('shows staff which leads came through unverified', async () => {
    await outage('unreachable');
    const unverified = lead();
    expect((await send('/v1/inquiries', { json: unverified })).status).toBe(201);
    await outage('none');
    const verified = lead();
    expect((await send('/v1/inquiries', { json: verified })).status).toBe(201);

    const list = async (q: string) => {
      const response = await fetch(`${stack().apiUrl}/v1/staff/inquiries?q=${encodeURIComponent(q)}`, {
        headers: { authorization: `Bearer ${await staffToken()}` },
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: Record<string, unknown>[] }).items;
    };
    expect(await list(unverified.email)).toEqual([expect.objectContaining({ captcha: 'unverified' })]);
    expect(await list(verified.email)).toEqual([expect.objectContaining({ captcha: 'verified' })]);
  });

  it('does not ask staff booking for a caller for a token', async () => {
    const answer = await staffBook(newPatient());
    expect(answer.status, answer.text).toBe(201);
  });
});
