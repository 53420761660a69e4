// The booking widget's manage mode in Chromium: the page a patient reaches from the confirmation
// email's manage link embeds <clinic-booking booking-id token>, which shows the booking and moves
// it to another day (any day of the month view) or cancels it. The bookings are made through the
// API on the browser tests' day (bookings-support.ts); the move goes to the next open weekday
// (tomorrow, or on a Friday the Monday), one of the days no booking test file is dealt
// (`undealtDays`).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  dayDealer,
  getBooking,
  mustBook,
  nextOpenWeekday,
  openSlots,
  patient,
} from '../scheduling/bookings-support.ts';
import { waitForEmailsTo } from '../support/index.ts';
import { accessibilityViolations } from './browser.ts';
import {
  dayName,
  focused,
  kitBrowser,
  kitUrl,
  poll,
  screenshot,
  showMonth,
  widgetHeading,
} from './kit-support.ts';

const day = dayDealer('browser')();
const openContext = kitBrowser();

/** Books a follow-up at (about) the `index`-th open time of the day; answers the id and token of the emailed link. */
async function bookedFromEmail(index: number): Promise<{ id: string; token: string; start: string }> {
  const slots = await openSlots('follow-up', day);
  expect(slots.length, `open follow-up slots on ${day}`).toBeGreaterThan(0);
  const slot = slots[index % slots.length]; // a short day (a Friday) has fewer
  const booked = await mustBook({ type: 'follow-up', start: slot?.start, ...patient() });
  const [email] = await waitForEmailsTo(booked.email);
  const link = /[?&]id=([^&\s"<>]+)&token=([^&\s"<>]+)/.exec(email?.body.text ?? '');
  expect(link, 'the confirmation email carries the manage link').not.toBeNull();
  const [, id, token] = link as RegExpExecArray;
  expect(id).toBe(booked.id);
  return {
    id: decodeURIComponent(id as string),
    token: decodeURIComponent(token as string),
    start: booked.start,
  };
}

async function openManage(id: string, token: string): Promise<Page> {
  const kit = await openContext();
  const page = await kit.context.newPage();
  await page.goto(kitUrl(`/manage?id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}`));
  await poll(() => widgetHeading(page)).toBe('Your appointment');
  return page;
}

const clean = async (page: Page, step: string) =>
  expect(await accessibilityViolations(page), `axe-core at ${step}`).toEqual([]);

describe('<clinic-booking booking-id token>', { timeout: 120_000 }, () => {
  it('moves the booking from the emailed link to another day, through the month view', async () => {
    const target = nextOpenWeekday();
    expect(target).not.toBe(day);
    const booked = await bookedFromEmail(10);
    const page = await openManage(booked.id, booked.token);
    expect(await page.locator('clinic-booking dl').textContent()).toContain(dayName(day));
    await clean(page, 'manage');
    await screenshot(page, '8-manage');

    await page.getByRole('button', { name: 'Move to another time' }).click();
    expect(await widgetHeading(page)).toBe('Choose a new day');
    expect((await focused(page)).tag).toBe('h2');
    // It opens on the booking's month; the patient goes back to the target's.
    await showMonth(page, target);
    await clean(page, 'move: day');
    await screenshot(page, '9-move-day');
    await page.getByRole('button', { name: new RegExp(`^${dayName(target)}, \\d+ free times?$`) }).click();
    expect(await widgetHeading(page)).toBe('Choose a new time');
    const last = page.locator('clinic-booking .times button').last();
    const label = ((await last.textContent()) ?? '').trim();
    await last.click();
    expect(await widgetHeading(page)).toBe('Move your appointment');
    await clean(page, 'move: confirm');
    await page.getByRole('button', { name: 'Move my appointment' }).click();

    await poll(() => widgetHeading(page)).toBe('Your appointment is moved');
    expect(await page.locator('clinic-booking dl').textContent()).toContain(`${dayName(target)} at ${label}`);
    await clean(page, 'moved');
    await screenshot(page, '10-moved');
    const now = (await getBooking(booked.id, booked.token)).json<{ start: string; status: string }>();
    expect(now.status).toBe('confirmed');
    expect(now.start.slice(0, 10)).toBe(target);
    expect(now.start).not.toBe(booked.start);
  });

  it('cancels the booking from the emailed link, after asking', async () => {
    const booked = await bookedFromEmail(12);
    const page = await openManage(booked.id, booked.token);
    await page.getByRole('button', { name: 'Cancel the appointment' }).click();
    expect(await widgetHeading(page)).toBe('Cancel your appointment');
    await clean(page, 'cancel');
    // "Keep it" changes nothing.
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(await widgetHeading(page)).toBe('Your appointment');
    await page.getByRole('button', { name: 'Cancel the appointment' }).click();
    await page.getByRole('textbox', { name: /^Reason/ }).fill('Feeling better');
    await page.getByRole('button', { name: 'Cancel my appointment' }).click();

    await poll(() => widgetHeading(page)).toBe('Your appointment is cancelled');
    expect((await focused(page)).tag).toBe('h2');
    await clean(page, 'cancelled');
    await screenshot(page, '11-cancelled');
    expect((await getBooking(booked.id, booked.token)).json()).toMatchObject({ status: 'cancelled' });

    // The link keeps working afterwards and says so.
    await page.reload();
    await poll(() => widgetHeading(page)).toBe('Your appointment is cancelled');
  });

  it('says the link is wrong, without showing anything, when the token is not the booking’s', async () => {
    const booked = await bookedFromEmail(14);
    const kit = await openContext();
    const page = await kit.context.newPage();
    await page.goto(kitUrl(`/manage?id=${booked.id}&token=not-the-token`));
    await poll(() => widgetHeading(page)).toBe('Appointment not found');
    expect(await page.locator('clinic-booking [role=alert]').textContent()).toMatch(
      /^We could not find this appointment\./,
    );
    expect(await page.locator('clinic-booking dl').count()).toBe(0);
    await clean(page, 'wrong link');
  });
});
