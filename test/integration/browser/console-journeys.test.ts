// The staff console's main journeys in a real Chromium against the shared local stack, with no
// stand-ins: the console as the stack serves it at /staff/, signed in against the stack's user
// pool, calling the real staff API. Sign in and see today, cancel for a caller (the patient's
// email arrives), block an afternoon (its slots leave public availability), mark a lead handled,
// export the leads CSV, and the audit trail of it all for an admin. Screenshots of the views with
// real data are kept in /tmp (console-<view>-<width>.png) for a person to look at.
// Books and blocks on the first days of the booking window (today up to the first open weekday
// after it, two days at least), which bookings-support.ts deals to no test file (`undealtDays`).
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDate, localDateOf, zoneClock } from '../../../shared/core/scheduling/time.ts';
import { INQUIRIES, newLead } from '../inquiries/helpers.ts';
import { config, openSlots, patient, type Slot, undealtDays } from '../scheduling/bookings-support.ts';
import { staffApi, staffOfStack } from '../staff/support.ts';
import { api, localStack, waitForEmailsTo } from '../support/index.ts';
import { accessibilityViolations, launchChromium } from './browser.ts';

const { timeZone } = config.clinic;
const clock = zoneClock(timeZone);
const WIDTHS = [390, 1280] as const;
const consoleUrl = () => `${localStack().apiUrl}/staff/`;
const today = () => localDateOf(new Date(), timeZone);
/** The local wall time (`14:05`) of an instant, in the clinic's zone. */
const hhmmOf = (instant: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(instant),
  );

let browser: Browser;
/** The front desk's session, signed in once and used by the journeys in turn (tokens live in memory). */
let frontDesk: { context: BrowserContext; page: Page; cspViolations: string[] } | undefined;
const contexts: BrowserContext[] = [];

/** What the journeys made, for the ones after them. */
const made: {
  bookingId?: string;
  patientName?: string;
  patientEmail?: string;
  blockId?: string;
  leadId?: string;
  leadName?: string;
  leadEmail?: string;
} = {};

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  // The afternoon is given back, so a run leaves the days as it found them.
  if (made.blockId) await staffApi(`/v1/staff/blocks/${made.blockId}`, { method: 'DELETE' });
  for (const context of contexts) await context.close();
  await browser?.close();
  staffOfStack().tokens.close();
});

async function signedIn(email: string, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(consoleUrl());
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(localStack().staffPool.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /^Today, / }).waitFor();
  return { context, page, cspViolations };
}

function frontDeskPage(): Page {
  if (!frontDesk) throw new Error('The front desk is not signed in: the first journey did not run');
  return frontDesk.page;
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** Full-page screenshots at both widths, then back to the desktop width. */
async function screenshots(page: Page, view: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `/tmp/console-${view}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The first open follow-up with Dr. Lee from today on, within the days no test file books on. */
async function firstOpenSlot(): Promise<Slot> {
  for (const date of undealtDays()) {
    const [slot] = await openSlots('follow-up', date, 'dr-lee');
    if (slot) return slot;
  }
  throw new Error(`Dr. Lee has no open follow-up on ${undealtDays().join(', ')}`);
}

/** Dr. Lee's open follow-ups of a day, split by whether they meet the afternoon 13:00–17:00. */
async function drLeeSlots(date: LocalDate): Promise<{ afternoon: string[]; rest: string[] }> {
  const slots = await openSlots('follow-up', date, 'dr-lee');
  const inAfternoon = (s: Slot) => hhmmOf(s.start) < '17:00' && hhmmOf(s.end) > '13:00';
  return {
    afternoon: slots.filter(inAfternoon).map((s) => s.start),
    rest: slots.filter((s) => !inAfternoon(s)).map((s) => s.start),
  };
}

describe('the staff console against the local stack', () => {
  it('signs the front desk in to today’s agenda, which lists a booking made through the public API', async () => {
    const slot = await firstOpenSlot();
    const tag = Math.random().toString(36).slice(2, 8);
    const who = patient({ name: `Robin Journey ${tag}` });
    const name = who.name as string;
    const booked = await api('/v1/bookings', {
      json: { ...who, type: 'follow-up', start: slot.start, providerId: 'dr-lee' },
    });
    expect(booked.status).toBe(201);
    made.bookingId = booked.json<{ id: string }>().id;
    made.patientName = name;
    made.patientEmail = who.email as string;

    frontDesk = await signedIn(localStack().staffPool.users.frontdesk);
    const { page } = frontDesk;
    const day = localDateOf(new Date(slot.start), timeZone);
    if (day !== today()) {
      // Nothing open today: the booking is on the next open day, reached through the date picker.
      await page.getByLabel('Go to date').fill(day);
      await page.getByRole('button', { name: 'Go', exact: true }).click();
      await page
        .getByRole('heading', { level: 1, name: new RegExp(`\\b${Number(day.slice(8))}, \\d{4}$`) })
        .waitFor();
    }
    const entry = page.getByRole('link', { name: new RegExp(name) });
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toContain('Follow-up visit');
    await expect(entry.textContent()).resolves.toContain('Dr. Jordan Lee');

    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      expect(await accessibilityViolations(page), `axe at ${width} px`).toEqual([]);
    }
    await screenshots(page, 'agenda');
    await page.getByRole('link', { name: 'Week', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Week of / }).waitFor();
    await page.getByRole('link', { name: new RegExp(name) }).waitFor();
    await screenshots(page, 'week');
    expect(frontDesk.cspViolations).toEqual([]);
  });

  it('cancels the booking for a caller, says so, and the patient is emailed', async () => {
    const page = frontDeskPage();
    await page.getByRole('link', { name: new RegExp(made.patientName as string) }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(made.patientName as string) }).waitFor();
    await screenshots(page, 'booking');

    await page.getByLabel('Reason (optional)').fill('Called: has the flu');
    const notify = page.getByLabel('Email the patient that it is cancelled');
    expect(await notify.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByText('Booking cancelled. The patient is being emailed.').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Cancelled');
    await expect(page.getByText('Called: has the flu').count()).resolves.toBeGreaterThan(0);
    await screenshots(page, 'booking-cancelled');

    const emails = await waitForEmailsTo(made.patientEmail as string, { count: 2 });
    expect(emails.map((e) => e.subject)).toContainEqual(expect.stringMatching(/^Appointment cancelled/));
  });

  it('books for a caller who agrees to text reminders, and the booking’s page says so', async () => {
    const page = frontDeskPage();
    // A day on which Dr. Lee has open follow-ups (the first journey's time is open again).
    const slot = await firstOpenSlot();
    const day = localDateOf(new Date(slot.start), timeZone);
    const who = patient({ name: `Casey Caller ${Math.random().toString(36).slice(2, 8)}` });
    const name = who.name as string;

    await nav(page, 'Book').click();
    await page.getByRole('heading', { level: 1, name: 'Book for a caller' }).waitFor();
    // Texts are the caller's own, separate yes: never ticked for them.
    const texts = page.getByRole('checkbox', { name: 'Patient agrees to text reminders' });
    expect(await texts.isChecked()).toBe(false);
    await expect(page.locator('#book-sms-consent-hint').textContent()).resolves.toContain(
      'replying STOP opts out',
    );
    await page.getByLabel('Appointment type').selectOption('follow-up');
    await page.getByLabel('Clinician').selectOption('dr-lee');
    await page.getByLabel('Day').fill(day);
    await page.getByRole('button', { name: 'Show open times' }).click();
    // Whichever time the console offers first: the day's times move on with the clock and with the
    // other files booking on the shared stack, so a time read before may be gone by now.
    await page.getByRole('radio').first().check();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Email', { exact: true }).fill(who.email as string);
    await page.getByLabel('Phone', { exact: true }).fill(who.phone as string);
    await texts.check();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      expect(await accessibilityViolations(page), `axe at ${width} px`).toEqual([]);
      await page.screenshot({ path: `/tmp/console-book-sms-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
    await page.getByText('Yes, the patient agreed').waitFor();
    const id = decodeURIComponent(
      String(await page.evaluate('location.hash'))
        .split('/')
        .at(-1) as string,
    );
    const read = await staffApi(`/v1/staff/bookings/${id}`);
    expect(read.json()).toMatchObject({ id, name, smsConsent: true });
    // Given back, so the journeys after this one (and the next run) find the day as it was.
    const cancelled = await staffApi(`/v1/staff/bookings/${id}/cancel`, { json: { notifyPatient: false } });
    expect(cancelled.status).toBe(200);
  });

  it('blocks a clinician’s afternoon, and its slots leave public availability at once', async () => {
    const page = frontDeskPage();
    // The last of the undealt days on which Dr. Lee has an open afternoon.
    let day: LocalDate | undefined;
    let before = { afternoon: [] as string[], rest: [] as string[] };
    for (const date of undealtDays().reverse()) {
      before = await drLeeSlots(date);
      if (before.afternoon.length > 0) {
        day = date;
        break;
      }
    }
    if (!day) throw new Error(`Dr. Lee has no open afternoon on ${undealtDays().join(', ')}`);

    await nav(page, 'Blocks').click();
    await page.getByRole('heading', { level: 1, name: 'Blocks' }).waitFor();
    await page.getByLabel('Who').selectOption({ label: 'Dr. Jordan Lee' });
    await page.getByLabel('Day').fill(day);
    await page.getByLabel('From').fill('13:00');
    await page.getByLabel('To').fill('17:00');
    await page.getByLabel('Reason (optional)').fill('Dr. Lee at a conference');
    await page.getByRole('button', { name: 'Block time' }).click();
    await page.getByText('Time blocked. It is no longer offered to patients.').waitFor();

    const listed = await staffApi(`/v1/staff/blocks?from=${day}&to=${day}&provider=dr-lee`);
    const block = listed
      .json<{ items: { id: string; start: string; end: string; reason: string }[] }>()
      .items.find((b) => b.reason === 'Dr. Lee at a conference');
    expect(block).toMatchObject({
      start: clock.format(clock.boundaryOf(day, 13 * 60)),
      end: clock.format(clock.boundaryOf(day, 17 * 60)),
    });
    made.blockId = block?.id;
    // At once, and only the afternoon: the rest of the day is offered as before.
    expect(await drLeeSlots(day)).toEqual({ afternoon: [], rest: before.rest });

    // The week the block is in, as the console lists it.
    await page.evaluate(`location.hash = '#/blocks?date=${day}'`);
    await page.getByText('Dr. Lee at a conference').first().waitFor();
    await screenshots(page, 'blocks');
  });

  it('finds a lead by search, marks it handled, and the API says handled', async () => {
    const page = frontDeskPage();
    const lead = newLead({ phone: '(201) 555-0175', topic: 'New patient' });
    const posted = await api(INQUIRIES, { json: lead });
    expect(posted.status).toBe(201);
    made.leadId = posted.json<{ id: string }>().id;
    made.leadName = lead.name;
    made.leadEmail = lead.email;

    await nav(page, 'Leads').click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    await page.getByLabel('Search name, email or phone').fill(lead.name.split(' ').at(-1) as string);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('link', { name: new RegExp(lead.name) });
    await row.waitFor();
    await expect(page.getByRole('list', { name: 'Leads' }).getByRole('listitem').count()).resolves.toBe(1);
    await screenshots(page, 'leads');

    await row.click();
    await page.getByRole('heading', { level: 1, name: new RegExp(lead.name) }).waitFor();
    await expect(page.getByText(lead.message.split('\n')[0] as string).count()).resolves.toBe(1);
    await screenshots(page, 'lead');
    await page.getByRole('button', { name: 'Mark handled' }).click();
    await page.getByText('Marked handled.').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Handled');

    const read = await staffApi(`/v1/staff/inquiries/${made.leadId}`);
    expect(read.status).toBe(200);
    expect(read.json()).toMatchObject({ id: made.leadId, status: 'handled' });
  });

  it('downloads today’s leads as a CSV that starts with the BOM and holds the lead', async () => {
    const page = frontDeskPage();
    await nav(page, 'Export').click();
    await page.getByRole('heading', { level: 1, name: 'Export' }).waitFor();
    await page.getByLabel('From').fill(today());
    await page.getByLabel('To').fill(today());
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download leads (CSV)' }).click(),
    ]);
    const file = await readFile(await download.path());
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.toString('utf8');
    expect(text).toContain(made.leadEmail as string);
    expect(text).toContain(made.leadName as string);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await page.getByText(/^Downloaded .+\.csv\.$/).waitFor();
    expect(frontDesk?.cspViolations).toEqual([]);
  });

  it('shows an admin the audit trail of what the front desk just did; the front desk has no audit link', async () => {
    expect(await nav(frontDeskPage(), 'Audit').count()).toBe(0);

    const admin = await signedIn(localStack().staffPool.users.admin);
    const { page } = admin;
    await nav(page, 'Audit').click();
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    const frontdesk = localStack().staffPool.users.frontdesk;
    const expected: [string | undefined, string[]][] = [
      [made.bookingId, ['Booking read', 'Booking cancelled']],
      [made.blockId, ['Block created']],
      [made.leadId, ['Inquiry read', 'Inquiry updated']],
    ];
    for (const [recordId, actions] of expected) {
      await page.getByLabel('Record id').fill(recordId as string);
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      const table = page.getByRole('region', { name: 'Audit entries' });
      await table
        .getByText(recordId as string)
        .first()
        .waitFor();
      const rows = await table
        .getByRole('row')
        .evaluateAll((trs: { textContent: string | null }[]) => trs.map((tr) => tr.textContent ?? ''));
      for (const action of actions) {
        expect(
          rows.some((r) => r.includes(action) && r.includes(frontdesk)),
          `${action} by ${frontdesk}`,
        ).toBe(true);
      }
    }
    await screenshots(page, 'audit');
    expect(admin.cspViolations).toEqual([]);
  });
});
