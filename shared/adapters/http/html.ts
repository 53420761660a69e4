// Small, accessible HTML pages for plain form posts (no JavaScript, no external assets), in the
// clinic's name and colour: a header with the clinic's name (a link to its site), the page, and a
// footer with its phone (a tel: link) and address, so no page leaves a patient without a way on.
// Mobile first (a 390 px phone), large tap targets, WCAG 2.2 AA contrast whatever the brand colour.

import { clinicPhoneDisplay } from '#clinic-phone';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { html, joinHtml, type SafeHtml, trustedHtml } from '../../core/messages/html.ts';

/** The colour of links and buttons when the clinic names none (`clinic.brandColor`). */
export const DEFAULT_BRAND_COLOR = '#0b57d0';

type Rgb = readonly [number, number, number];

function rgbOf(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** WCAG 2.x relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [l1, l2] = [luminance(rgbOf(a)), luminance(rgbOf(b))].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

const hex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/**
 * The brand colour, darkened just enough for white text on it and for it as text on white (4.5:1,
 * WCAG AA for normal text): a clinic's pale brand colour never makes a page unreadable.
 */
export function accessibleAccent(brandColor: string | undefined): string {
  const wanted = /^#[0-9a-f]{6}$/i.test(brandColor ?? '')
    ? (brandColor as string).toLowerCase()
    : DEFAULT_BRAND_COLOR;
  let rgb = rgbOf(wanted);
  for (let step = 0; step < 40 && contrastRatio(hex(rgb), '#ffffff') < 4.5; step++) {
    rgb = rgb.map((c) => c * 0.92) as unknown as Rgb;
  }
  return hex(rgb);
}

/** The only styles the pages use (inline; the CSP allows inline styles and nothing else). */
function styleSheet(accent: string): string {
  return [
    `:root{--accent:${accent};--ink:#1a1a1a;--muted:#4a4a4a;--line:#6b6b6b;--error:#b3261e}`,
    '*{box-sizing:border-box}',
    'body{font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:var(--ink);background:#fff;overflow-wrap:anywhere}',
    // The header's text lines up with the page's column at any width.
    'header{background:var(--accent);color:#fff;padding:.75rem max(1rem,calc((100% - 38rem)/2))}',
    'header a{color:#fff;font-weight:600;text-decoration:none;display:inline-block;padding:.5rem 0}',
    'header a:focus-visible{outline:3px solid #fff;outline-offset:2px}',
    'main{max-width:40rem;margin:0 auto;padding:1rem 1rem 2rem}',
    'footer{border-top:1px solid #d0d0d0;padding:1rem;max-width:40rem;margin:0 auto;color:var(--muted)}',
    'footer p{margin:.25rem 0}',
    'h1{font-size:1.5rem;line-height:1.25;margin:.75rem 0 1rem}h2{font-size:1.2rem;margin-top:2rem}',
    'a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid var(--accent);outline-offset:2px}',
    // Links on a line of their own get a 24 px target (WCAG 2.2 2.5.8; links in a sentence are exempt).
    'footer a{display:inline-block;min-height:1.5rem}',
    'li{margin:.25rem 0}dt{font-weight:600}dd{margin:0 0 .75rem}',
    'fieldset{border:1px solid var(--line);border-radius:8px;padding:.5rem 1rem 1rem;margin:1rem 0}legend{font-weight:600;padding:0 .25rem}',
    // A choice is its whole label: the radio and its text on one line, the whole box tappable.
    '.choice{display:flex;gap:.75rem;align-items:center;min-height:3rem;padding:.5rem .75rem;margin:.5rem 0;border:1px solid var(--line);border-radius:8px;cursor:pointer}',
    '.choice input{width:1.25rem;height:1.25rem;flex:none;margin:0;accent-color:var(--accent)}',
    '.field{margin:1rem 0}.field label{display:block;font-weight:600}.field label.check{display:flex;font-weight:400}',
    '.field input,.field textarea,.field select{display:block;width:100%;margin-top:.25rem;padding:.6rem;font:inherit;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--ink)}',
    '.check{display:flex;gap:.75rem;align-items:flex-start;min-height:3rem;padding:.5rem 0;font-weight:400}',
    '.check input{width:1.25rem;height:1.25rem;flex:none;margin:.15rem 0 0;accent-color:var(--accent)}',
    '[aria-invalid="true"]{border:2px solid var(--error)!important}',
    '.error{color:var(--error);font-weight:600;margin:.25rem 0 0}',
    '.notice{border-left:4px solid var(--accent);background:#f3f6fb;padding:.75rem 1rem;border-radius:4px}',
    '.alert{border-left:4px solid var(--error);background:#fdf2f1;padding:.75rem 1rem;border-radius:4px}',
    'blockquote{margin:0;padding:.75rem 1rem;background:#f5f5f5;border-radius:6px;white-space:pre-wrap}',
    'button{font:inherit;font-weight:600;min-height:3rem;padding:.65rem 1.25rem;margin-top:.5rem;border-radius:8px;border:2px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}',
    'button.secondary{background:#fff;color:var(--accent)}',
    '.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}',
    '.slot{margin:.5rem 0}.slot button{width:100%;text-align:left;margin:0}',
    '@media (min-width:48rem){main{padding-top:2rem}h1{font-size:1.75rem}.slot button{width:auto}}',
  ].join('');
}

/** What of the clinic a page shows: its name, colour, site, phone and address. */
export type PageClinic = Pick<
  ClinicConfig['clinic'],
  'name' | 'website' | 'phone' | 'country' | 'address' | 'brandColor'
>;

/** The clinic's phone as a tel: link, or nothing when the config has none. */
export function phoneLink(clinic: Pick<PageClinic, 'phone' | 'country'>): SafeHtml | undefined {
  if (!clinic.phone) return undefined;
  return html`<a href="tel:${clinic.phone}">${clinicPhoneDisplay(clinic)}</a>`;
}

function header(clinic: PageClinic): SafeHtml {
  const name = clinic.website
    ? html`<a href="${clinic.website}">${clinic.name}</a>`
    : html`<span>${clinic.name}</span>`;
  return html`<header>${name}</header>`;
}

function footer(clinic: PageClinic): SafeHtml {
  const phone = phoneLink(clinic);
  const lines = [
    html`<p><strong>${clinic.name}</strong></p>`,
    phone ? html`<p>Phone: ${phone}</p>` : undefined,
    clinic.address ? html`<p>${clinic.address}</p>` : undefined,
    clinic.website ? html`<p><a href="${clinic.website}">${clinic.name} website</a></p>` : undefined,
  ].filter((line): line is SafeHtml => line !== undefined);
  return html`<footer>\n${joinHtml(lines, html`\n`)}\n</footer>`;
}

/**
 * The whole page around `body` (made with html`…`), as the string a response carries. The style
 * sheet is our own constant, and a <style> element's text is not HTML (entities stay literal).
 * With `clinic`, the page has the clinic's header and footer and colour; the title names it.
 */
export function htmlPage(title: string, body: SafeHtml, clinic?: PageClinic, lang = 'en'): string {
  const fullTitle = clinic ? `${title} – ${clinic.name}` : title;
  return String(html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${fullTitle}</title>
<style>${trustedHtml(styleSheet(accessibleAccent(clinic?.brandColor)))}</style>
</head>
<body>
${clinic ? header(clinic) : null}
<main>
${body}
</main>
${clinic ? footer(clinic) : null}
</body>
</html>
`);
}
