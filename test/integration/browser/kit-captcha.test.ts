// The booking widget with Cloudflare Turnstile (web/kit/clinic-booking.js, `turnstile-sitekey`), in
// Chromium against a stack of its own whose clinic requires a CAPTCHA on bookings: the widget
// loads Turnstile's script from Cloudflare's address (answered here by the browser-side stand-in
// of kit-support.ts; nothing leaves the machine), draws its widget in the details form, sends its
// token as `cf-turnstile-response`, which the functions verify against the siteverify stand-in
// (local/turnstile.ts), and asks for a fresh token after every attempt.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DUMMY_TOKEN, TEST_SECRETS, TEST_SITE_KEYS } from '../../../local/turnstile.ts';
import { parseClinicConfig } from '../../../shared/config/load.ts';
import { ownLocalStack } from '../support/own-stack.ts';
import { accessibilityViolations, siteOrigin } from './browser.ts';
import { type KitContext, kitBrowser, kitUrl, poll, screenshot, widgetHeading } from './kit-support.ts';

const PASSING_SITE_KEY = TEST_SITE_KEYS.alwaysPasses;
const config = parseClinicConfig({
  clinic: { name: 'Captcha Clinic', timeZone: 'America/New_York', phone: '+12015550143' },
  email: { from: 'desk@captcha-clinic.example', staff: ['staff@captcha-clinic.example'] },
  cors: { allowedOrigins: [siteOrigin()] },
  staff: { mfa: 'off' },
  captcha: {
    provider: 'turnstile',
    siteKey: PASSING_SITE_KEY,
    secretParameterName: '/captcha-clinic/turnstile-secret',
    action: 'book',
    routes: ['bookings'],
  },
  scheduling: {
    minNoticeMinutes: 0,
    maxAdvanceDays: 400,
    weeklyHours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['08:00', '18:00']]]),
    ),
    appointmentTypes: [{ id: 'consult', name: 'Consultation', durationMinutes: 30 }],
    providers: [
      { id: 'p-a', name: 'Dr. A' },
      { id: 'p-b', name: 'Dr. B' },
    ],
  },
});
const stack = ownLocalStack({ config, tableName: 'kit-captcha-test', cognitoPort: 0 });

const openContext = kitBrowser();
afterEach(() => {
  process.env.TURNSTILE_SECRET = TEST_SECRETS.alwaysPasses;
});

async function openBook(siteKey: string): Promise<{ kit: KitContext; page: Page }> {
  const kit = await openContext(
    {},
    { api: stack().apiUrl, bookAttributes: ` turnstile-sitekey="${siteKey}" turnstile-action="book"` },
  );
  const page = await kit.context.newPage();
  await page.goto(kitUrl('/book'));
  return { kit, page };
}

/** Day, time and clinician as a patient taps them (the `nth` free time of the first full day), then the details. */
async function toDetails(page: Page, nth: number): Promise<void> {
  await poll(() => widgetHeading(page)).toBe('Choose a day');
  // A day with ten or more free times (late in the day, today has fewer; late on a month's last
  // day, none is left in the month shown first).
  const fullDay = page.getByRole('button', { name: /, \d{2,} free times$/ });
  for (let month = 0; month < 3; month++) {
    await poll(() => page.locator('clinic-booking table').getAttribute('aria-busy')).toBe('false');
    if ((await fullDay.count()) > 0) break;
    await page.getByRole('button', { name: 'Next month' }).click();
  }
  await fullDay.first().click();
  await page.locator('clinic-booking .times button').nth(nth).click();
  await page.getByRole('button', { name: /^First available/ }).click();
  expect(await widgetHeading(page)).toBe('Your details');
  await page.getByRole('textbox', { name: 'Name' }).fill('Casey Captcha');
  await page.getByRole('textbox', { name: /^Email/ }).fill(`casey-${nth}-${Date.now()}@example.com`);
  await page.getByRole('textbox', { name: 'Phone' }).fill(`+1201555${String(1000 + nth).padStart(4, '0')}`);
  await page.getByRole('checkbox', { name: /^I agree to the booking terms/ }).check();
}

const bookingPosts = (kit: KitContext) =>
  kit.apiRequests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/v1/bookings');

const turnstileCalls = (page: Page) =>
  page.evaluate('window.turnstileCalls') as Promise<{ call: string; sitekey?: string; action?: string }[]>;

describe('<clinic-booking turnstile-sitekey>', { timeout: 120_000 }, () => {
  it("draws Turnstile's widget in the details form and books with its token, verified by the API", async () => {
    const { kit, page } = await openBook(PASSING_SITE_KEY);
    await toDetails(page, 0);
    // Drawn once, in the page's own DOM, with the site key and action the page gave.
    await poll(() => page.getByText('Success!').isVisible()).toBe(true);
    expect(await page.locator('clinic-booking > [slot=turnstile]').count()).toBe(1);
    expect(await turnstileCalls(page)).toEqual([
      { call: 'render', sitekey: PASSING_SITE_KEY, action: 'book' },
    ]);
    expect(await accessibilityViolations(page), 'axe-core at details').toEqual([]);
    await screenshot(page, '5-details-turnstile');

    await page.getByRole('button', { name: 'Book this appointment' }).click();
    await poll(() => widgetHeading(page)).toBe('Your appointment is booked');
    const [post] = bookingPosts(kit);
    expect(post?.postDataJSON()).toMatchObject({
      name: 'Casey Captcha',
      'cf-turnstile-response': DUMMY_TOKEN,
    });
    // The API verified it: a booking without a token is refused on this clinic (abuse.test.ts).
    const verifications = (await (await fetch(`${stack().turnstileUrl}/verifications`)).json()) as unknown[];
    expect(verifications.length).toBeGreaterThanOrEqual(1);
    // A token is good for one check: the widget asked for a fresh one.
    expect((await turnstileCalls(page)).map((c) => c.call)).toContain('reset');
  });

  it('shows the refusal of a token the API would not take, and books on the next attempt with a fresh one', async () => {
    const { kit, page } = await openBook(PASSING_SITE_KEY);
    await toDetails(page, 1);
    await poll(() => page.getByText('Success!').isVisible()).toBe(true);
    process.env.TURNSTILE_SECRET = TEST_SECRETS.alwaysFails;
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    await poll(() => page.locator('clinic-booking [role=alert]').textContent()).toMatch(
      /^We could not confirm that this was sent by a person/,
    );
    expect(await widgetHeading(page)).toBe('Your details');
    await screenshot(page, '5-details-turnstile-refused');

    process.env.TURNSTILE_SECRET = TEST_SECRETS.alwaysPasses;
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    await poll(() => widgetHeading(page)).toBe('Your appointment is booked');
    const tokens = bookingPosts(kit).map((r) => r.postDataJSON()['cf-turnstile-response']);
    expect(tokens[0]).toBe(DUMMY_TOKEN);
    // The second attempt carried the token drawn after the reset, with a key of its own.
    expect(tokens.at(-1)).toBe(`${DUMMY_TOKEN}.1`);
    const keys = new Set(bookingPosts(kit).map((r) => r.headers()['idempotency-key']));
    expect(keys.size).toBe(2);
  });

  it('sends nothing until the check has passed, and says so', async () => {
    // A site key whose check never completes here (as a challenge the patient has not answered).
    const { kit, page } = await openBook('3x00000000000000000000FF');
    await toDetails(page, 2);
    await poll(() => page.getByText('Verifying…').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    await poll(() => page.locator('clinic-booking [role=alert]').textContent()).toBe(
      'Please wait for the security check above the button to finish, then book again.',
    );
    expect(bookingPosts(kit)).toEqual([]);
    expect(await widgetHeading(page)).toBe('Your details');
  });
});
