// The frame every email shares: a single readable column on a phone, inline styles only (mail
// clients drop <style>), and the clinic's name and contact details at the foot.

import type { ClinicConfig } from '../config/schema.ts';
import { displayPhone } from '../inquiries/format.ts';
import { html, joinHtml, type SafeHtml } from './html.ts';

export interface EmailContent {
  /** Short line shown by mail apps next to the subject; no personal data. */
  readonly preheader: string;
  readonly heading: string;
  /** The body's markup, made with html`…` (so whatever it interpolated is escaped). */
  readonly bodyHtml: SafeHtml;
}

function clinicFooterLines(clinic: ClinicConfig['clinic']): string[] {
  const phone = clinic.phone ? displayPhone(clinic.phone, clinic.country) : undefined;
  return [clinic.name, clinic.address, phone, clinic.website].filter(
    (line): line is string => typeof line === 'string' && line !== '',
  );
}

export function renderHtmlEmail(clinic: ClinicConfig['clinic'], content: EmailContent): string {
  const footer = joinHtml(clinicFooterLines(clinic), html`<br>`);
  return String(html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${content.heading}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<div style="display:none;max-height:0;overflow:hidden;">${content.preheader}</div>
<div style="max-width:560px;margin:0 auto;padding:24px 16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;">
<div style="background:#ffffff;border-radius:8px;padding:24px;">
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
