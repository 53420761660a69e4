// examples/booking.html in a real Chromium against the local stack: its script lists the free
// times from GET /v1/availability (a cross-origin request from the clinic's origin, so CORS is
// exercised for real), the form books with a plain post, and the API's confirmation page is
// checked with axe-core. Books on the day bookings-support.ts keeps for the browser tests.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDateOf, weekdayOf } from '../../../shared/core/scheduling/time.ts';
import { config, dayDealer, getItem, openSlots } from '../scheduling/bookings-support.ts';
import { localStack, testDynamoDb, uniqueEmail, waitForEmailsTo } from '../support/index.ts';
import { accessibilityViolations, exampleUrl, launchChromium, siteContext } from './browser.ts';

const bookingUrl = exampleUrl('booking.html');
const nextDay = dayDealer('browser');
const db = testDynamoDb();

let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  db.destroy();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function openBookingPage(options: Parameters<typeof siteContext>[1] = {}): Promise<Page> {
  context = await siteContext(browser, options);
  const page = await context.newPage();
  await page.goto(bookingUrl);
  return page;
}

/** The time choices as the page offers them (the placeholder first). */
function timeOptions(page: Page) {
  return page
    .locator('#start option')
    .evaluateAll((options: { value: string; label: string }[]) =>
      options.map((o) => ({ value: o.value, label: o.label })),
    );
}

const status = (page: Page) => page.locator('#start-status').textContent();

describe('examples/booking.html', () => {
  it('lists the open times from GET /v1/availability and books with a plain post; both pages are accessible', async () => {
    const day = nextDay();
    const page = await openBookingPage();
    await page.getByRole('combobox', { name: 'Appointment', exact: true }).selectOption('follow-up');
    await page.getByLabel('Day', { exact: true }).fill(day);
    await expect.poll(() => status(page)).toMatch(/^\d+ free times? on this day\.$/);

    // Exactly the API's slots, in its order, labelled with the clinic's wall-clock time.
    const offered = await timeOptions(page);
    const slots = await openSlots('follow-up', day);
    expect(slots.length).toBeGreaterThan(0);
    expect(offered[0]).toEqual({ value: '', label: 'Choose a time' });
    expect(offered.slice(1).map((o) => o.value)).toEqual(slots.map((s) => s.start));
    for (const option of offered.slice(1)) expect(option.label).toMatch(/^\d{1,2}:\d{2}\s[AP]M$/);
    const first = offered[1]?.label;
    const startHour = Number(slots[0]?.start.slice(11, 13));
    expect(first).toMatch(new RegExp(`^${startHour % 12 || 12}:`));

    expect(await accessibilityViolations(page)).toEqual([]);

    const chosen = slots.at(-1)?.start as string;
    const email = uniqueEmail('browser-booking');
    await page.getByRole('combobox', { name: /^Time/ }).selectOption(chosen);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Robin Browser');
    await page.getByRole('textbox', { name: /^Email/ }).fill(email);
    await page.getByRole('textbox', { name: 'Phone', exact: true }).fill('(201) 555-0123');
    await page.getByRole('textbox', { name: /^Reason for the visit/ }).fill('Check-up after the injection');
    await page.getByRole('checkbox', { name: /^I agree to the booking terms/ }).check();
    // Texts are a separate, optional consent: offered unticked, with what they cost and how to stop.
    const texts = page.getByRole('checkbox', { name: 'Text me appointment reminders (optional)' });
    expect(await texts.isChecked()).toBe(false);
    expect(await texts.evaluate((box: { required: boolean }) => box.required)).toBe(false);
    expect(await texts.getAttribute('aria-describedby')).toBe('sms-note');
    expect(await page.locator('#sms-note').textContent()).toBe(
      'Sent to the phone number above. Message and data rates may apply. Reply STOP to opt out.',
    );
    await texts.check();
    const answer = page.waitForResponse(
      (response) =>
        response.url() === `${localStack().apiUrl}/v1/bookings` && response.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Book' }).click();
    expect((await answer).status()).toBe(200);

    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Your appointment is booked');
    expect(await page.locator('dd').first().textContent()).toBe('Follow-up visit');
    expect(await page.getByRole('link', { name: 'manage your appointment' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The ticked box reached the booking: it is kept as the patient's consent to texts.
    const manage = new URL(
      (await page.getByRole('link', { name: 'manage your appointment' }).getAttribute('href')) as string,
    );
    const id = manage.searchParams.get('id') ?? manage.pathname.split('/').at(-1);
    expect(await getItem(db, `BOOKING#${id}`, 'BOOKING')).toMatchObject({ smsConsent: true });

    // A real booking: the patient's confirmation, with its invitation, arrives.
    const [confirmation] = await waitForEmailsTo(email);
    expect(confirmation?.attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(true);
  });

  it('on a day without open times, says when the next one is', async () => {
    let saturday = addDays(localDateOf(new Date(), config.clinic.timeZone), 8);
    while (weekdayOf(saturday) !== 'sat') saturday = addDays(saturday, 1);
    const page = await openBookingPage();
    await page.getByRole('combobox', { name: 'Appointment', exact: true }).selectOption('follow-up');
    await page.getByLabel('Day', { exact: true }).fill(saturday);
    await expect.poll(() => status(page)).toMatch(/^The next free time is \w+day, .+\.$/);
    expect(await timeOptions(page)).toEqual([{ value: '', label: 'No free times on this day' }]);
  });

  it('without JavaScript, asks people to call, and offers no time to send', async () => {
    const page = await openBookingPage({ javaScriptEnabled: false });
    // innerText is what is rendered: the <noscript> notice only when scripts are off.
    // biome-ignore lint/performance/useDomNodeTextContent: textContent would include it either way.
    const text = await page.locator('main').innerText();
    expect(text).toContain('To see the free times online, please turn on JavaScript, or call us at');
    expect(await page.locator('#start-status').textContent()).toBe('');
    expect(await timeOptions(page)).toEqual([{ value: '', label: 'Choose a day first' }]);
    expect(
      await page
        .getByRole('combobox', { name: /^Time/ })
        .evaluate((select: { validity: { valid: boolean } }) => select.validity.valid),
    ).toBe(false);
  });
});
