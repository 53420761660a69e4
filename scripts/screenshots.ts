// `npm run screenshots [-- --api URL --site URL]`: every page a patient sees — the demo clinic
// site's pages and each HTML answer of the API (validation, time taken, booked, rate limited,
// not found, manage, confirm) — photographed in Chromium at 390 px (a phone) and 1280 px into
// docs/screenshots/, then every email kind (scripts/screenshots-emails.ts). Without --api it
// starts a local stack of its own on free ports (and stops it after); with --api and --site it
// uses a running `npm run dev` (CLINIC_CONFIG names its config; default config/dev.json).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { withDemoSite } from '../local/site.ts';
import { REPOSITORY_ROOT } from '../local/stack.ts';
import { loadClinicConfigFile } from '../shared/config/load.ts';
import { launchEmailBrowser } from './lib/email-render.ts';
import {
  bookJson,
  clientIp,
  freeSlots,
  openRateLimitedPage,
  openSlotTakenPage,
  openValidationPage,
  type PatientStack,
  unknownManageUrl,
} from './lib/patient-pages.ts';
import { writeEmailScreenshots } from './screenshots-emails.ts';

export const SCREENSHOT_DIR = join(REPOSITORY_ROOT, 'docs', 'screenshots');
export const WIDTHS = [390, 1280] as const;

/** One page to photograph: how to get there in a fresh page (JavaScript on or off). */
interface Shot {
  readonly name: string;
  readonly javaScript: boolean;
  open(page: Page, stack: PatientStack): Promise<unknown>;
}

function shots(stack: PatientStack): Shot[] {
  const site = (name: string, path: string): Shot => ({
    name: `site-${name}`,
    javaScript: true,
    // The kit's first requests answered and drawn: the page a visitor sees, not its loading state.
    open: (page) => page.goto(`${stack.siteUrl}${path}`, { waitUntil: 'networkidle' }),
  });
  return [
    site('home', '/'),
    site('contact', '/contact'),
    site('book', '/book'),
    site('thank-you', '/thank-you'),
    {
      name: 'site-manage',
      javaScript: true,
      open: async (page) => {
        const [slot] = await freeSlots(stack, 'new-patient');
        if (!slot) throw new Error('no free new-patient time');
        const booked = await bookJson(stack, 'new-patient', slot.start);
        await page.goto(booked.manageUrl, { waitUntil: 'networkidle' });
      },
    },
    { name: 'api-validation', javaScript: false, open: (page) => openValidationPage(page, stack) },
    { name: 'api-slot-taken', javaScript: false, open: (page) => openSlotTakenPage(page, stack) },
    {
      name: 'api-booked',
      javaScript: false,
      open: async (page) => {
        await openSlotTakenPage(page, stack);
        await page
          .getByRole('button')
          .filter({ hasText: / with / })
          .first()
          .click();
        await page.waitForLoadState('load');
      },
    },
    {
      name: 'api-rate-limited',
      javaScript: false,
      open: (page) => openRateLimitedPage(page, stack, clientIp()),
    },
    { name: 'api-not-found', javaScript: false, open: (page) => page.goto(unknownManageUrl(stack)) },
    {
      name: 'api-manage',
      javaScript: false,
      open: async (page) => {
        const [slot] = (await freeSlots(stack, 'follow-up')).slice(-1);
        if (!slot) throw new Error('no free follow-up time');
        const booked = await bookJson(stack, 'follow-up', slot.start);
        await page.goto(
          `${stack.apiUrl}/v1/bookings/${booked.id}?token=${encodeURIComponent(booked.manageToken)}`,
        );
      },
    },
    {
      name: 'api-confirm',
      javaScript: false,
      open: async (page) => {
        const [slot] = (await freeSlots(stack, 'follow-up')).slice(-2);
        if (!slot) throw new Error('no free follow-up time');
        const booked = await bookJson(stack, 'follow-up', slot.start);
        await page.goto(
          `${stack.apiUrl}/v1/bookings/${booked.id}/confirm?token=${encodeURIComponent(booked.manageToken)}`,
        );
      },
    },
  ];
}

async function photograph(
  browser: Browser,
  stack: PatientStack,
  shot: Shot,
  outDir: string,
): Promise<string[]> {
  const written: string[] = [];
  for (const width of WIDTHS) {
    const context: BrowserContext = await browser.newContext({
      viewport: { width, height: width < 600 ? 844 : 800 },
      javaScriptEnabled: shot.javaScript,
      // Each plain-form shot is a client of its own: no rate limit of one shot counts another's
      // requests. Not with JavaScript: the header would make every fetch of the kit a preflighted
      // request the API's CORS rules (rightly) refuse.
      ...(shot.javaScript ? {} : { extraHTTPHeaders: { 'x-forwarded-for': clientIp() } }),
    });
    try {
      const page = await context.newPage();
      await shot.open(page, stack);
      const file = join(outDir, `${shot.name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      written.push(file);
    } finally {
      await context.close();
    }
  }
  return written;
}

/** Every email kind, rendered from samples (scripts/screenshots-emails.ts), with the same browser. */
async function emailShots(browser: Browser, outDir: string): Promise<void> {
  const written = await writeEmailScreenshots(outDir, browser);
  console.info(`${written.length} email screenshots in ${outDir}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      api: { type: 'string' },
      site: { type: 'string' },
      ses: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const outDir = resolve(values.out ?? SCREENSHOT_DIR);
  mkdirSync(outDir, { recursive: true });
  const configPath = resolve(process.env.CLINIC_CONFIG || 'config/dev.json');
  const fileConfig = loadClinicConfigFile(configPath);
  let stop = async () => {};
  let stack: PatientStack & { sesUrl?: string };
  if (values.api) {
    if (!values.site) throw new Error('--api needs --site too (the demo site `npm run dev` printed)');
    stack = {
      apiUrl: values.api.replace(/\/+$/, ''),
      siteUrl: values.site.replace(/\/+$/, ''),
      config: withDemoSite(fileConfig, values.site.replace(/\/+$/, '')),
      ...(values.ses ? { sesUrl: values.ses } : {}),
    };
  } else {
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    const { EPHEMERAL_PORTS, startLocalStack } = await import('../local/stack.ts');
    const local = await startLocalStack({
      config: fileConfig,
      ...EPHEMERAL_PORTS,
      tableName: 'screenshots',
      logProblem: () => {},
    });
    stop = () => local.stop();
    stack = { apiUrl: local.apiUrl, siteUrl: local.siteUrl, config: local.config, sesUrl: local.sesUrl };
  }
  const browser = await launchEmailBrowser();
  try {
    for (const shot of shots(stack)) {
      for (const file of await photograph(browser, stack, shot, outDir)) console.info(`wrote ${file}`);
    }
    await emailShots(browser, outDir);
  } finally {
    await browser.close();
    await stop();
  }
}

if (import.meta.main) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
