// The web kit's browser tests' stand-in for a clinic's site: a home, a contact and a book page and
// a manage page that embed web/kit exactly as docs/web-kit.md says (as the demo site does), served
// at the clinic's local origin through request interception (no web server), with /kit/*.js read
// from web/kit. Requests to the API go to the local stack, each context from its own client
// address (the booking limit per address would otherwise join the tests), and can be held back
// (`hold`) so a test can act while one is in flight without any timing assumption.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { REPOSITORY_ROOT } from '../../../local/stack.ts';
import { DUMMY_TOKEN, TEST_SITE_KEYS } from '../../../local/turnstile.ts';
import { localStack, randomClientIp } from '../support/index.ts';
import { launchChromium, siteOrigin } from './browser.ts';

/**
 * expect.poll with room for a loaded machine: a month of availability can take seconds, and a
 * booking the stack times out is retried by the widget.
 */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 100 });

export const THANKS_TITLE = 'Thank you (test stand-in)';

function layout(title: string, main: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 44rem; padding: 1rem; color: #1a1a1a; }
label { display: block; margin-top: 1rem; font-weight: 600; } input, textarea { display: block; width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; }
.check { display: flex; gap: .5rem; } .check input { width: auto; }
.hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.clinic-form-error { color: #b3261e; font-weight: 600; margin: .25rem 0 0; }
button { margin-top: 1rem; padding: .6rem 1.2rem; font: inherit; }</style>
<script type="module" src="/kit/contact-form.js"></script>${head}</head>
<body><main>${main}</main></body></html>`;
}

/** The pages, by path; `api` is the local stack's address; `bookAttributes` more of the book page's widget's attributes. */
export function kitPages(api: string, bookAttributes = ''): Record<string, string> {
  const site = siteOrigin();
  return {
    '/': layout(
      'Riverside Spine',
      '<h1>Riverside Spine &amp; Sports Medicine</h1><p><a href="/contact">Contact us</a> · <a href="/book">Book online</a></p>',
    ),
    '/contact': layout(
      'Contact us',
      `<h1>Contact us</h1>
<form data-clinic-form method="post" action="${api}/v1/inquiries">
<label for="name">Name</label><input id="name" name="name" required maxlength="100" autocomplete="name">
<label for="email">Email</label><input id="email" name="email" type="email" required maxlength="254" autocomplete="email">
<label for="message">Message</label><textarea id="message" name="message" required maxlength="5000"></textarea>
<label class="check"><input type="checkbox" name="consent" value="yes" required><span>You may contact me about my message.</span></label>
<div class="hp" aria-hidden="true"><label for="gotcha">Leave this field empty</label><input id="gotcha" name="_gotcha" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="_next" value="${site}/thanks">
<button type="submit">Send message</button></form>`,
    ),
    '/book': layout(
      'Book an appointment',
      `<h1>Book an appointment</h1>
<clinic-booking api="${api}"${bookAttributes}><form method="post" action="${api}/v1/bookings"><p>Online booking needs JavaScript; you can also call us at <a href="tel:+12015550143">(201) 555-0143</a>.</p></form></clinic-booking>`,
      '<script type="module" src="/kit/clinic-booking.js"></script>',
    ),
    '/thanks': layout(THANKS_TITLE, `<h1>${THANKS_TITLE}</h1>`),
  };
}

/** The manage page's HTML for a booking (what a clinic's manage page writes from its query). */
function managePage(api: string, url: URL): string {
  const attr = (value: string | null) => (value ?? '').replace(/[&"<]/g, (c) => `&#${c.charCodeAt(0)};`);
  return layout(
    'Your appointment',
    `<h1>Manage your appointment</h1><clinic-booking api="${api}" booking-id="${attr(url.searchParams.get('id'))}" token="${attr(url.searchParams.get('token'))}"></clinic-booking>`,
    '<script type="module" src="/kit/clinic-booking.js"></script>',
  );
}

export interface KitContext {
  readonly context: BrowserContext;
  /** Every request the pages sent to the API, in order. */
  readonly apiRequests: Request[];
  /** Holds back the next API request that `matches` until the returned release is called. */
  hold(matches: (request: Request) => boolean): { release: () => void; held: Promise<void> };
}

/** Where the pages send the patient: the suite's stack, unless a test file runs its own. */
export interface KitSite {
  readonly api?: string;
  /** More attributes of the book page's <clinic-booking> (` turnstile-sitekey="…"`). */
  readonly bookAttributes?: string;
}

/** The address Cloudflare serves Turnstile's script from (web/kit/clinic-booking.js loads it). */
export const TURNSTILE_SCRIPT_URL = 'https://challenges.cloudflare.com/turnstile/v0/api.js';

/**
 * The browser's side of Turnstile, for pages that load its script (nothing here reaches
 * Cloudflare): `window.turnstile` with the calls of its explicit-rendering API (render,
 * getResponse, reset, remove) and its test site keys' behaviour. `TEST_SITE_KEYS.alwaysPasses`
 * passes: the widget shows "Success!" and its token is Cloudflare's dummy token, a fresh one
 * after each reset; any other key leaves the check unsolved (no token), as a challenge nobody
 * answers does. What the page asked of it is kept in `window.turnstileCalls`.
 */
export const TURNSTILE_SCRIPT = `(() => {
  const widgets = new Map();
  const calls = (window.turnstileCalls = []);
  let next = 0;
  const draw = (w) => {
    w.box.innerHTML = '';
    const frame = document.createElement('div');
    frame.setAttribute('style', 'box-sizing:border-box;width:300px;height:65px;border:1px solid #e0e0e0;background:#fafafa;display:flex;align-items:center;gap:12px;padding:0 16px;font:14px system-ui,sans-serif;color:#1a1a1a');
    frame.textContent = w.passes ? '\u2714 Success!' : 'Verifying\u2026';
    w.box.append(frame);
  };
  window.turnstile = {
    render(box, options) {
      const id = 'cf-' + ++next;
      const w = { box, options, passes: options.sitekey === ${JSON.stringify(TEST_SITE_KEYS.alwaysPasses)}, resets: 0 };
      widgets.set(id, w);
      calls.push({ call: 'render', sitekey: options.sitekey, action: options.action ?? null });
      draw(w);
      return id;
    },
    getResponse(id) {
      const w = widgets.get(id);
      calls.push({ call: 'getResponse' });
      return w && w.passes ? ${JSON.stringify(DUMMY_TOKEN)} + (w.resets ? '.' + w.resets : '') : undefined;
    },
    reset(id) {
      const w = widgets.get(id);
      calls.push({ call: 'reset' });
      if (w) { w.resets++; draw(w); }
    },
    remove(id) {
      const w = widgets.get(id);
      calls.push({ call: 'remove' });
      if (w) { w.box.innerHTML = ''; widgets.delete(id); }
    },
  };
})();`;

export async function kitContext(
  browser: Browser,
  options: BrowserContextOptions = {},
  site: KitSite = {},
): Promise<KitContext> {
  const context = await browser.newContext({
    permissions: ['local-network-access'],
    viewport: { width: 390, height: 844 },
    timezoneId: 'America/New_York',
    ...options,
  });
  const api = site.api ?? localStack().apiUrl;
  const siteUrl = siteOrigin();
  const pages = kitPages(api, site.bookAttributes);
  const ip = randomClientIp();
  const apiRequests: Request[] = [];
  const holds: { matches: (r: Request) => boolean; gate: Promise<void>; seen: () => void }[] = [];
  await context.route(
    (url) => url.href.startsWith(`${api}/`),
    async (route) => {
      const request = route.request();
      apiRequests.push(request);
      const index = holds.findIndex((h) => h.matches(request));
      if (index >= 0) {
        const [hold] = holds.splice(index, 1);
        hold?.seen();
        await hold?.gate;
      }
      await route.continue({ headers: { ...request.headers(), 'x-forwarded-for': ip } });
    },
  );
  await context.route(
    (url) => !url.href.startsWith(`${api}/`),
    (route) => {
      const url = new URL(route.request().url());
      if (`${url.origin}${url.pathname}` === TURNSTILE_SCRIPT_URL) {
        return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: TURNSTILE_SCRIPT });
      }
      if (url.origin === siteUrl && url.pathname.startsWith('/kit/')) {
        const file = path.join(REPOSITORY_ROOT, 'web', 'kit', path.basename(url.pathname));
        return route.fulfill({
          contentType: 'text/javascript; charset=utf-8',
          body: readFileSync(file, 'utf8'),
        });
      }
      if (url.origin === siteUrl && url.pathname === '/manage') {
        return route.fulfill({ contentType: 'text/html; charset=utf-8', body: managePage(api, url) });
      }
      const page = url.origin === siteUrl ? pages[url.pathname] : undefined;
      if (page) return route.fulfill({ contentType: 'text/html; charset=utf-8', body: page });
      return route.fulfill({ status: 404, body: '' });
    },
  );
  return {
    context,
    apiRequests,
    hold(matches) {
      let release = () => {};
      let seen = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const held = new Promise<void>((resolve) => {
        seen = resolve;
      });
      holds.push({ matches, gate, seen });
      return { release, held };
    },
  };
}

/**
 * The file's Chromium and the contexts its tests open: launched before the file's tests, each
 * context closed after its test, the browser after the file. Answers the opener of a context.
 */
export function kitBrowser(): (options?: BrowserContextOptions, site?: KitSite) => Promise<KitContext> {
  let browser: Browser | undefined;
  const contexts: KitContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const kit of contexts.splice(0)) await kit.context.close();
  });
  return async (options = {}, site = {}) => {
    if (!browser) throw new Error('Chromium is not running (a context opened outside a test?)');
    const kit = await kitContext(browser, options, site);
    contexts.push(kit);
    return kit;
  };
}

export const kitUrl = (pathname: string) => `${siteOrigin()}${pathname}`;

/** The widget's current heading (its h2, in its shadow root). */
export const widgetHeading = (page: Page) => page.locator('clinic-booking h2').textContent();

/** The element with focus, looking into shadow roots: its tag, text and accessible label. */
interface FocusNode {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly shadowRoot: { readonly activeElement: FocusNode | null } | null;
  getAttribute(name: string): string | null;
}

export function focused(page: Page) {
  return page.evaluate(() => {
    // Run in the page; typed here without the DOM library the repository's tsconfig leaves out.
    const doc = (globalThis as unknown as { document: { activeElement: FocusNode | null } }).document;
    let active = doc.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return {
      tag: active?.tagName.toLowerCase() ?? '',
      text: (active?.textContent ?? '').trim(),
      label: active?.getAttribute('aria-label') ?? '',
      name: active?.getAttribute('name') ?? '',
    };
  });
}

/** "Monday, February 1", as the widget names a day. */
export function dayName(date: string): string {
  return new Intl.DateTimeFormat('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}

export function monthName(date: string): string {
  return new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/** Waits for the month view to show `date`'s month, going forward or back with its buttons. */
export async function showMonth(page: Page, date: string): Promise<void> {
  const caption = page.locator('clinic-booking caption');
  const wanted = monthName(date);
  for (let i = 0; i < 30; i++) {
    await poll(() => page.locator('clinic-booking table').getAttribute('aria-busy')).toBe('false');
    const shown = ((await caption.textContent()) ?? '').split(':')[0] ?? '';
    if (shown === wanted) return;
    const later = Date.parse(`1 ${wanted}`) > Date.parse(`1 ${shown}`);
    await page.getByRole('button', { name: later ? 'Next month' : 'Previous month' }).click();
  }
  throw new Error(`The month view never showed ${wanted}`);
}

/** Where screenshots go: `KIT_SCREENSHOTS=docs/screenshots` writes the docs' pictures; unset, none. */
const SHOTS = process.env.KIT_SCREENSHOTS;

/** The widget at 390 and 1280 px, as widget-NAME-WIDTH.png, when KIT_SCREENSHOTS is set. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  const dir = path.resolve(REPOSITORY_ROOT, SHOTS);
  mkdirSync(dir, { recursive: true });
  const before = page.viewportSize() ?? { width: 390, height: 844 };
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.locator('clinic-booking').screenshot({ path: path.join(dir, `widget-${name}-${width}.png`) });
  }
  await page.setViewportSize(before);
}
