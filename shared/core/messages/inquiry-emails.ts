// The two emails of a lead, as pure functions of the clinic config and the stored lead: the
// front desk's notification (every field, escaped) and the patient's acknowledgement (which
// repeats nothing the patient typed — not the message, not even the name — so the form cannot
// be used to send someone else's words to a third party's inbox).

import { clinicPhoneDisplay } from '#clinic-phone';
import type { ClinicConfig } from '../config/schema.ts';
import { ATTRIBUTION_FIELDS, type AttributionField, type PreferredContact } from '../inquiries/fields.ts';
import { displayPhone, formatLocalTime } from '../inquiries/format.ts';
import type { LeadItem } from '../inquiries/lead.ts';
import { html, joinHtml, type SafeHtml } from './html.ts';
import { renderHtmlEmail, renderTextEmail } from './layout.ts';

export const STAFF_SUBJECT = 'New website inquiry';
export const ACK_SUBJECT = 'We received your message';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

type EmailConfig = Pick<ClinicConfig, 'clinic' | 'forms'>;

const ATTRIBUTION_LABELS: Record<AttributionField, string> = {
  pageUrl: 'Page',
  referrer: 'Referrer',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  utm_term: 'UTM term',
  utm_content: 'UTM content',
  gclid: 'Google Ads click id (gclid)',
  fbclid: 'Facebook click id (fbclid)',
};

const PREFERRED_CONTACT_LABELS: Record<PreferredContact, string> = {
  email: 'Email',
  phone: 'Phone call',
  text: 'Text message',
};

interface Row {
  readonly label: string;
  readonly value: string;
  /** A link target, for values a phone can act on. */
  readonly href?: string;
}

const CELL = 'padding:6px 0;vertical-align:top;border-bottom:1px solid #e8eaed;';

function htmlRows(rows: readonly Row[]): SafeHtml {
  const body = rows.map((row) => {
    const shown = row.href ? html`<a href="${row.href}" style="color:#0b57d0;">${row.value}</a>` : row.value;
    return html`<tr><th scope="row" style="${CELL}text-align:left;font-weight:600;padding-right:12px;width:38%;">${row.label}</th><td style="${CELL}word-break:break-word;">${shown}</td></tr>`;
  });
  return html`<table role="presentation" style="width:100%;border-collapse:collapse;font-size:15px;margin:0 0 16px;">\n${joinHtml(body, html`\n`)}\n</table>`;
}

const textRows = (rows: readonly Row[]) => rows.map((row) => `${row.label}: ${row.value}`).join('\n');

/** Each line break kept as a line break on screen. */
const htmlLines = (text: string) => joinHtml(text.split('\n'), html`<br>\n`);

function contactRows(config: EmailConfig, lead: LeadItem): Row[] {
  const rows: Row[] = [
    { label: 'Received', value: formatLocalTime(new Date(lead.receivedAt), config.clinic.timeZone) },
    { label: 'Name', value: lead.name },
    { label: 'Email', value: lead.email, href: `mailto:${lead.email}` },
  ];
  if (lead.phone) {
    rows.push({
      label: 'Phone',
      value: displayPhone(lead.phone, config.clinic.country),
      href: `tel:${lead.phone}`,
    });
  }
  if (lead.preferredContact) {
    rows.push({ label: 'Prefers', value: PREFERRED_CONTACT_LABELS[lead.preferredContact] });
  }
  if (lead.topic) rows.push({ label: 'Topic', value: lead.topic });
  // Declared fields in the order the clinic declared them, then any a later config dropped.
  const declared = config.forms.customFields;
  const custom = lead.custom ?? {};
  for (const field of declared) {
    const value = custom[field.name];
    if (value !== undefined) rows.push({ label: field.label, value });
  }
  for (const [name, value] of Object.entries(custom)) {
    if (!declared.some((field) => field.name === name)) rows.push({ label: name, value });
  }
  rows.push({ label: 'Consent to be contacted', value: lead.consent ? 'Yes' : 'No' });
  return rows;
}

function attributionRows(lead: LeadItem): Row[] {
  const attribution = lead.attribution ?? {};
  return ATTRIBUTION_FIELDS.flatMap((field) => {
    const value = attribution[field];
    return value === undefined ? [] : [{ label: ATTRIBUTION_LABELS[field], value }];
  });
}

/** To `email.staff`, with `Reply-To` the lead: everything the patient sent, and where from. */
export function renderStaffNotification(config: EmailConfig, lead: LeadItem): RenderedEmail {
  const heading = 'New inquiry from the website';
  const contact = contactRows(config, lead);
  const attribution = attributionRows(lead);
  const replyHint = 'Reply to this email to answer the patient directly.';
  const reference = `Reference: ${lead.id}`;

  const textParts = [
    textRows(contact),
    `Message:\n${lead.message}`,
    ...(attribution.length > 0 ? [`Where it came from\n${textRows(attribution)}`] : []),
    `${replyHint}\n${reference}`,
  ];
  const htmlParts = [
    htmlRows(contact),
    html`<h2 style="font-size:16px;margin:16px 0 8px;">Message</h2>`,
    html`<div style="background:#f4f5f7;border-radius:6px;padding:12px;margin:0 0 16px;word-break:break-word;">${htmlLines(lead.message)}</div>`,
    ...(attribution.length > 0
      ? [html`<h2 style="font-size:16px;margin:16px 0 8px;">Where it came from</h2>`, htmlRows(attribution)]
      : []),
    html`<p style="margin:0;color:#5f6368;font-size:14px;">${replyHint}<br>${reference}</p>`,
  ];
  return {
    subject: STAFF_SUBJECT,
    text: renderTextEmail(config.clinic, heading, textParts.join('\n\n')),
    html: renderHtmlEmail(config.clinic, {
      preheader: 'A new inquiry came in through the website contact form.',
      heading,
      bodyHtml: joinHtml(htmlParts, html`\n`),
    }),
  };
}

/** To the lead: a receipt in the clinic's name and time zone. Nothing the patient typed. */
export function renderAcknowledgement(config: EmailConfig, lead: LeadItem): RenderedEmail {
  const { clinic } = config;
  const heading = 'Thank you for your message';
  const received = formatLocalTime(new Date(lead.receivedAt), clinic.timeZone);
  const phone = clinicPhoneDisplay(clinic);
  const paragraphs = [
    'Hello,',
    `Thank you for contacting ${clinic.name}. We received your message on ${received}, and a member of our team will get back to you as soon as we can.`,
    ...(phone ? [`If your question is urgent, please call us at ${phone}.`] : []),
    'If you need emergency medical help, call your local emergency number.',
    `Reference: ${lead.id}`,
  ];
  const footnote =
    "You are receiving this email because this address was entered in the contact form on our website. If that wasn't you, you can ignore this email.";
  const htmlParagraphs = paragraphs.map((paragraph) => {
    if (phone && clinic.phone && paragraph.includes(phone)) {
      const at = paragraph.indexOf(phone);
      const link = html`<a href="tel:${clinic.phone}" style="color:#0b57d0;">${phone}</a>`;
      return html`<p style="margin:0 0 12px;">${paragraph.slice(0, at)}${link}${paragraph.slice(at + phone.length)}</p>`;
    }
    return html`<p style="margin:0 0 12px;">${paragraph}</p>`;
  });
  return {
    subject: ACK_SUBJECT,
    text: renderTextEmail(clinic, heading, `${paragraphs.join('\n\n')}\n\n${footnote}`),
    html: renderHtmlEmail(clinic, {
      preheader: `${clinic.name} received your message.`,
      heading,
      bodyHtml: html`${joinHtml(htmlParagraphs, html`\n`)}\n<p style="margin:16px 0 0;color:#5f6368;font-size:13px;">${footnote}</p>`,
    }),
  };
}
