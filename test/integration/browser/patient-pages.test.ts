// The patient's side as a patient on a phone sees it (issue 11): the demo clinic site the local
// stack serves, and each HTML answer of the API to its plain forms, in Chromium at 390 px with
// JavaScript off. No page leaves the patient stuck: what they typed is kept, a taken time offers
// others that book in one tap, every error page gives the clinic's phone and a way back. Every
// page is checked with axe-core, and with the W3C Nu checker.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_PAGES } from '../../../local/examples.ts';
import {
  bookJson,
  clientIp,
  freeSlots,
  openRateLimitedPage,
  openSlotTakenPage,
  openValidationPage,
  type PatientStack,
  postedAnswer,
  sendContactForm,
  uniqueAddress,
  unknownManageUrl,
} from '../../../scripts/lib/patient-pages.ts';
import { thankYouPage } from '../../../shared/adapters/http/pages/inquiry-answer.ts';
import { nuCheckPages } from '../../support/vnu-pages.ts';
import { leadsFrom } from '../inquiries/helpers.ts';
import { clinicConfigInUse, localStack, testDynamoDb } from '../support/index.ts';
import { accessibilityViolations, exampleHtml, launchChromium } from './browser.ts';

const config = clinicConfigInUse();
const stack: PatientStack = { apiUrl: localStack().apiUrl, siteUrl: localStack().siteUrl, config };
const PHONE_LINK = `a[href="tel:${config.clinic.phone}"]`;

let browser: Browser;
let db: DynamoDBClient;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  db = testDynamoDb();
});
afterAll(async () => {
  await browser?.close();
  db?.destroy();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** A phone-sized page of a client of its own, JavaScript off (what a plain form gets). */
async function phonePage(options: { javaScript?: boolean; ip?: string } = {}): Promise<Page> {
  context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: options.javaScript ?? false,
    extraHTTPHeaders: { 'x-forwarded-for': options.ip ?? clientIp() },
  });
  return context.newPage();
}

/**
 * axe-core's findings on the page as it is now. axe runs as a script, which a JavaScript-off page
 * cannot: the page's markup is checked in a twin page that has it on (styles are inline, so it
 * renders the same).
 */
async function violationsOf(page: Page) {
  const markup = await page.content();
  const twin = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const copy = await twin.newPage();
    await copy.setContent(markup);
    return await accessibilityViolations(copy);
  } finally {
    await twin.close();
  }
}

/** Nothing wider than the phone's screen: no sideways scrolling on a 390 px page. */
async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );
  expect(width).toBeLessThanOrEqual(390);
}

describe('the contact form on the demo site, JavaScript off', () => {
  it('stores the lead and sends the browser to the demo site’s thank-you page (forms.thankYouUrl)', async () => {
    const page = await phonePage();
    const email = uniqueAddress('site-contact');
    await page.goto(`${stack.siteUrl}/contact`);
    expect(await page.locator('form[data-clinic-form]').getAttribute('action')).toBe(
      `${stack.apiUrl}/v1/inquiries`,
    );
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Casey Site');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Do you see children?');
    await page.getByRole('checkbox', { name: /^You may contact me/ }).check();
    const answer = await sendContactForm(page);
    expect(answer.status()).toBe(303);
    expect(config.forms.thankYouUrl).toBe(`${stack.siteUrl}/thank-you`);
    expect(answer.headers().location).toBe(config.forms.thankYouUrl);
    await page.waitForURL(`${stack.siteUrl}/thank-you`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you for your message');
    expect(await leadsFrom(db, email)).toHaveLength(1);
  });
});

describe('the validation page (400)', () => {
  it('shows the form again with what was typed, escaped, each problem beside its field; sent again it goes through', async () => {
    const page = await phonePage();
    const answer = await openValidationPage(page, stack);
    expect(answer.status()).toBe(400);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Please check the form');
    // What the patient typed is there, as text (the name's markup was not run as markup).
    expect(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(
      'Alex <b>Typed</b>',
    );
    expect(await page.locator('b').count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Message', exact: true }).inputValue()).toBe(
      'My lower back hurts when I sit.\nIs Thursday evening possible?',
    );
    // Each refused field is marked invalid and described by its own problem.
    const email = page.getByRole('textbox', { name: 'Email', exact: true });
    expect(await email.inputValue()).toBe('alex@localhost');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const described = await email.getAttribute('aria-describedby');
    expect(await page.locator(`#${described}`).textContent()).toBe('Enter a valid email address');
    const phone = page.getByRole('textbox', { name: 'Phone', exact: true });
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(
      await page.getByRole('textbox', { name: 'Name', exact: true }).getAttribute('aria-invalid'),
    ).toBeNull();
    // The summary names both and links to each field.
    const alert = page.getByRole('alert');
    expect(await alert.getByRole('link').allTextContents()).toEqual([
      'Email: Enter a valid email address',
      'Phone: Enter a valid phone number for United States',
    ]);
    expect(await page.locator(PHONE_LINK).count()).toBeGreaterThan(0);
    await expectNoSidewaysScroll(page);
    expect(await violationsOf(page)).toEqual([]);

    // Corrected and sent again, the same form goes through to the thank-you page.
    const fixed = uniqueAddress('alex');
    await email.fill(fixed);
    await phone.fill('(201) 555-0143');
    const again = await postedAnswer(page, '/v1/inquiries', () =>
      page.getByRole('button', { name: 'Send again' }).click(),
    );
    expect(again.status()).toBe(303);
    await page.waitForURL(`${stack.siteUrl}/thank-you`);
    const [lead] = await leadsFrom(db, fixed);
    expect(lead).toMatchObject({ name: 'Alex <b>Typed</b>', phone: '+12015550143' });
  }, 90_000);
});

describe('the time-taken page (409)', () => {
  it('offers the nearest free times as buttons; one tap books it with everything the patient typed', async () => {
    const page = await phonePage();
    const { answer, taken, email } = await openSlotTakenPage(page, stack);
    expect(answer.status()).toBe(409);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('That time is no longer free');
    const buttons = page.getByRole('button').filter({ hasText: / with / });
    expect(await buttons.count()).toBeGreaterThan(0);
    expect(await page.locator(PHONE_LINK).count()).toBeGreaterThan(0);
    // The way back: to the booking page the form was on.
    expect(await page.getByRole('link', { name: 'Choose another day or time' }).getAttribute('href')).toBe(
      `${stack.siteUrl}/book?type=follow-up`,
    );
    // Every field the patient typed rides along, unseen, in each button's form.
    const form = page.locator('form.slot').first();
    const chosen = await form.locator('input[name="start"]').inputValue();
    expect(chosen).not.toBe(taken);
    expect(await form.locator('input[name="email"]').inputValue()).toBe(email);
    expect(await form.locator('input[name="reason"]').inputValue()).toBe('Follow-up on my lower back');
    await expectNoSidewaysScroll(page);
    expect(await violationsOf(page)).toEqual([]);

    // The button books the first clinician free then: the time stays free with any other one.
    const providersAt = async () =>
      (await freeSlots(stack, 'follow-up')).find((slot) => slot.start === chosen)?.providers ?? [];
    const freeBefore = await providersAt();
    expect(freeBefore.length).toBeGreaterThan(0);
    const booked = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/v1/bookings'),
    );
    await buttons.first().click();
    expect((await booked).status()).toBe(200);
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your appointment is booked');
    // The new booking holds the chosen time: one clinician fewer is free then (none, if one was).
    expect((await providersAt()).length).toBeLessThan(freeBefore.length);
    expect(await violationsOf(page)).toEqual([]);
  }, 90_000);
});

describe('the rate-limited page (429)', () => {
  it('says when to try again in words, gives the phone, and keeps the message', async () => {
    const ip = clientIp();
    const page = await phonePage({ ip });
    const answer = await openRateLimitedPage(page, stack, ip);
    expect(answer.status()).toBe(429);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Please try again in about an hour');
    expect(text).not.toMatch(/\d+ seconds/);
    expect(await page.locator(`main ${PHONE_LINK}`).count()).toBe(1);
    const message = 'Can I come in this week? My knee is swollen since the match on Saturday.';
    expect(await page.locator('blockquote').textContent()).toBe(message);
    expect(await page.getByRole('textbox', { name: 'Message', exact: true }).inputValue()).toBe(message);
    await expectNoSidewaysScroll(page);
    expect(await violationsOf(page)).toEqual([]);
  }, 90_000);
});

describe('the not-found page (404)', () => {
  it('names the clinic, gives its phone and a way back to its site', async () => {
    const page = await phonePage();
    const response = await page.goto(unknownManageUrl(stack));
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Appointment not found');
    expect(await page.locator(`main ${PHONE_LINK}`).count()).toBe(1);
    expect(await page.getByRole('link', { name: /^Back to the .* website$/ }).getAttribute('href')).toBe(
      config.clinic.website,
    );
    expect(await page.title()).toContain(config.clinic.name);
    expect(await violationsOf(page)).toEqual([]);
  });
});

describe('every page of the demo site, and the manage and confirm pages', () => {
  it('has no axe-core violations at 390 px, and scrolls no sideways', async () => {
    const slots = await freeSlots(stack, 'follow-up');
    const slot = slots.at(-3);
    if (!slot) throw new Error('no free follow-up time');
    const booked = await bookJson(stack, 'follow-up', slot.start);
    const token = encodeURIComponent(booked.manageToken);
    const urls = [
      ...['/', '/contact', '/book', '/book?type=new-patient', '/manage', '/thank-you', '/no-such-page'].map(
        (path) => `${stack.siteUrl}${path}`,
      ),
      booked.manageUrl,
      `${stack.apiUrl}/v1/bookings/${booked.id}?token=${token}`,
      `${stack.apiUrl}/v1/bookings/${booked.id}/confirm?token=${token}`,
    ];
    const page = await phonePage({ javaScript: true });
    for (const url of urls) {
      await page.goto(url);
      expect({ url, violations: await accessibilityViolations(page) }).toEqual({ url, violations: [] });
      await expectNoSidewaysScroll(page);
    }
  }, 120_000);
});

/** A plain form post, as a browser sends it, from a client of its own. */
async function formPost(path: string, fields: Record<string, string>, ip = clientIp()) {
  return fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'x-forwarded-for': ip, accept: 'text/html' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

describe('the W3C Nu checker', () => {
  it('finds no error or warning on any page of the demo site, any HTML answer of the API, or the examples', async () => {
    const pages: Record<string, string> = {};
    const get = async (name: string, url: string, status = 200) => {
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      expect({ name, status: response.status }).toEqual({ name, status });
      pages[name] = await response.text();
    };
    for (const path of ['/', '/contact', '/book', '/manage', '/thank-you'])
      await get(`site ${path}`, `${stack.siteUrl}${path}`);

    const patient = {
      name: 'Nu <Checker>',
      email: uniqueAddress('nu'),
      phone: '(201) 555-0143',
      consent: 'yes',
    };
    const invalid = await formPost('/v1/inquiries', {
      ...patient,
      email: 'nu@localhost',
      message: 'Hello\nthere',
    });
    expect(invalid.status).toBe(400);
    pages.validation = await invalid.text();

    const [first, second, third] = await freeSlots(stack, 'follow-up');
    if (!first || !second || !third) throw new Error('too few free follow-up times');
    await bookJson(stack, 'follow-up', first.start);
    const taken = await formPost('/v1/bookings', { ...patient, type: 'follow-up', start: first.start });
    expect(taken.status).toBe(409);
    pages['slot taken'] = await taken.text();
    const booked = await formPost('/v1/bookings', {
      ...patient,
      email: uniqueAddress('nu'),
      type: 'follow-up',
      start: second.start,
    });
    expect(booked.status).toBe(200);
    pages.booked = await booked.text();

    const ip = clientIp();
    let limited: Response | undefined;
    for (let sent = 0; sent <= config.forms.rateLimitPerHour; sent++) {
      limited = await formPost('/v1/inquiries', { ...patient, message: `Number ${sent}` }, ip);
    }
    expect(limited?.status).toBe(429);
    pages['rate limited'] = (await limited?.text()) ?? '';

    await get('not found', unknownManageUrl(stack), 404);
    const mine = await bookJson(stack, 'follow-up', third.start);
    const token = encodeURIComponent(mine.manageToken);
    await get('manage', `${stack.apiUrl}/v1/bookings/${mine.id}?token=${token}`);
    await get('confirm', `${stack.apiUrl}/v1/bookings/${mine.id}/confirm?token=${token}`);
    pages['built-in thank-you'] = thankYouPage(config.clinic, `${stack.siteUrl}/contact`);
    // The examples a web developer copies, as a clinic's site serves them.
    for (const name of EXAMPLE_PAGES) pages[`examples/${name}`] = exampleHtml(name);

    expect(await nuCheckPages(pages)).toEqual([]);
  }, 120_000);
});
