// Every email kind (scripts/lib/email-samples.ts: the real planners, worst-case data) as a phone
// and a desktop show it, in Chromium: nothing wider than a 390 px screen, light or dark; in dark
// mode the card is dark and its text light (no white on white); and the W3C Nu checker finds no
// error in any of them. Needs no local stack: the HTML is rendered by the planners themselves.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLOR_SCHEMES, launchEmailBrowser, renderEmail } from '../../../scripts/lib/email-render.ts';
import { emailSamples } from '../../../scripts/lib/email-samples.ts';
import { nuCheck } from '../../support/vnu.ts';

const samples = emailSamples();
let browser: Browser;

beforeAll(async () => {
  browser = await launchEmailBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** "rgb(r, g, b)" → relative luminance 0..1 (WCAG). */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('email HTML in Chromium', () => {
  it('covers every kind of email the system sends', () => {
    expect(samples.map((s) => s.kind)).toEqual([
      'lead-notification',
      'lead-ack',
      'booking-confirmation',
      'booking-reschedule',
      'booking-cancel',
      'reminder',
      'agenda',
      'staff-booking-new',
      'staff-booking-moved',
      'staff-booking-cancelled',
      'staff-booking-by-staff',
    ]);
  });

  it.each(samples.map((s) => [s.kind, s.email.html] as const))(
    '%s fits a 390 px screen, light and dark, and reads light-on-dark in dark mode',
    async (_kind, html) => {
      for (const scheme of COLOR_SCHEMES) {
        const rendered = await renderEmail(browser, html, { width: 390, scheme });
        expect(rendered.scrollWidth, scheme).toBeLessThanOrEqual(390);
        const card = luminance(rendered.colors.card);
        const text = luminance(rendered.colors.cardText);
        if (scheme === 'dark') expect(card).toBeLessThan(text);
        else expect(card).toBeGreaterThan(text);
        // Enough contrast either way (WCAG AA for body text: 4.5:1).
        const [hi, lo] = card > text ? [card, text] : [text, card];
        expect((hi + 0.05) / (lo + 0.05)).toBeGreaterThanOrEqual(4.5);
      }
    },
    120_000,
  );

  it('passes the W3C Nu checker with no errors, every kind in one run', async () => {
    const problems = await nuCheck(samples.map((s) => ({ name: s.kind, html: s.email.html })));
    expect(problems).toEqual(Object.fromEntries(samples.map((s) => [s.kind, []])));
  }, 180_000);
});
