// examples/contact.html in a real Chromium, posting to the local stack: what a clinic's web
// developer relies on when pasting the form into a site. No JavaScript on the page; the API's HTML
// answers (redirect, error page) are what the person sees, and they are checked with axe-core.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { thankYouPage } from '../../../shared/adapters/http/pages/inquiry-answer.ts';
import { leadsFrom, waitForLeadEmails } from '../inquiries/helpers.ts';
import { clinicConfigInUse, localStack, testDynamoDb, uniqueEmail } from '../support/index.ts';
import {
  accessibilityViolations,
  exampleUrl,
  launchChromium,
  STUB_TITLE,
  siteContext,
  siteOrigin,
} from './browser.ts';

const config = clinicConfigInUse();
const contactUrl = exampleUrl('contact.html');
const inquiriesUrl = () => `${localStack().apiUrl}/v1/inquiries`;

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

async function openContactPage(options: Parameters<typeof siteContext>[1] = {}): Promise<Page> {
  context = await siteContext(browser, options);
  const page = await context.newPage();
  await page.goto(contactUrl);
  return page;
}

/** Fills in the form the way a person does: by the fields' visible labels. */
async function fillIn(page: Page, fields: { name: string; email: string; message: string; phone?: string }) {
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(fields.name);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(fields.email);
  if (fields.phone) await page.getByRole('textbox', { name: /^Phone/ }).fill(fields.phone);
  await page.getByRole('textbox', { name: /^Topic/ }).fill('Low back pain');
  await page.getByRole('textbox', { name: 'Message', exact: true }).fill(fields.message);
  await page.getByRole('checkbox', { name: /^You may contact me/ }).check();
}

/** Clicks "Send message" and returns the API's answer to the post (before any redirect). */
async function send(page: Page) {
  const answer = page.waitForResponse(
    (response) => response.url() === inquiriesUrl() && response.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Send message' }).click();
  return answer;
}

describe('examples/contact.html: a plain form post, JavaScript turned off', () => {
  it('stores the lead, sends the browser to _next with a 303, and emails the front desk', async () => {
    const page = await openContactPage({ javaScriptEnabled: false });
    const email = uniqueEmail('browser');
    const name = `Robin Browser ${email.slice(8, 16)}`;
    await fillIn(page, { name, email, phone: '(201) 555-0143', message: 'My back hurts.\nSince Monday.' });
    const next = await page.locator('input[name="_next"]').inputValue();
    expect(next).not.toBe(config.forms.thankYouUrl);

    const answer = await send(page);
    expect(answer.status()).toBe(303);
    expect(answer.headers().location).toBe(next);
    await page.waitForURL(next);
    expect(await page.title()).toBe(STUB_TITLE);

    // Saved as a real lead (a person leaves the honeypot empty), fields as typed; the textarea's
    // CRLF arrives as one line break.
    const leads = await leadsFrom(db, email);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      status: 'received',
      name,
      email,
      phone: '+12015550143',
      topic: 'Low back pain',
      message: 'My back hurts.\nSince Monday.',
      consent: true,
    });

    const { staff, ack } = await waitForLeadEmails(email);
    expect(staff).toHaveLength(1);
    expect(staff[0]?.subject).toBe('New website inquiry');
    expect(staff[0]?.body.text).toContain(name);
    expect(ack).toHaveLength(1);
  });

  it('without _next, sends the browser to forms.thankYouUrl', async () => {
    const thankYouUrl = config.forms.thankYouUrl;
    if (!thankYouUrl) throw new Error('This test needs forms.thankYouUrl in the clinic config');
    const page = await openContactPage({
      javaScriptEnabled: false,
      edit: (_, html) => html.replace(/<input type="hidden" name="_next"[^>]*>/, ''),
    });
    expect(await page.locator('input[name="_next"]').count()).toBe(0);
    const email = uniqueEmail('browser');
    await fillIn(page, { name: 'Sam Browser', email, message: 'Do you take walk-ins?' });

    const answer = await send(page);
    expect(answer.status()).toBe(303);
    expect(answer.headers().location).toBe(thankYouUrl);
    await page.waitForURL(thankYouUrl);
    expect(await leadsFrom(db, email)).toHaveLength(1);
  });

  it('an address the browser accepts but the API refuses: the 400 page names the field by its label and links back to the form', async () => {
    const page = await openContactPage({ javaScriptEnabled: false });
    // The HTML standard's email syntax allows a dotless domain; the API wants a real address.
    await fillIn(page, { name: 'Alex Browser', email: 'alex@localhost', message: 'Hello' });
    const emailLabel = (await page.locator('label[for="email"]').textContent())?.trim();
    expect(
      await page
        .getByRole('textbox', { name: 'Email', exact: true })
        .evaluate((input: { validity: { valid: boolean } }) => input.validity.valid),
    ).toBe(true);

    const answer = await send(page);
    expect(answer.status()).toBe(400);
    expect(answer.headers()['content-type']).toMatch(/^text\/html/);
    await page.waitForURL(inquiriesUrl());
    expect(await page.getByRole('alert').count()).toBe(1);
    // One problem, under the label the person saw on the form, beside the field filled in as typed.
    const problems = page.getByRole('alert').getByRole('listitem');
    expect(await problems.allTextContents()).toEqual([`${emailLabel}: Enter a valid email address`]);
    expect(await page.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe(
      'alex@localhost',
    );

    // The page's Referer is the contact page (the example's referrer policy sends the full
    // address), which is on an allowed origin: the link leads back to it.
    const back = page.getByRole('link', { name: 'Back to the page you came from' });
    expect(await back.getAttribute('href')).toBe(contactUrl);
    await back.click();
    await page.waitForURL(contactUrl);
    expect(await page.getByRole('button', { name: 'Send message' }).isVisible()).toBe(true);
  });
});

describe('accessibility (axe-core in Chromium)', () => {
  it('examples/contact.html has no violations at all', async () => {
    const page = await openContactPage();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("the API's HTML error page has no violations", async () => {
    const page = await openContactPage();
    // Two fields refused at once, so the page lists more than one problem.
    await fillIn(page, { name: 'Alex Browser', email: 'alex@localhost', message: 'Hello' });
    await page.getByRole('textbox', { name: /^Phone/ }).fill('(123) 456-7890');
    const answer = await send(page);
    expect(answer.status()).toBe(400);
    await page.waitForURL(inquiriesUrl());
    expect(await page.getByRole('alert').getByRole('listitem').count()).toBe(2);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('the built-in thank-you page (for a clinic without forms.thankYouUrl) has no violations', async () => {
    // The shared stack's clinic has a thankYouUrl, so the API never serves this page in these
    // tests: the markup comes from the function the route answers with.
    context = await siteContext(browser);
    const page = await context.newPage();
    const url = `${siteOrigin()}/built-in-thank-you`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: thankYouPage(config.clinic, contactUrl),
      }),
    );
    await page.goto(url);
    expect(await page.getByRole('status').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('the honeypot of examples/contact.html', () => {
  it('is never reached with the Tab key', async () => {
    const page = await openContactPage();
    const reached: string[] = [];
    for (let press = 0; press < 15; press++) {
      await page.keyboard.press('Tab');
      const focus = page.locator(':focus');
      if ((await focus.count()) === 0) break;
      const focused = (await focus.getAttribute('name')) || (await focus.textContent())?.trim() || '?';
      reached.push(focused);
      if (focused === 'Send message') break;
    }
    // The phone link of the introduction, then every field in order, then the button.
    expect(reached).toEqual([
      '(201) 555-0143',
      'name',
      'email',
      'phone',
      'topic',
      'message',
      'consent',
      'Send message',
    ]);
  });

  it('is hidden from screen readers and out of sight, but is a real text input in the DOM', async () => {
    const page = await openContactPage();
    const trap = page.locator('input[name="_gotcha"]');
    expect(await trap.count()).toBe(1);
    expect(await trap.getAttribute('tabindex')).toBe('-1');
    expect(await trap.getAttribute('autocomplete')).toBe('off');
    expect(await trap.getAttribute('type')).toBeNull(); // a text input: bots skip type="hidden"

    // Not in the accessibility tree (aria-hidden ancestor) though it is in the DOM.
    const byRole = { name: 'Leave this field empty' };
    expect(await page.getByRole('textbox', byRole).count()).toBe(0);
    expect(await page.getByRole('textbox', { ...byRole, includeHidden: true }).count()).toBe(1);
    expect(await page.locator('main').ariaSnapshot()).not.toContain('Leave this field empty');

    // Out of sight without display:none: laid out, but left of the page.
    const box = await trap.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(0);

    // axe's rule for focusable content inside aria-hidden is checked and passes.
    const results = await new AxeBuilder({ page }).withRules(['aria-hidden-focus']).analyze();
    expect(results.passes.map((rule) => rule.id)).toContain('aria-hidden-focus');
    expect(results.violations).toEqual([]);
  });
});
