// Screenshots of every email kind (scripts/lib/email-samples.ts) at 390 and 1280 px, light and
// dark: docs/screenshots/emails-<kind>-<width>[-dark].png. Run alone with
// `npx tsx scripts/screenshots-emails.ts [outDir]`, or call writeEmailScreenshots() from the
// pages' `npm run screenshots`.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { COLOR_SCHEMES, EMAIL_WIDTHS, launchEmailBrowser, renderEmail } from './lib/email-render.ts';
import { emailSamples } from './lib/email-samples.ts';

export const EMAIL_SCREENSHOTS_DIR = 'docs/screenshots';

/** Writes the screenshots into `outDir` and answers the files written. */
export async function writeEmailScreenshots(
  outDir: string = EMAIL_SCREENSHOTS_DIR,
  browser?: Browser,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const own = browser ? undefined : await launchEmailBrowser();
  const using = (browser ?? own) as Browser;
  const written: string[] = [];
  try {
    for (const { kind, email } of emailSamples()) {
      for (const width of EMAIL_WIDTHS) {
        for (const scheme of COLOR_SCHEMES) {
          const { png } = await renderEmail(using, email.html, { width, scheme, screenshot: true });
          const file = join(outDir, `emails-${kind}-${width}${scheme === 'dark' ? '-dark' : ''}.png`);
          await writeFile(file, png as Buffer);
          written.push(file);
        }
      }
    }
  } finally {
    await own?.close();
  }
  return written;
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const files = await writeEmailScreenshots(process.argv[2]);
  console.info(`wrote ${files.length} email screenshots`);
}
