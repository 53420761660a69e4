// The booking widget (web/kit/clinic-booking.js) in Chromium against the local stack, embedded in a
// page at the clinic's local origin as docs/web-kit.md says: a whole booking step by step (axe-core
// clean at each step, the confirmation email in the SES emulator), two patients racing for one
// time, a booking with the keyboard alone, and the visitor's own time beside the clinic's. Books
// follow-up visits on the day bookings-support.ts keeps for the browser tests, each test at its
// own place in the day's list of times (booking.test.ts takes the last, manage.test.ts the first
// new-patient time).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dayDealer, patient } from '../scheduling/bookings-support.ts';
import { clinicConfigInUse, localStack, waitForEmailsTo } from '../support/index.ts';
import { accessibilityViolations } from './browser.ts';
import {
  dayName,
  focused,
  type KitContext,
  kitBrowser,
  type kitContext,
  kitUrl,
  poll,
  screenshot,
  showMonth,
  widgetHeading,
} from './kit-support.ts';

const day = dayDealer('browser')();
const config = clinicConfigInUse();
const followUp = config.scheduling.appointmentTypes.find((t) => t.id === 'follow-up');
const lee = config.scheduling.providers.find((p) => p.id === 'dr-lee');

const openContext = kitBrowser();

async function openBook(
  options: Parameters<typeof kitContext>[1] = {},
): Promise<{ kit: KitContext; page: Page }> {
  const kit = await openContext(options);
  const page = await kit.context.newPage();
  await page.goto(kitUrl('/book'));
  return { kit, page };
}

const clean = async (page: Page, step: string) =>
  expect(await accessibilityViolations(page), `axe-core at ${step}`).toEqual([]);

/** Type → the day → the `index`-th free time, as a patient taps them; answers the time's label. */
async function toTime(page: Page, index: number): Promise<string> {
  await page.getByRole('button', { name: new RegExp(`^${followUp?.name}`) }).click();
  await showMonth(page, day);
  await page.getByRole('button', { name: new RegExp(`^${dayName(day)}, \\d+ free times?$`) }).click();
  expect(await widgetHeading(page)).toBe('Choose a time');
  const times = page.locator('clinic-booking .times button');
  expect(await times.count()).toBeGreaterThan(index);
  const label = ((await times.nth(index).textContent()) ?? '').trim();
  await times.nth(index).click();
  return label;
}

async function fillDetails(page: Page, who: Record<string, string>): Promise<void> {
  await page.getByRole('textbox', { name: 'Name' }).fill(who.name as string);
  await page.getByRole('textbox', { name: /^Email/ }).fill(who.email as string);
  await page.getByRole('textbox', { name: 'Phone' }).fill(who.phone as string);
  await page.getByRole('checkbox', { name: /^I agree to the booking terms/ }).check();
}

// Each test waits for several months of availability, which a loaded machine answers in seconds.
describe('<clinic-booking>', { timeout: 120_000 }, () => {
  it('books step by step: type, month, time, clinician, details; confirms with the manage and calendar links and emails the patient', async () => {
    const { kit, page } = await openBook();
    await poll(() => widgetHeading(page)).toBe('Choose a type of visit');
    // Each type with its length, as real buttons.
    expect(await page.getByRole('button', { name: /^Follow-up visit\s*20 minutes/ }).count()).toBe(1);
    await clean(page, 'type');
    await screenshot(page, '1-type');

    await page.getByRole('button', { name: /^Follow-up visit/ }).click();
    expect(await widgetHeading(page)).toBe('Choose a day');
    // Focus moves to the new step's heading, for screen readers and keyboards alike.
    expect((await focused(page)).tag).toBe('h2');
    await showMonth(page, day);
    await poll(() => page.locator('clinic-booking [role=status]').textContent()).toMatch(
      /^\d+ days? (has|have) free times in \w+ \d{4}\.$/,
    );
    // A month is a table: a caption, the weekdays as column headers, the free days as buttons.
    expect(await page.locator('clinic-booking th[scope=col]').count()).toBe(7);
    expect(await page.getByRole('table').count()).toBe(1);
    await clean(page, 'day');
    await screenshot(page, '2-day');

    await page.getByRole('button', { name: new RegExp(`^${dayName(day)}, \\d+ free times?$`) }).click();
    expect(await widgetHeading(page)).toBe('Choose a time');
    await clean(page, 'time');
    await screenshot(page, '3-time');
    const times = page.locator('clinic-booking .times button');
    const label = ((await times.nth(3).textContent()) ?? '').trim();
    expect(label).toMatch(/^\d{1,2}:\d{2} [AP]M$/); // the visitor is in the clinic's zone: one time
    await times.nth(3).click();

    expect(await widgetHeading(page)).toBe('Choose a clinician');
    expect(await page.getByRole('button', { name: /^First available/ }).count()).toBe(1);
    await clean(page, 'provider');
    await screenshot(page, '4-provider');
    await page.getByRole('button', { name: lee?.name }).click();

    expect(await widgetHeading(page)).toBe('Your details');
    await clean(page, 'details');
    // Sent empty: each problem beside its field, focus on the first.
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    expect(await page.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('clinic-booking #e-name').textContent()).toBe('Enter your name');
    expect((await focused(page)).name).toBe('name');
    await clean(page, 'details with problems');
    await screenshot(page, '5-details-problems');

    const who = patient({ name: 'Robin Widget' });
    await fillDetails(page, who);
    await page.getByRole('checkbox', { name: /^Text me appointment reminders/ }).check();
    await screenshot(page, '5-details');
    // The page can follow the booking (for its analytics) without being handed the manage token.
    await page.evaluate(
      "document.addEventListener('clinic-booking:booked', (e) => { window.booked = e.detail; })",
    );
    const posted = page.waitForRequest(
      (r) => r.url() === `${localStack().apiUrl}/v1/bookings` && r.method() === 'POST',
    );
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    const request = await posted;
    expect(request.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.postDataJSON()).toMatchObject({
      type: 'follow-up',
      providerId: 'dr-lee',
      name: 'Robin Widget',
      email: who.email,
      smsConsent: true,
      consent: true,
    });

    await poll(() => widgetHeading(page)).toBe('Your appointment is booked');
    expect((await focused(page)).tag).toBe('h2');
    const event = (await page.evaluate('window.booked')) as Record<string, unknown>;
    expect(event).toMatchObject({ type: 'follow-up', providerId: 'dr-lee', status: 'confirmed' });
    expect(event.id).toMatch(/\S/);
    expect(event).not.toHaveProperty('manageToken');
    expect(event).not.toHaveProperty('manageUrl');
    const summary = (await page.locator('clinic-booking dl').textContent()) ?? '';
    expect(summary).toContain('Follow-up visit');
    expect(summary).toContain(`${dayName(day)} at ${label}`);
    expect(summary).toContain(lee?.name);
    await clean(page, 'done');
    await screenshot(page, '6-done');

    // The calendar link is the booking's file to add, reachable with its token.
    const ics = (await page.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')) as string;
    const file = await fetch(ics);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await page.getByRole('link', { name: 'Change or cancel' }).getAttribute('href')).toMatch(/token=/);
    // The empty form was checked in the browser: one booking attempt in all (sent again with the
    // same key only if a loaded stack gave no clear answer).
    const posts = kit.apiRequests.filter((r) => r.method() === 'POST');
    expect(new Set(posts.map((r) => r.headers()['idempotency-key']))).toEqual(
      new Set([request.headers()['idempotency-key']]),
    );

    const [confirmation] = await waitForEmailsTo(who.email as string);
    expect(confirmation?.attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(true);
  });

  it('when two patients race for one time, the second is offered the nearest free times as buttons that book', async () => {
    const first = await openBook();
    const second = await openBook();
    const labels = [await toTime(first.page, 6), await toTime(second.page, 6)];
    expect(labels[0]).toBe(labels[1]);
    for (const { page } of [first, second]) {
      await page.getByRole('button', { name: lee?.name }).click();
      await fillDetails(page, patient());
    }
    await first.page.getByRole('button', { name: 'Book this appointment' }).click();
    await poll(() => widgetHeading(first.page)).toBe('Your appointment is booked');

    await second.page.getByRole('button', { name: 'Book this appointment' }).click();
    const alert = second.page.locator('clinic-booking [role=alert]');
    await poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toMatch(
      /^Sorry, that time was just taken\. These times are still free:/,
    );
    expect((await focused(second.page)).tag).toBe('div'); // the alert has focus: it is read out
    const alternatives = alert.getByRole('button');
    expect(await alternatives.count()).toBeGreaterThan(0);
    await clean(second.page, 'alternatives');
    await screenshot(second.page, '7-taken');
    const chosen = ((await alternatives.first().textContent()) ?? '').trim();
    await alternatives.first().click();
    await poll(() => widgetHeading(second.page)).toBe('Your appointment is booked');
    const summary = (await second.page.locator('clinic-booking dl').textContent()) ?? '';
    expect(summary).toContain(chosen.split(' at ')[1]);
    expect(summary).not.toContain(`at ${labels[0]}With`);
  });

  it('books with the keyboard alone, focus following each step', async () => {
    const { page } = await openBook();
    await poll(() => widgetHeading(page)).toBe('Choose a type of visit');

    /** Tabs until the focused control's text or label matches; fails after 80 presses. */
    async function tabTo(pattern: RegExp): Promise<void> {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const now = await focused(page);
        if (pattern.test(now.label || now.text)) return;
      }
      throw new Error(`Tab never reached ${pattern}`);
    }

    await tabTo(/^Follow-up visit/);
    await page.keyboard.press('Enter');
    await poll(async () => (await focused(page)).tag).toBe('h2');
    await poll(() => page.locator('clinic-booking table').getAttribute('aria-busy')).toBe('false');
    for (let i = 0; i < 30; i++) {
      const caption = (await page.locator('clinic-booking caption').textContent()) ?? '';
      if (
        caption.startsWith(
          new Intl.DateTimeFormat('en-US', { month: 'long' }).format(new Date(`${day}T12:00Z`)),
        )
      )
        break;
      await tabTo(/^Next month$/);
      await page.keyboard.press('Enter');
      // Focus stays on the button that was pressed, so the next month is one key away.
      await poll(() => page.locator('clinic-booking table').getAttribute('aria-busy')).toBe('false');
      expect((await focused(page)).label).toBe('Next month');
    }
    await tabTo(new RegExp(`^${dayName(day)}, \\d+ free`));
    await page.keyboard.press('Enter');
    expect(await widgetHeading(page)).toBe('Choose a time');
    expect((await focused(page)).tag).toBe('h2');
    // The ninth free time.
    await page.keyboard.press('Tab');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    const label = (await focused(page)).text;
    expect(label).toMatch(/^\d{1,2}:\d{2} [AP]M$/);
    await page.keyboard.press('Space');
    expect(await widgetHeading(page)).toBe('Choose a clinician');
    await tabTo(/^First available/);
    await page.keyboard.press('Enter');
    expect(await widgetHeading(page)).toBe('Your details');

    const who = patient({ name: 'Kim Keys' });
    await tabTo(/^$/); // the name field: an input has no text
    expect((await focused(page)).name).toBe('name');
    await page.keyboard.type(who.name as string);
    await page.keyboard.press('Tab');
    await page.keyboard.type(who.email as string);
    await page.keyboard.press('Tab');
    await page.keyboard.type(who.phone as string);
    await page.keyboard.press('Tab'); // reason: left empty
    await page.keyboard.press('Tab'); // text reminders: left unticked
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('consent');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Book this appointment');
    await page.keyboard.press('Enter');
    await poll(() => widgetHeading(page)).toBe('Your appointment is booked');
    expect((await focused(page)).tag).toBe('h2');
    expect(await page.locator('clinic-booking dl').textContent()).toContain(`${dayName(day)} at ${label}`);
  });

  it('shows the visitor’s own time beside the clinic’s when their zone differs, and takes the clinic’s colours', async () => {
    const { page } = await openBook({ timezoneId: 'Europe/London' });
    await page.addStyleTag({ content: 'clinic-booking { --clinic-accent: rgb(122, 31, 92); }' });
    await toTime(page, 0).then(() => page.getByRole('button', { name: 'Back' }).click());
    const first = page.locator('clinic-booking .times button').first();
    // New York's morning is London's afternoon: both are shown, the clinic's first.
    expect(((await first.textContent()) ?? '').trim()).toMatch(
      /^\d{1,2}:\d{2} AM\d{1,2}:\d{2} PM your time$/,
    );
    expect(await page.locator('clinic-booking .times').textContent()).toContain('your time');
    expect(
      await first.evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { borderColor: string } }
          ).getComputedStyle(el).borderColor,
      ),
    ).toBe('rgb(122, 31, 92)');
    await clean(page, 'time in two zones');
    await screenshot(page, '3-time-two-zones');
  });

  it('shows what the page put inside it until it upgrades (here: never, scripts are off)', async () => {
    const { page } = await openBook({ javaScriptEnabled: false });
    expect(await page.locator('clinic-booking').textContent()).toContain(
      'Online booking needs JavaScript; you can also call us at',
    );
    expect(await page.locator('clinic-booking form').isVisible()).toBe(true);
  });
});
