// What the table keeps and for how long (CONFIG.md `retention`: the items' TTL), and erasure on
// request, through POST /v1/staff/erasures and `npm run erase`, on a stack of this file's own: a
// person's leads and bookings go with everything that belongs to them, anyone else's stay, the
// audit trail records the erasure without saying whose it was, and a second run removes nothing.
import { randomInt, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { heldLocks } from '../../../shared/adapters/dynamodb/booking-transactions.ts';
import { SECRET_KEY } from '../../../shared/adapters/dynamodb/secret.ts';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import { dedupeKey } from '../../../shared/core/inquiries/lead.ts';
import { dedupeFingerprint, pseudonym } from '../../../shared/core/inquiries/pseudonyms.ts';
import { fromBookingItem } from '../../../shared/core/scheduling/booking.ts';
import { auditMonthPartition } from '../../../shared/core/staff/audit.ts';
import { ownLocalStack } from '../support/own-stack.ts';
import { ownStackHelpers, runToolProcess } from './support.ts';

const configPath = resolve('config/dev.json');
const config = loadClinicConfigFile(configPath);
const stack = ownLocalStack({ config, tableName: 'privacy-test', cognitoPort: 0, logProblem: () => {} });
const own = ownStackHelpers(stack, config, configPath);
const DAY_SECONDS = 86_400;
const TYPE = 'follow-up';

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

interface Person {
  readonly email: string;
  /** As typed in the forms; stored in E.164. */
  readonly phone: string;
  readonly e164: string;
}

/**
 * The next of 100 phone numbers, from a random start: no two people of this file share one (with
 * a random number each, one run in a hundred gave ana and bob the same, and erasing her phone
 * took his booking too). The file's clinic has a table of its own.
 */
let nextPhone = randomInt(0, 100);

function person(label: string): Person {
  const digits = String(100 + (nextPhone++ % 100)).slice(1);
  return {
    email: `${label}+${randomUUID().slice(0, 8)}@example.com`,
    phone: `(201) 555-01${digits}`,
    e164: `+120155501${digits}`,
  };
}

async function postLead(fields: { email: string; phone?: string; name?: string }): Promise<string> {
  const answer = await own.call('/v1/inquiries', {
    json: {
      name: fields.name ?? 'Pat Private',
      message: `About my back ${randomUUID()}`,
      consent: 'on',
      ...fields,
    },
  });
  expect(answer.status, answer.text).toBe(201);
  return String(answer.body.id);
}

let slots: { start: string; providers: string[] }[] | undefined;
async function nextSlot(): Promise<{ start: string; providerId: string }> {
  slots ??= await own.openSlots(TYPE, 15);
  const slot = slots.shift();
  if (!slot) throw new Error('no open slot left');
  return { start: slot.start, providerId: slot.providers[0] as string };
}

async function book(who: Person): Promise<{ id: string; token: string; start: string }> {
  const slot = await nextSlot();
  const answer = await own.call('/v1/bookings', {
    json: { type: TYPE, ...slot, name: 'Pat Private', email: who.email, phone: who.phone, consent: 'on' },
  });
  expect(answer.status, answer.text).toBe(201);
  return { id: String(answer.body.id), token: String(answer.body.manageToken), start: slot.start };
}

/** Waits until the notifier has sent what these changes called for (notices are deleted once sent). */
async function emailsOut(bookingIds: readonly string[], leadIds: readonly string[]): Promise<void> {
  await eventually('the emails of the records', async () => {
    for (const id of bookingIds) if ((await own.partition(`NOTICE#${id}`)).length > 0) return undefined;
    for (const id of leadIds) {
      const lead = await own.item(`INQUIRY#${id}`, 'INQUIRY');
      if (!lead || !Object.keys(lead).some((name) => name.startsWith('email_'))) return undefined;
    }
    return true;
  });
}

/** Every item of the records, to compare before and after. */
async function itemsOf(bookingIds: readonly string[], leadIds: readonly string[]) {
  const bookings = await Promise.all(bookingIds.map((id) => own.partition(`BOOKING#${id}`)));
  const leads = await Promise.all(leadIds.map((id) => own.item(`INQUIRY#${id}`, 'INQUIRY')));
  return { bookings: bookings.flat(), leads: leads.filter((lead) => lead !== undefined) };
}

async function lockOwners(bookingItem: Record<string, unknown>): Promise<unknown[]> {
  const locks = heldLocks(fromBookingItem(bookingItem));
  expect(locks.length).toBeGreaterThan(0);
  return Promise.all(locks.map(async (pk) => (await own.item(pk, 'LOCK'))?.bookingId));
}

async function dedupeMarkerOf(leadId: string) {
  const lead = await own.item(`INQUIRY#${leadId}`, 'INQUIRY');
  const secret = (await own.item(SECRET_KEY.pk.S, SECRET_KEY.sk.S))?.value as Uint8Array;
  const { pk, sk } = dedupeKey(
    pseudonym(
      secret,
      'dedupe',
      dedupeFingerprint({ ...(lead as { name: string; email: string; message: string }), spam: false }),
    ),
  );
  return { pk, sk };
}

async function auditEntriesThisMonth(): Promise<Record<string, unknown>[]> {
  const answer = await own.db().send(
    new QueryCommand({
      TableName: stack().tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :month',
      ExpressionAttributeValues: { ':month': { S: auditMonthPartition(new Date()) } },
    }),
  );
  return (answer.Items ?? []).map((raw) => unmarshall(raw));
}

describe('what the table keeps, and for how long', () => {
  it('keeps a lead retention.inquiryDays after it arrived, through spam and back', async () => {
    const id = await postLead({ email: person('kept').email });
    const stored = await own.item(`INQUIRY#${id}`, 'INQUIRY');
    const leadExpiry = epochSeconds(String(stored?.receivedAt)) + config.retention.inquiryDays * DAY_SECONDS;
    expect(stored?.expiresAt).toBe(leadExpiry);

    const before = Math.floor(Date.now() / 1000);
    const spam = await own.call(`/v1/staff/inquiries/${id}`, {
      method: 'PATCH',
      json: { status: 'spam' },
      as: 'frontdesk',
    });
    expect(spam.status, spam.text).toBe(200);
    const asSpam = Number((await own.item(`INQUIRY#${id}`, 'INQUIRY'))?.expiresAt);
    expect(asSpam).toBeGreaterThanOrEqual(before + 30 * DAY_SECONDS);
    expect(asSpam).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 30 * DAY_SECONDS);

    const back = await own.call(`/v1/staff/inquiries/${id}`, {
      method: 'PATCH',
      json: { status: 'new' },
      as: 'frontdesk',
    });
    expect(back.status, back.text).toBe(200);
    expect((await own.item(`INQUIRY#${id}`, 'INQUIRY'))?.expiresAt).toBe(leadExpiry);
  });

  it('keeps a booking and its delivery records bookingDaysAfterVisit after the visit, and moves that with it', async () => {
    const made = await book(person('visit'));
    const keep = config.retention.bookingDaysAfterVisit * DAY_SECONDS;
    const stored = await own.item(`BOOKING#${made.id}`, 'BOOKING');
    expect(stored?.expiresAt).toBe(epochSeconds(String(stored?.end)) + keep);
    const messages = await eventually('the confirmation’s delivery records', async () => {
      const found = (await own.partition(`BOOKING#${made.id}`)).filter((item) =>
        String(item.sk).startsWith('MESSAGE#'),
      );
      return found.length >= 2 ? found : undefined;
    });
    for (const message of messages) expect(message.expiresAt).toBe(stored?.expiresAt);

    const later = await nextSlot();
    const moved = await own.call(`/v1/bookings/${made.id}/reschedule`, {
      json: { token: made.token, ...later },
    });
    expect(moved.status, moved.text).toBe(200);
    const after = await own.item(`BOOKING#${made.id}`, 'BOOKING');
    expect(after?.end).not.toBe(stored?.end);
    expect(after?.expiresAt).toBe(epochSeconds(String(after?.end)) + keep);
  });
});

describe('POST /v1/staff/erasures', () => {
  it('is for admins only', async () => {
    const body = { email: person('nobody').email };
    expect((await own.call('/v1/staff/erasures', { json: body })).status).toBe(401);
    expect((await own.call('/v1/staff/erasures', { json: body, as: 'frontdesk' })).status).toBe(403);
    expect((await own.call('/v1/staff/erasures', { json: body, as: 'nobody' })).status).toBe(403);
    const bad = await own.call('/v1/staff/erasures', { json: { email: 'not an address' }, as: 'admin' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('removes a person’s leads and bookings with all that belongs to them, and nothing of anyone else’s', async () => {
    const ana = person('ana');
    const bob = person('bob');
    // Her email typed in another case, and a lead that has only her phone.
    const leadByEmail = await postLead({ email: ana.email.toUpperCase() });
    const leadByPhone = await postLead({ email: person('other-address').email, phone: ana.phone });
    const ahead = await book(ana);
    const cancelled = await book({ ...ana, email: ana.email.replace('ana', 'ANA') });
    const cancel = await own.call(`/v1/bookings/${cancelled.id}/cancel`, {
      json: { token: cancelled.token },
    });
    expect(cancel.status, cancel.text).toBe(200);
    const bobLead = await postLead({ email: bob.email, phone: bob.phone });
    const bobBooking = await book(bob);
    const anaBookings = [ahead.id, cancelled.id];
    await emailsOut([...anaBookings, bobBooking.id], [leadByEmail, leadByPhone, bobLead]);

    const before = await itemsOf(anaBookings, [leadByEmail, leadByPhone]);
    const aheadItem = before.bookings.find(
      (item) => item.pk === `BOOKING#${ahead.id}` && item.sk === 'BOOKING',
    );
    expect(await lockOwners(aheadItem as Record<string, unknown>)).toEqual(
      heldLocks(fromBookingItem(aheadItem as Record<string, unknown>)).map(() => ahead.id),
    );
    const marker = await dedupeMarkerOf(leadByEmail);
    expect(await own.item(marker.pk, marker.sk)).toBeDefined();
    const bobBefore = await itemsOf([bobBooking.id], [bobLead]);

    const answer = await own.call('/v1/staff/erasures', {
      json: { email: ana.email, phone: ana.phone },
      as: 'admin',
    });
    expect(answer.status, answer.text).toBe(200);
    const report = answer.body as {
      leads: string[];
      bookings: { id: string; upcoming: boolean; status: string }[];
      removed: Record<string, number>;
    };
    expect([...report.leads].sort()).toEqual([leadByEmail, leadByPhone].sort());
    expect(report.bookings.map((b) => [b.id, b.status, b.upcoming]).sort()).toEqual(
      [
        [ahead.id, 'confirmed', true],
        [cancelled.id, 'cancelled', false],
      ].sort(),
    );
    const messagesBefore = before.bookings.filter((item) => String(item.sk).startsWith('MESSAGE#')).length;
    expect(messagesBefore).toBeGreaterThan(0);
    expect(report.removed).toMatchObject({
      leads: 2,
      bookings: 2,
      messages: messagesBefore,
      // Only the confirmed booking still held time; the cancelled one released its locks.
      locks: heldLocks(fromBookingItem(aheadItem as Record<string, unknown>)).length,
      notices: 0,
    });
    expect(report.removed.dedupeMarkers).toBeGreaterThanOrEqual(1);
    expect(answer.text).not.toContain(ana.email);

    expect(await itemsOf(anaBookings, [leadByEmail, leadByPhone])).toEqual({ bookings: [], leads: [] });
    expect(await own.item(marker.pk, marker.sk)).toBeUndefined();
    expect(new Set(await lockOwners(aheadItem as Record<string, unknown>))).toEqual(new Set([undefined]));
    // Her time is open again.
    const day = ahead.start.slice(0, 10);
    const open = await own.call(
      `/v1/availability?${new URLSearchParams({ type: TYPE, from: day, to: day })}`,
    );
    expect((open.body.slots as { start: string }[]).map((slot) => slot.start)).toContain(ahead.start);
    // Bob's records are as they were.
    expect(await itemsOf([bobBooking.id], [bobLead])).toEqual(bobBefore);

    // The trail: which records went and by whom, never the email or phone.
    const trail = await auditEntriesThisMonth();
    const mine = trail.filter((entry) =>
      [...anaBookings, leadByEmail, leadByPhone].includes(String(entry.recordId)),
    );
    expect(mine.map((entry) => entry.action).sort()).toEqual(
      ['booking.erased', 'booking.erased', 'inquiry.erased', 'inquiry.erased'].sort(),
    );
    expect(
      trail.some((entry) => entry.action === 'person.erased' && entry.recordId === 'leads:2 bookings:2'),
    ).toBe(true);
    for (const entry of mine) expect(entry.actorEmail).toBe(stack().staffPool.users.admin);
    const trailText = JSON.stringify(trail).toLowerCase();
    expect(trailText).not.toContain(ana.email.toLowerCase());
    expect(trailText).not.toContain(ana.e164);

    // Asked again: nothing is left to remove.
    const again = await own.call('/v1/staff/erasures', {
      json: { email: ana.email, phone: ana.phone },
      as: 'admin',
    });
    expect(again.status).toBe(200);
    expect(again.body.leads).toEqual([]);
    expect(again.body.bookings).toEqual([]);
    expect(Object.values(again.body.removed as Record<string, number>).every((count) => count === 0)).toBe(
      true,
    );
  }, 120_000);
});

describe('npm run erase', () => {
  it('looks first with --dry-run, then erases the local table’s records, then finds nothing', async () => {
    const cleo = person('cleo');
    const lead = await postLead({ email: cleo.email });
    const made = await book(cleo);
    await emailsOut([made.id], [lead]);
    const env = own.toolEnv();
    const tool = (...args: string[]) => runToolProcess('scripts/erase.ts', args, env);

    const dry = await tool('--email', cleo.email.toUpperCase(), '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      `Would erase in the local table (${stack().tableName}): 1 lead and 1 booking.`,
    );
    expect(dry.stdout).toContain(`lead ${lead}`);
    expect(dry.stdout).toContain(`booking ${made.id} (confirmed`);
    expect(dry.stdout).not.toContain(cleo.email);
    expect(await own.item(`INQUIRY#${lead}`, 'INQUIRY')).toBeDefined();
    expect(await own.item(`BOOKING#${made.id}`, 'BOOKING')).toBeDefined();

    const erased = await tool('--email', cleo.email, '--phone', cleo.e164);
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.stdout).toContain('Erased in the local table');
    expect(erased.stdout).toMatch(
      /Items removed \(\d+\): 1 lead, \d+ dedupe markers?, 1 booking, \d+ delivery records, \d+ provider-time locks/,
    );
    expect(await itemsOf([made.id], [lead])).toEqual({ bookings: [], leads: [] });
    const trail = await auditEntriesThisMonth();
    const entry = trail.find((e) => e.action === 'booking.erased' && e.recordId === made.id);
    expect(String(entry?.actorEmail)).toMatch(/^local:/);

    const again = await tool('--email', cleo.email);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing to erase in the local table');

    const usage = await tool('--phone', cleo.e164);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--email is required');
  }, 120_000);
});
