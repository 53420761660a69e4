// GET /v1/staff/audit against the local stack: what the other staff routes wrote (who, what,
// which record, from where), its filters and pages, admins only, and reading it recorded too.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, localDateOf } from '../../../shared/core/scheduling/time.ts';
import { INQUIRIES, newLead } from '../inquiries/helpers.ts';
import { api, clinicConfigInUse, randomClientIp } from '../support/index.ts';
import { staffApi } from './support.ts';

const zone = clinicConfigInUse().clinic.timeZone;
const AUDIT = '/v1/staff/audit';

interface Entry {
  id: string;
  at: string;
  actor: { sub: string; email: string };
  action: string;
  recordId: string;
  ip: string;
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
}

const trail = (query: Record<string, string>, as: 'frontdesk' | 'admin' = 'admin') =>
  staffApi(`${AUDIT}?${new URLSearchParams(query)}`, {}, as);

async function postLead(): Promise<string> {
  const response = await api(INQUIRIES, { json: newLead() });
  expect(response.status).toBe(201);
  return response.json<{ id: string }>().id;
}

describe('GET /v1/staff/audit', () => {
  it('shows what staff did, newest first: who (by email), what, which record and from where', async () => {
    const id = await postLead();
    const ip = randomClientIp();
    expect((await staffApi(`/v1/staff/inquiries/${id}`, { clientIp: ip })).status).toBe(200);
    const patched = await staffApi(`/v1/staff/inquiries/${id}`, {
      method: 'PATCH',
      json: { status: 'handled' },
      clientIp: ip,
    });
    expect(patched.status).toBe(200);

    const response = await trail({ recordId: id });
    expect(response.status).toBe(200);
    const page = response.json<Page>();
    expect(page.items.map((entry) => entry.action)).toEqual(['inquiry.updated', 'inquiry.read']);
    expect(page.items[1]).toStrictEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      at: expect.stringMatching(/Z$/),
      actor: { sub: expect.any(String), email: 'frontdesk@example.test' },
      action: 'inquiry.read',
      recordId: id,
      ip,
    });
    expect(page.nextCursor).toBeNull();
  });

  it('keeps one member’s entries by email, whatever its case, and one record’s', async () => {
    const id = await postLead();
    await staffApi(`/v1/staff/inquiries/${id}`, {}, 'frontdesk');
    await staffApi(`/v1/staff/inquiries/${id}`, {}, 'admin');
    const byAdmin = (await trail({ recordId: id, actor: 'ADMIN@example.test' })).json<Page>();
    expect(byAdmin.items.map((entry) => [entry.actor.email, entry.action])).toEqual([
      ['admin@example.test', 'inquiry.read'],
    ]);
    const byFrontDesk = (await trail({ recordId: id, actor: 'frontdesk@example.test' })).json<Page>();
    expect(byFrontDesk.items).toHaveLength(1);
    expect((await trail({ recordId: `${id}-none` })).json<Page>().items).toEqual([]);
  });

  it('pages with limit and an opaque cursor until nextCursor is null', async () => {
    const id = await postLead();
    for (const note of ['one', 'two', 'three']) {
      await staffApi(`/v1/staff/inquiries/${id}`, { method: 'PATCH', json: { note } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = (
        await trail({ recordId: id, limit: '2', ...(cursor ? { cursor } : {}) })
      ).json<Page>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((entry) => entry.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it('records its own reading as audit.read, with the range and filters asked', async () => {
    const marker = `audit-${randomUUID()}`;
    const today = localDateOf(new Date(), zone);
    const from = addDays(today, -2);
    expect((await trail({ from, to: today, recordId: marker })).status).toBe(200);
    const recorded = (await trail({ recordId: `${from}..${today}?recordId=${marker}` })).json<Page>();
    expect(recorded.items.map((entry) => [entry.action, entry.actor.email])).toEqual([
      ['audit.read', 'admin@example.test'],
    ]);
  });

  it('is for admins: the front desk gets 403 forbidden', async () => {
    const response = await trail({}, 'frontdesk');
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
    expect((await trail({}, 'admin')).status).toBe(200);
  });

  it('refuses an actor that is not an email, and a bad cursor (400, by field)', async () => {
    const pathsOf = async (query: Record<string, string>) => {
      const response = await trail(query);
      expect(response.status).toBe(400);
      return response.json<{ errors: { path: string }[] }>().errors.map((error) => error.path);
    };
    expect(await pathsOf({ actor: 'frontdesk' })).toEqual(['actor']);
    expect(await pathsOf({ cursor: '%%%' })).toEqual(['cursor']);
  });
});
