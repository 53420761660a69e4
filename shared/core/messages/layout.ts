// The frame every email shares: a single readable column on a phone, and the clinic's name and
// contact details at the foot. The light look is in inline styles (some mail clients drop <style>);
// the <style> block only adds what a client that keeps it can use: the dark colour scheme, and
// wrapping anywhere for long links and ids so nothing is wider than a 390 px screen (the column
// itself wraps them too, inline). Dark mode overrides the inline colours by what they are (an
// attribute selector on the inline colour), so the templates need no classes of their own.

import { clinicPhoneDisplay } from '#clinic-phone';
import type { ClinicConfig } from '../config/schema.ts';
import { html, joinHtml, type SafeHtml } from './html.ts';

export interface EmailContent {
  /** Short line shown by mail apps next to the subject; no personal data. */
  readonly preheader: string;
  readonly heading: string;
  /** The body's markup, made with html`…` (so whatever it interpolated is escaped). */
  readonly bodyHtml: SafeHtml;
}

function clinicFooterLines(clinic: ClinicConfig['clinic']): string[] {
  const phone = clinicPhoneDisplay(clinic);
  return [clinic.name, clinic.address, phone, clinic.website].filter(
    (line): line is string => typeof line === 'string' && line !== '',
  );
}

/** Colours for a reader in dark mode, over the light inline ones (hence !important). */
const DARK_STYLE = html.raw`<style>
:root { color-scheme: light dark; }
.frame a { overflow-wrap: anywhere; word-break: break-all; }
.frame table { width: 100%; table-layout: auto; }
@media (prefers-color-scheme: dark) {
  body[style], .frame { background: #121212 !important; color: #e8eaed !important; }
  .card { background: #1f1f1f !important; color: #e8eaed !important; }
  [style*="color:#5f6368"] { color: #bdc1c6 !important; }
  [style*="color:#1a1a1a"] { color: #e8eaed !important; }
  a[style*="color:#0b57d0"] { color: #8ab4f8 !important; }
  a[style*="background:#0b57d0"] { background: #8ab4f8 !important; color: #0b1a33 !important; }
  [style*="background:#f4f5f7"] { background: #2b2b2b !important; color: #e8eaed !important; }
  [style*="border-bottom:1px solid #e8eaed"] { border-bottom-color: #3c4043 !important; }
}
</style>`;

export function renderHtmlEmail(clinic: ClinicConfig['clinic'], content: EmailContent): string {
  const footer = joinHtml(clinicFooterLines(clinic), html`<br>`);
  return String(html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
<title>${content.heading}</title>
${DARK_STYLE}
</head>
<body style="margin:0;padding:0;background:#f4f5f7;color:#1a1a1a;">
<div style="display:none;max-height:0;overflow:hidden;">${content.preheader}</div>
<div class="frame" style="box-sizing:border-box;width:100%;max-width:560px;margin:0 auto;padding:16px 8px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;overflow-wrap:anywhere;word-break:break-word;">
<div class="card" style="box-sizing:border-box;background:#ffffff;border-radius:8px;padding:20px 16px;">
<h1 style="font-size:20px;line-height:1.3;margin:0 0 16px;">${content.heading}</h1>
${content.bodyHtml}
</div>
<p style="font-size:13px;color:#5f6368;margin:16px 8px;">${footer}</p>
</div>
</body>
</html>
`);
}

export function renderTextEmail(clinic: ClinicConfig['clinic'], heading: string, body: string): string {
  return `${heading}\n\n${body.trim()}\n\n--\n${clinicFooterLines(clinic).join('\n')}\n`;
}
