// Helpers of the browser tests: Debian's Chromium driven by playwright-core (no browser is ever
// downloaded), the example pages served at the clinic's local origin through request
// interception (no web server), and axe-core's accessibility check.
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { type ExamplePage, examplePage } from '../../../local/examples.ts';
import { REPOSITORY_ROOT } from '../../../local/stack.ts';
import { clinicConfigInUse, localStack } from '../support/index.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One browser per test file; launch() gives it a fresh, temporary profile. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests drive Debian's Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** The address the examples are written with; the tests put the local API in its place. */
export { EXAMPLE_API_BASE } from '../../../local/examples.ts';

/**
 * The origin the example pages are served from: the local one among the clinic's allowed origins
 * (`http://localhost:8080` in config/dev.json, moved to the demo site's real port by the local stack), so CORS, `_next` and the Referer check treat the
 * pages as the clinic's own, as they would on its real site.
 */
export function siteOrigin(): string {
  const origin = clinicConfigInUse().cors.allowedOrigins.find((o) => o.startsWith('http://localhost:'));
  if (!origin) throw new Error('The clinic config in use allows no http://localhost:* origin');
  return origin;
}

export type { ExamplePage } from '../../../local/examples.ts';

/**
 * An example page as the clinic's site serves it (local/examples.ts): the API address swapped for
 * the local stack's, the CAPTCHA blocks resolved for the config in use.
 */
export function exampleHtml(name: ExamplePage): string {
  return examplePage(name, {
    config: clinicConfigInUse(),
    apiUrl: localStack().apiUrl,
    rootDir: REPOSITORY_ROOT,
  });
}

export function exampleUrl(name: ExamplePage): string {
  return `${siteOrigin()}/${name}`;
}

/** A stand-in for a page of the clinic's website (a thank-you page), served by interception. */
export const STUB_TITLE = 'Clinic website page (test stand-in)';

export interface SiteOptions extends BrowserContextOptions {
  /** Replaces an example page's HTML before it is served. */
  readonly edit?: (name: ExamplePage, html: string) => string;
}

/**
 * A fresh context whose every request outside the local API is answered here: the example pages
 * at the clinic's local origin, a stub for any other page (the thank-you pages the API redirects
 * to), 404 for the rest. Only requests to the API reach the network.
 */
export async function siteContext(browser: Browser, options: SiteOptions = {}): Promise<BrowserContext> {
  const { edit, ...contextOptions } = options;
  const context = await browser.newContext({
    // Served by interception, the pages have no address, so Chromium counts them as public ones
    // and asks before they call the API on 127.0.0.1 (Local Network Access). On a real site both
    // are public and nobody is asked; granting it here gives the same result.
    permissions: ['local-network-access'],
    ...contextOptions,
  });
  const api = localStack().apiUrl;
  const pages = new Map(
    (['contact.html', 'booking.html'] as const).map((name) => [exampleUrl(name), name] as const),
  );
  await context.route(
    (url) => !url.href.startsWith(`${api}/`),
    (route) => {
      const request = route.request();
      const name = pages.get(request.url());
      if (name) {
        const html = exampleHtml(name);
        return route.fulfill({
          contentType: 'text/html; charset=utf-8',
          body: edit ? edit(name, html) : html,
        });
      }
      if (request.resourceType() === 'document') {
        return route.fulfill({
          contentType: 'text/html; charset=utf-8',
          body: `<!doctype html><html lang="en"><title>${STUB_TITLE}</title><h1>${STUB_TITLE}</h1></html>`,
        });
      }
      return route.fulfill({ status: 404, body: '' });
    },
  );
  return context;
}

export interface Violation {
  readonly id: string;
  readonly impact: string | null | undefined;
  readonly help: string;
  readonly targets: string[];
}

/** What axe-core finds on the page as it is now (all its default rules: WCAG 2.x A/AA and best practices). */
export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((node) => node.target.join(' ')),
  }));
}
