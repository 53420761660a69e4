// The manage link a patient follows from the confirmation email, opened in Chromium: the API's
// own "Your appointment" page is accessible, and its plain cancel form cancels. Books early on the
// day bookings-support.ts keeps for the browser tests (booking.test.ts books at its end).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayDealer, mustBook, openSlots, patient } from '../scheduling/bookings-support.ts';
import { localStack } from '../support/index.ts';
import { accessibilityViolations, launchChromium } from './browser.ts';

const nextDay = dayDealer('browser');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the manage link in a browser', () => {
  it('shows the appointment accessibly, and its cancel form cancels it', async () => {
    const day = nextDay();
    const [slot] = await openSlots('new-patient', day);
    expect(slot, `an open new-patient slot on ${day}`).toBeDefined();
    const booked = await mustBook({ type: 'new-patient', start: slot?.start, ...patient() });

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${localStack().apiUrl}/v1/bookings/${booked.id}?token=${booked.manageToken}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your appointment');
      expect(await page.getByRole('button', { name: 'Cancel this appointment' }).count()).toBe(1);
      expect(await accessibilityViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Cancel this appointment' }).click();
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Your appointment is cancelled');
      expect(await accessibilityViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
