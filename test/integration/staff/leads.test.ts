// The leads side of the staff API against the local stack, signed in for real: list and search,
// read, mark and annotate, export as CSV — each read and change audited — and no email re-sent.
import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLeadItem } from '../../../shared/core/inquiries/lead.ts';
import { addDays, localDateOf } from '../../../shared/core/scheduling/time.ts';
import { emailsAboutOnceHandled, INQUIRIES, newLead, waitForLeadEmails } from '../inquiries/helpers.ts';
import {
  api,
  clinicConfigInUse,
  localStack,
  randomClientIp,
  testDynamoDb,
  testTableName,
} from '../support/index.ts';
import { auditEntriesAbout, staffApi, staffOfStack } from './support.ts';

const config = clinicConfigInUse();
const zone = config.clinic.timeZone;
const LIST = '/v1/staff/inquiries';
const DAY_MS = 86_400_000;
let db: DynamoDBClient;

beforeAll(() => {
  db = testDynamoDb();
});
afterAll(() => db.destroy());

interface Summary {
  id: string;
  receivedAt: string;
  status: string;
  name: string;
  email: string;
  phone?: string;
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}

const today = () => localDateOf(new Date(), zone);

/** A lead posted through the public route, as a patient would. */
async function postLead(overrides: Record<string, string> = {}) {
  const lead = newLead(overrides);
  const response = await api(INQUIRIES, { json: lead });
  expect(response.status).toBe(201);
  return { ...lead, id: response.json<{ id: string }>().id };
}

/** A lead written straight to the table as the route writes it, received `daysAgo` days ago. */
async function seedLead(daysAgo: number, fields: { name: string; spam?: boolean }) {
  const now = new Date(Date.now() - daysAgo * DAY_MS);
  const id = ulid(now.getTime());
  const item = buildLeadItem(
    {
      name: fields.name,
      email: `seed+${randomUUID().slice(0, 8)}@example.com`,
      message: 'Seeded for a list test',
      consent: true,
      attribution: {},
      custom: {},
      spam: fields.spam ?? false,
    },
    { id, now, timeZone: zone, inquiryDays: 730 },
  );
  await db.send(new PutItemCommand({ TableName: testTableName(), Item: marshall(item) }));
  return { id, receivedAt: now };
}

async function list(query: Record<string, string>, as: 'frontdesk' | 'admin' = 'frontdesk') {
  return staffApi(`${LIST}?${new URLSearchParams(query)}`, {}, as);
}

describe('GET /v1/staff/inquiries', () => {
  it('lists the leads of the last 30 days newest first, with the summary fields, and audits the list', async () => {
    const tag = randomUUID().slice(0, 8);
    const older = await postLead({ name: `Ana ${tag}`, phone: '(201) 555-0143', topic: 'Neck pain' });
    const newer = await postLead({ name: `Ben ${tag}`, preferredContact: 'email' });
    const clientIp = randomClientIp();
    const response = await staffApi(`${LIST}?q=${tag}`, { clientIp });
    expect(response.status).toBe(200);
    const page = response.json<Page>();
    expect(page.items.map((lead) => lead.id)).toEqual([newer.id, older.id]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[1]).toStrictEqual({
      id: older.id,
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      status: 'new',
      name: older.name,
      email: older.email,
      phone: '+12015550143',
      topic: 'Neck pain',
    });
    expect(page.items[0]).toMatchObject({ preferredContact: 'email' });

    const recordId = `${addDays(today(), -29)}..${today()}?q=${tag}`;
    const [entry] = await auditEntriesAbout(recordId);
    expect(entry).toMatchObject({
      action: 'inquiry.listed',
      actorEmail: 'frontdesk@example.test',
      ip: clientIp,
    });
  });

  it('searches name, email and phone whatever the case, and a phone by its digits', async () => {
    const tag = randomUUID().slice(0, 8);
    const lead = await postLead({ name: `Carla Quintero-${tag}`, phone: '(201) 555-0177' });
    await postLead({ name: `Someone Else ${tag}x` });
    const ids = async (q: string) => (await list({ q })).json<Page>().items.map((item) => item.id);
    expect(await ids(`QUINTERO-${tag.toUpperCase()}`)).toEqual([lead.id]);
    expect(await ids(lead.email.toUpperCase())).toEqual([lead.id]);
    const mine = async (q: string) => (await ids(q)).filter((id) => id === lead.id);
    expect(await mine('+12015550177')).toEqual([lead.id]);
    expect(await mine('201 555 0177')).toEqual([lead.id]);
  });

  it('keeps one status when asked, lists spam on its own, and every status without one', async () => {
    const tag = randomUUID().slice(0, 8);
    const real = await postLead({ name: `Real ${tag}` });
    const spam = await postLead({ name: `Spam ${tag}`, [config.forms.honeypotField]: 'http://spam.example' });
    const ids = async (query: Record<string, string>) =>
      (await list({ q: tag, ...query })).json<Page>().items.map((item) => item.id);
    expect(await ids({ status: 'new' })).toEqual([real.id]);
    expect(await ids({ status: 'spam' })).toEqual([spam.id]);
    expect(await ids({ status: 'handled' })).toEqual([]);
    expect(await ids({})).toEqual([spam.id, real.id]);
  });

  it('pages newest first across months with an opaque cursor, and stays inside the range', async () => {
    const tag = randomUUID().slice(0, 8);
    // Five leads over 70 days: at least two local months; the oldest is outside a 60-day range.
    const seeded = [];
    for (const daysAgo of [70, 50, 35, 20, 1])
      seeded.push(await seedLead(daysAgo, { name: `Paged ${tag} ${daysAgo}` }));
    const from = addDays(today(), -60);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = {
        q: tag,
        from,
        to: today(),
        limit: '2',
        ...(cursor ? { cursor } : {}),
      };
      const response = await list(query);
      expect(response.status).toBe(200);
      const page = response.json<Page>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(
      seeded
        .slice(1)
        .map((lead) => lead.id)
        .reverse(),
    );
    expect(pages).toBe(2);

    // The default range (the last 30 days) leaves the 35-day-old lead out.
    const recent = (await list({ q: tag })).json<Page>().items.map((item) => item.id);
    expect(recent).toEqual([seeded[4]?.id, seeded[3]?.id]);
  });

  it('refuses a range longer than 92 days, out of order, a bad status, limit or cursor (400, by field)', async () => {
    const fieldsOf = async (query: Record<string, string>) => {
      const response = await list(query);
      expect(response.status).toBe(400);
      return response.json<{ code: string; errors: { path: string }[] }>().errors.map((error) => error.path);
    };
    // 2026-01-01..2026-04-02 is 92 days, both counted.
    expect(await fieldsOf({ from: '2026-01-01', to: '2026-04-03' })).toEqual(['to']);
    expect(await list({ from: '2026-01-01', to: '2026-04-02' }).then((r) => r.status)).toBe(200);
    expect(await fieldsOf({ from: '2026-02-01', to: '2026-01-31' })).toEqual(['to']);
    expect(await fieldsOf({ from: '2026-02-30' })).toEqual(['from']);
    expect(await fieldsOf({ status: 'received' })).toEqual(['status']);
    expect(await fieldsOf({ limit: '101' })).toEqual(['limit']);
    expect(await fieldsOf({ cursor: 'not-a-cursor' })).toEqual(['cursor']);
  });
});

describe('GET /v1/staff/inquiries/{id}', () => {
  it('answers the whole lead with its emails’ delivery states, and audits the read', async () => {
    const lead = await postLead({
      insurance: 'Aetna',
      utm_source: 'newsletter',
      topic: 'Sciatica',
    });
    await waitForLeadEmails(lead.email);
    const clientIp = randomClientIp();
    const response = await staffApi(`${LIST}/${lead.id}`, { clientIp });
    expect(response.status).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      id: lead.id,
      status: 'new',
      name: lead.name,
      email: lead.email,
      message: lead.message.replace(/\r\n?/g, '\n'),
      topic: 'Sciatica',
      consent: true,
      customFields: { insurance: 'Aetna' },
      attribution: { utm_source: 'newsletter' },
      notes: [],
      history: [{ at: expect.any(String), action: 'received' }],
    });
    expect(body.messages).toEqual(
      expect.arrayContaining([
        { channel: 'email', kind: 'staff', status: 'sent', at: expect.any(String) },
        { channel: 'email', kind: 'ack', status: 'sent', at: expect.any(String) },
      ]),
    );
    const [entry] = await auditEntriesAbout(lead.id);
    expect(entry).toMatchObject({
      action: 'inquiry.read',
      actorEmail: 'frontdesk@example.test',
      ip: clientIp,
    });
  });

  it('answers 404 for an unknown id and for one that is not a ULID, and audits neither', async () => {
    const unknown = ulid();
    const response = await staffApi(`${LIST}/${unknown}`);
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found' });
    expect((await staffApi(`${LIST}/not-a-lead`)).status).toBe(404);
    expect(await auditEntriesAbout(unknown)).toEqual([]);
  });
});

describe('PATCH /v1/staff/inquiries/{id}', () => {
  const patch = (id: string, json: unknown, as: 'frontdesk' | 'admin' = 'frontdesk') =>
    staffApi(`${LIST}/${id}`, { method: 'PATCH', json }, as);

  it('marks a lead handled with who and when, lists it as handled, and audits the change', async () => {
    const tag = randomUUID().slice(0, 8);
    const lead = await postLead({ name: `Handled ${tag}` });
    const response = await patch(lead.id, { status: 'handled' });
    expect(response.status).toBe(200);
    const body = response.json<{ status: string; history: unknown[] }>();
    expect(body.status).toBe('handled');
    expect(body.history).toEqual([
      { at: expect.any(String), action: 'received' },
      {
        at: expect.any(String),
        action: 'marked_handled',
        actor: { sub: expect.any(String), email: 'frontdesk@example.test' },
      },
    ]);
    const ids = async (status: string) =>
      (await list({ q: tag, status })).json<Page>().items.map((item) => item.id);
    expect(await ids('handled')).toEqual([lead.id]);
    expect(await ids('new')).toEqual([]);

    // The status it already has changes nothing.
    const again = await patch(lead.id, { status: 'handled' });
    expect(again.json<{ history: unknown[] }>().history).toHaveLength(2);
    const entries = await auditEntriesAbout(lead.id);
    expect(entries.filter((entry) => entry.action === 'inquiry.updated')).toHaveLength(2);
  });

  it('keeps both of two notes written at once, each with who wrote it', async () => {
    const lead = await postLead();
    const [first, second] = await Promise.all([
      patch(lead.id, { note: 'Called back, left a voicemail' }),
      patch(lead.id, { note: 'Patient prefers mornings' }, 'admin'),
    ]);
    expect([first?.status, second?.status]).toEqual([200, 200]);
    const read = (await staffApi(`${LIST}/${lead.id}`)).json<{
      notes: { text: string; actor: { email: string } }[];
    }>();
    expect(read.notes.map((note) => [note.text, note.actor.email]).sort()).toEqual([
      ['Called back, left a voicemail', 'frontdesk@example.test'],
      ['Patient prefers mornings', 'admin@example.test'],
    ]);
  });

  it('sends no email again when a lead is marked handled, spam, new again or annotated', async () => {
    const lead = await postLead();
    await waitForLeadEmails(lead.email);
    for (const change of [
      { status: 'handled' },
      { status: 'spam' },
      { status: 'new' },
      { note: 'Booked her in' },
    ]) {
      expect((await patch(lead.id, change)).status).toBe(200);
    }
    const emails = await emailsAboutOnceHandled(lead.email);
    expect({ staff: emails.staff.length, ack: emails.ack.length }).toEqual({ staff: 1, ack: 1 });
  });

  it('moves a lead into spam and back out: listed under each status in turn', async () => {
    const tag = randomUUID().slice(0, 8);
    const lead = await postLead({ name: `Moved ${tag}` });
    const ids = async (status: string) =>
      (await list({ q: tag, status })).json<Page>().items.map((item) => item.id);
    await patch(lead.id, { status: 'spam' });
    expect([await ids('spam'), await ids('new')]).toEqual([[lead.id], []]);
    const back = await patch(lead.id, { status: 'new' });
    expect(back.json<{ status: string }>().status).toBe('new');
    expect([await ids('spam'), await ids('new')]).toEqual([[], [lead.id]]);
  });

  it('refuses an empty body, an unknown status and a note over 2000 characters (400, by field)', async () => {
    const lead = await postLead();
    const empty = await patch(lead.id, {});
    expect(empty.status).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'validation_failed' });
    const fieldsOf = async (json: unknown) =>
      (await patch(lead.id, json)).json<{ errors: { path: string }[] }>().errors.map((error) => error.path);
    expect(await fieldsOf({ status: 'archived' })).toEqual(['status']);
    expect(await fieldsOf({ note: 'x'.repeat(2001) })).toEqual(['note']);
    expect((await patch(lead.id, { note: 'x'.repeat(2000) })).status).toBe(200);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await patch(ulid(), { status: 'handled' })).status).toBe(404);
    expect((await patch('nope', { status: 'handled' })).status).toBe(404);
  });
});

describe('GET /v1/staff/exports/inquiries.csv', () => {
  it('answers a CSV attachment with a BOM, cells that cannot run as formulas, and audits the export', async () => {
    const tag = randomUUID().slice(0, 8);
    const lead = await postLead({
      name: `=HYPERLINK("http://evil.example","${tag}")`,
      phone: '(201) 555-0199',
    });
    const from = addDays(today(), -1);
    const clientIp = randomClientIp();
    const response = await staffApi(`/v1/staff/exports/inquiries.csv?from=${from}&to=${today()}`, {
      clientIp,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="inquiries-${from}-${today()}.csv"`,
    );
    // fetch's text() drops a BOM: the bytes are read as they came.
    const raw = await fetch(
      `${localStack().apiUrl}/v1/staff/exports/inquiries.csv?from=${from}&to=${today()}`,
      {
        headers: { authorization: `Bearer ${await staffOfStack().tokenOf('frontdesk')}` },
      },
    );
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = response.text.split('\r\n');
    expect(lines[0]).toBe('Received,Status,Name,Email,Phone,Topic,Preferred contact,Message,Id');
    const row = lines.find((line) => line.includes(lead.id));
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""${tag}"")"`);
    expect(row).toContain(",'+12015550199,");
    const entries = await auditEntriesAbout(`${from}..${today()}`);
    expect(entries.find((entry) => entry.ip === clientIp)).toMatchObject({
      action: 'inquiry.exported',
      actorEmail: 'frontdesk@example.test',
    });
  });

  it('refuses a range longer than 92 days (400 on to)', async () => {
    const response = await staffApi('/v1/staff/exports/inquiries.csv?from=2026-01-01&to=2026-06-01');
    expect(response.status).toBe(400);
    expect(response.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toEqual(['to']);
  });
});
