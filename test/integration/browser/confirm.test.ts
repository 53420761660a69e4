// A reminder's confirm link opened in Chromium: the API's confirm page shows the appointment and
// one button, which confirms; then the staff console, signed in against the stack's user pool,
// shows the confirmation in the day and week agenda and on the booking's page. axe-core checks each
// page. Screenshots at 390 and 1280 px go to /tmp/shots-confirm for a person to look at. The
// booking is written straight into the table on a Saturday (seeded-bookings.ts): no test file's days.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getItem } from '../scheduling/bookings-support.ts';
import { nextSaturday, type SeededBooking, seedSaturdayBooking } from '../scheduling/seeded-bookings.ts';
import { staffOfStack } from '../staff/support.ts';
import { localStack, testDynamoDb } from '../support/index.ts';
import { accessibilityViolations, launchChromium } from './browser.ts';

const SHOTS = '/tmp/shots-confirm';
const WIDTHS = [390, 1280] as const;
const db = testDynamoDb();
let browser: Browser;
const contexts: BrowserContext[] = [];
let seeded: SeededBooking | undefined;
const patientName = `Morgan Confirm ${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  db.destroy();
  staffOfStack().tokens.close();
});

async function newPage(): Promise<{ page: Page; cspViolations: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { page, cspViolations };
}

/** axe at both widths, and a full-page screenshot at each. */
async function checkAndShoot(page: Page, view: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    expect(await accessibilityViolations(page), `axe on ${view} at ${width} px`).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/${view}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the confirm link in a browser', () => {
  it('shows the appointment with one button, which confirms it', async () => {
    seeded = await seedSaturdayBooking('10:30', {
      patient: { name: patientName, email: `confirm-${Date.now()}@example.test`, phone: '+12015550123' },
      smsConsent: true,
    });
    const { id, token } = seeded;
    const { page, cspViolations } = await newPage();
    await page.goto(`${localStack().apiUrl}/v1/bookings/${id}/confirm?token=${token}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm your appointment');
    expect(await page.getByRole('button').count()).toBe(1);
    expect(await page.locator('dd').first().textContent()).toBe('Follow-up visit');
    await checkAndShoot(page, 'confirm-page');
    // Looking is not confirming.
    expect(await getItem(db, `BOOKING#${id}`, 'BOOKING')).not.toHaveProperty('confirmedAt');

    await page.getByRole('button', { name: 'Confirm my appointment' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toMatch(/^Thanks, see you on Sat, \w{3} \d{1,2} at 10:30 AM$/);
    expect(await page.getByRole('status').textContent()).toMatch(
      /^You confirmed your attendance on \w{3}, \w{3} \d{1,2} at \d{1,2}:\d{2} [AP]M\./,
    );
    await checkAndShoot(page, 'confirmed-page');
    expect(await getItem(db, `BOOKING#${id}`, 'BOOKING')).toHaveProperty('confirmedAt');

    // The link again: no button now, the same thanks.
    await page.goto(`${localStack().apiUrl}/v1/bookings/${id}/confirm?token=${token}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Thanks, see you on /);
    expect(await page.getByRole('button').count()).toBe(0);
    expect(cspViolations).toEqual([]);
  });

  it('shows the staff the confirmation in the agenda and on the booking', async () => {
    if (!seeded) throw new Error('The first test did not confirm a booking');
    const { page, cspViolations } = await newPage();
    await page.goto(`${localStack().apiUrl}/staff/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(localStack().staffPool.users.frontdesk);
    await page.getByLabel('Password', { exact: true }).fill(localStack().staffPool.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Today, / }).waitFor();

    const day = nextSaturday();
    await page.evaluate(`location.hash = '#/day/${day}'`);
    const entry = page.getByRole('link', { name: new RegExp(patientName) });
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/Patient confirmed · \w{3} \d{1,2}, \d{1,2}:\d{2} [AP]M/);
    await checkAndShoot(page, 'console-day');

    await page.evaluate(`location.hash = '#/week/${day}'`);
    await page.getByRole('heading', { level: 1, name: /^Week of / }).waitFor();
    const weekEntry = page.getByRole('link', { name: new RegExp(patientName) });
    await weekEntry.waitFor();
    expect(await weekEntry.textContent()).toContain('✓ Patient confirmed');
    await checkAndShoot(page, 'console-week');

    await weekEntry.click();
    await page.getByRole('heading', { level: 1, name: new RegExp(patientName) }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Patient confirmed');
    const details = page.locator('dl.details');
    await expect(details.textContent()).resolves.toMatch(/Patient confirmed\w{3}, \w{3} \d{1,2}, \d{4}/);
    await expect(details.textContent()).resolves.toContain('Text remindersYes, the patient agreed');
    await page.getByText('Confirmed attendance').waitFor();
    await checkAndShoot(page, 'console-booking');
    expect(cspViolations).toEqual([]);
  });
});
