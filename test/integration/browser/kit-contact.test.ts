// The contact form's enhancement (web/kit/contact-form.js) in Chromium against the local stack: a
// visit that lands on the home page from a campaign link, goes to the contact page, sends the form
// with a mistake (shown beside its field), then right, twice in a row (one request), and ends on
// the form's thank-you page; the attribution sent is the landing page's. And the same form with
// scripts off still posts as a plain form.
import { describe, expect, it } from 'vitest';
import { localStack, uniqueEmail } from '../support/index.ts';
import { accessibilityViolations } from './browser.ts';
import { focused, kitBrowser, kitUrl, poll, THANKS_TITLE } from './kit-support.ts';

const context = kitBrowser();
const inquiries = `${localStack().apiUrl}/v1/inquiries`;

describe('form[data-clinic-form] with contact-form.js', { timeout: 60_000 }, () => {
  it('shows a field’s problem beside it, then sends once, with the landing page’s attribution, and goes to _next', async () => {
    const kit = await context();
    const page = await kit.context.newPage();
    await page.goto(kitUrl('/?utm_source=newsletter&utm_campaign=spring&gclid=G-123'), {
      referer: 'https://search.example/results?q=back+pain',
    });
    await page.getByRole('link', { name: 'Contact us' }).click();
    await page.waitForURL(kitUrl('/contact'));
    // The contact page itself carries no campaign: what is sent comes from the landing page.
    expect(new URL(page.url()).search).toBe('');

    const email = uniqueEmail('kit-contact');
    await page.getByRole('textbox', { name: 'Name' }).fill('Alex Form');
    await page.getByRole('textbox', { name: 'Email' }).fill('alex@');
    await page.getByRole('textbox', { name: 'Message' }).fill('My lower back hurts when I sit.');
    await page.getByRole('checkbox', { name: /^You may contact me/ }).check();
    await page.getByRole('button', { name: 'Send message' }).click();

    const field = page.getByRole('textbox', { name: 'Email' });
    await poll(() => field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain('clinic-email-error');
    expect(await page.locator('#clinic-email-error').textContent()).toMatch(/email/i);
    // The problem sits right after its field, and focus is on the field.
    expect(await field.evaluate((el) => el.nextElementSibling?.id)).toBe('clinic-email-error');
    expect((await focused(page)).name).toBe('email');
    expect(await page.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBeNull();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Corrected and sent with a double click: the second click waits for the first answer,
    // which is held back here until both clicks are in.
    await field.fill(email);
    const hold = kit.hold((r) => r.method() === 'POST' && r.url() === inquiries);
    const button = page.getByRole('button', { name: 'Send message' });
    await button.click();
    await hold.held;
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    await button.click({ force: true });
    hold.release();
    await page.waitForURL(kitUrl('/thanks'));
    expect(await page.title()).toBe(THANKS_TITLE);

    const posts = kit.apiRequests.filter((r) => r.method() === 'POST' && r.url() === inquiries);
    expect(posts).toHaveLength(2); // the mistake, and the one right answer
    const [mistake, sent] = posts.map((r) => ({ headers: r.headers(), body: r.postDataJSON() }));
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers.accept).toBe('application/json');
    expect(sent?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    // Another body, another attempt: another key.
    expect(sent?.headers['idempotency-key']).not.toBe(mistake?.headers['idempotency-key']);
    expect(sent?.body).toMatchObject({
      name: 'Alex Form',
      email,
      consent: 'yes',
      utm_source: 'newsletter',
      utm_campaign: 'spring',
      gclid: 'G-123',
      referrer: 'https://search.example/results?q=back+pain',
      pageUrl: kitUrl('/contact'),
      _gotcha: '',
    });
    expect(sent?.body).not.toHaveProperty('utm_medium');
  });

  it('without JavaScript, posts as a plain form and follows the API to _next', async () => {
    const kit = await context({ javaScriptEnabled: false });
    const page = await kit.context.newPage();
    await page.goto(kitUrl('/contact'));
    await page.getByRole('textbox', { name: 'Name' }).fill('Sam Plain');
    await page.getByRole('textbox', { name: 'Email' }).fill(uniqueEmail('kit-plain'));
    await page.getByRole('textbox', { name: 'Message' }).fill('Do you take walk-ins?');
    await page.getByRole('checkbox', { name: /^You may contact me/ }).check();
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.waitForURL(kitUrl('/thanks'));
    const [post] = kit.apiRequests.filter((r) => r.method() === 'POST');
    expect(post?.headers()['content-type']).toBe('application/x-www-form-urlencoded');
  });
});
