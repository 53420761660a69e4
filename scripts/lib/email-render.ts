// Email HTML in Chromium (Debian's, driven by playwright-core; nothing is downloaded): how wide
// each email lays out at a phone's width, and its screenshots, in light and dark colour schemes.
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const EMAIL_WIDTHS = [390, 1280] as const;
export const COLOR_SCHEMES = ['light', 'dark'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

export function launchEmailBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
}

export interface Rendered {
  /** document.documentElement.scrollWidth: wider than the viewport means a sideways scroll. */
  readonly scrollWidth: number;
  /** The page's background and the card's text colour, as computed (dark mode checks). */
  readonly colors: { readonly body: string; readonly card: string; readonly cardText: string };
  readonly png?: Buffer;
}

const MEASURE = `(() => {
  const card = document.querySelector('.card');
  return {
    scrollWidth: document.documentElement.scrollWidth,
    colors: {
      body: getComputedStyle(document.body).backgroundColor,
      card: card ? getComputedStyle(card).backgroundColor : '',
      cardText: card ? getComputedStyle(card).color : '',
    },
  };
})()`;

/** Lays `html` out at `width` in `scheme`; with `screenshot`, also its full-page PNG. */
export async function renderEmail(
  browser: Browser,
  html: string,
  options: { readonly width: number; readonly scheme: ColorScheme; readonly screenshot?: boolean },
): Promise<Rendered> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: 800 },
    colorScheme: options.scheme,
    // Emails load nothing: no network at all.
    offline: true,
    javaScriptEnabled: false,
  });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    // A string, evaluated in the page (this project's TypeScript has no DOM types).
    const measured = (await page.evaluate(MEASURE)) as Omit<Rendered, 'png'>;
    const png = options.screenshot ? await page.screenshot({ fullPage: true }) : undefined;
    return { ...measured, ...(png ? { png } : {}) };
  } finally {
    await context.close();
  }
}
