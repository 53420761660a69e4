// The HTML answer to a problem, for a patient who posted a plain form (no JavaScript): said in
// people's words, in the clinic's name and colour, always with its phone and a way on. A refused
// field shows the form again, filled in as typed, each problem beside its field; a taken time
// offers the nearest free ones as buttons that post the same booking again; a rate limit says
// when to try again and keeps the message, so nothing typed is ever lost.
import { providerName } from '../../core/config/clinic.ts';
import { ATTRIBUTION_FIELDS, CAPTCHA_FIELD } from '../../core/config/field-names.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { html, joinHtml, type SafeHtml } from '../../core/messages/html.ts';
import { shortWhen } from '../../core/scheduling/format.ts';
import type { Slot } from '../../core/scheduling/slots.ts';
import { htmlPage, type PageClinic, phoneLink } from './html.ts';
import type { ProblemCode, ProblemDocument } from './problems.ts';

const NL = html`\n`;

/** What a problem page knows of the request it answers. */
export interface ProblemPageContext {
  /** The clinic, for its name, colour, phone and site; a page without it is a bare one. */
  readonly config?: Pick<ClinicConfig, 'clinic' | 'forms' | 'scheduling'>;
  /** The page the form was on, when it is on one of the clinic's own sites. */
  readonly backLink?: string;
  /** What the form calls each field it may carry (`email` → `Email`), in the form's order. */
  readonly fieldLabels: Readonly<Record<string, string>>;
  /** The fields as posted (a form's are strings), to show again and to post again. */
  readonly fields?: Readonly<Record<string, unknown>>;
  /**
   * The path the form posted to: this page's own address, so the page's forms post again there by
   * having no `action` at all (the path is never written into the page: it is what was sent).
   */
  readonly action?: string;
  /** From the answer's Retry-After. */
  readonly retryAfterSeconds?: number;
  /** More markup of the route's own (made with html`…`), placed after the problem. */
  readonly moreHtml?: SafeHtml;
}

/** What the page says first, in people's words; the problem's own title otherwise. */
const HEADINGS: Partial<Record<ProblemCode, string>> = {
  validation_failed: 'Please check the form',
  captcha_failed: 'Please try the check again',
  unknown_appointment_type: 'This appointment type is not offered online',
  slot_unavailable: 'That time is no longer free',
  too_late_to_change: 'It is too late to change this online',
  booking_cancelled: 'This appointment is cancelled',
  booking_limit_reached: 'You already have upcoming appointments',
  rate_limited: 'Please try again a little later',
  not_found: 'We could not find that',
  internal_error: 'Something went wrong on our side',
  request_in_progress: 'We are still working on it',
  payload_too_large: 'That was too much to send at once',
};

/** What the patient reads under the heading, when the problem's own detail speaks to developers. */
const LEADS: Partial<Record<ProblemCode, string>> = {
  captcha_failed: 'The check that you are not a robot did not go through. Please try again.',
  slot_unavailable: 'Someone booked that time a moment ago, or it is no longer open. Nothing was booked.',
  not_found:
    'This link does not match an appointment or page of ours. Please use the latest link from your email.',
  internal_error: 'Your request was not completed. Please try again in a minute.',
  request_in_progress:
    'Your first request is still being handled. Please wait a moment, then reload this page.',
  payload_too_large: 'Please shorten your message and send it again.',
};

/** Fields shown as what they are (the rest of a form's fields are posted again, unseen). */
const MULTI_LINE = new Set(['message', 'reason', 'notes']);
const CHECKBOXES = new Set(['consent', 'smsConsent']);
const INPUT_TYPES: Readonly<Record<string, string>> = { email: 'email', phone: 'tel' };
const AUTOCOMPLETE: Readonly<Record<string, string>> = { name: 'name', email: 'email', phone: 'tel' };
/** Chosen on the clinic's page (a time, a type), not typed: carried along, never shown as a box. */
const CARRIED = new Set([
  'type',
  'start',
  'providerId',
  'token',
  'pageUrl',
  'referrer',
  '_next',
  ...ATTRIBUTION_FIELDS,
]);
const PREFERRED_CONTACT = [
  ['email', 'Email'],
  ['phone', 'Phone call'],
  ['text', 'Text message'],
] as const;

interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** "about an hour", "about 20 minutes", "a minute": a wait as a person says it. */
export function humanWait(seconds: number): string {
  if (seconds >= 45 * 60) {
    const hours = Math.round(seconds / 3600);
    return hours <= 1 ? 'about an hour' : `about ${hours} hours`;
  }
  if (seconds > 90) return `about ${Math.round(seconds / 60)} minutes`;
  return 'a minute';
}

const fieldId = (name: string) => `field-${name}`;
const errorId = (name: string) => `error-${name}`;

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The posted fields worth posting again: the form's own (and attribution), never a spent CAPTCHA token. */
function carriedFields(
  context: ProblemPageContext,
  skip: ReadonlySet<string> = new Set(),
): [string, string][] {
  const honeypot = context.config?.forms.honeypotField;
  const known = new Set([...Object.keys(context.fieldLabels), ...CARRIED]);
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(context.fields ?? {})) {
    const text = textOf(value);
    if (text === undefined || !known.has(name) || skip.has(name)) continue;
    if (name === honeypot || name === CAPTCHA_FIELD) continue;
    out.push([name, text]);
  }
  return out;
}

const hidden = ([name, value]: readonly [string, string]) =>
  html`<input type="hidden" name="${name}" value="${value}">`;

/** One visible field, filled in as typed, its problem (if any) beside it. */
function visibleField(
  name: string,
  label: string,
  value: string | undefined,
  error: string | undefined,
): SafeHtml {
  const id = fieldId(name);
  const problem = error ? html`<p class="error" id="${errorId(name)}">${error}</p>` : null;
  const invalid = error ? html` aria-invalid="true" aria-describedby="${errorId(name)}"` : html``;
  if (CHECKBOXES.has(name)) {
    const checked = value !== undefined && value !== '' ? html` checked` : html``;
    return html`<div class="field">${problem}<label class="check"><input type="checkbox" id="${id}" name="${name}" value="yes"${checked}${invalid}> <span>${label}</span></label></div>`;
  }
  if (MULTI_LINE.has(name)) {
    return html`<div class="field"><label for="${id}">${label}</label>${problem}<textarea id="${id}" name="${name}" rows="5"${invalid}>${value ?? ''}</textarea></div>`;
  }
  if (name === 'preferredContact') {
    const options = PREFERRED_CONTACT.map(
      ([option, text]) =>
        html`<option value="${option}"${value === option ? html` selected` : html``}>${text}</option>`,
    );
    return html`<div class="field"><label for="${id}">${label}</label>${problem}<select id="${id}" name="${name}"${invalid}><option value="">No preference</option>${options}</select></div>`;
  }
  const type = INPUT_TYPES[name] ?? 'text';
  // A one-line box shows a typed line break as a space (a browser would drop it).
  const line = value?.replace(/[\r\n]+/g, ' ');
  const autocomplete = AUTOCOMPLETE[name] ? html` autocomplete="${AUTOCOMPLETE[name]}"` : html``;
  return html`<div class="field"><label for="${id}">${label}</label>${problem}<input type="${type}" id="${id}" name="${name}" value="${line ?? ''}"${autocomplete}${invalid}></div>`;
}

/**
 * The form again, as the patient filled it in: each field they typed in (or that was refused)
 * with its problem beside it, and what they chose on the clinic's page (a time, a type) carried
 * along unseen. `button` says what sending it again does.
 */
export function refilledForm(
  context: ProblemPageContext,
  errors: readonly FieldError[],
  button: string,
): SafeHtml | undefined {
  if (!context.action) return undefined;
  const fields = context.fields ?? {};
  const errorOf = (name: string) => errors.find((e) => e.path === name)?.message;
  const shown = Object.entries(context.fieldLabels).filter(
    ([name]) => !CARRIED.has(name) && (name in fields || errorOf(name) !== undefined),
  );
  const shownNames = new Set(shown.map(([name]) => name));
  const visible = shown.map(([name, label]) =>
    visibleField(name, label, textOf(fields[name]), errorOf(name)),
  );
  const unseen = carriedFields(context, shownNames).map(hidden);
  // Nothing the patient typed came through (an unreadable body): no empty form to send again.
  if (visible.length === 0) return undefined;
  return html`<form method="post" novalidate>
${joinHtml([...unseen, ...visible], NL)}
<div class="actions"><button type="submit">${button}</button></div>
</form>`;
}

/** "Tue, Dec 1 at 9:45 AM with Dr. Jordan Lee": the choice a button offers. */
function slotLabel(
  config: Pick<ClinicConfig, 'clinic' | 'scheduling'>,
  slot: Slot,
  providerId: string | undefined,
): string {
  const when = shortWhen(new Date(slot.start), config.clinic.timeZone);
  const who = providerId ?? slot.providers[0];
  return who ? `${when} with ${providerName(config as ClinicConfig, who)}` : when;
}

/**
 * The nearest free times as buttons, each a form that posts the same request again (every field
 * the patient typed, unseen) with that start: one tap books it.
 */
export function alternativeButtons(
  context: ProblemPageContext,
  alternatives: readonly Slot[],
): SafeHtml | undefined {
  const { config, action } = context;
  if (!config || !action || alternatives.length === 0) return undefined;
  const kept = carriedFields(context, new Set(['start', 'providerId']));
  const asked = textOf(context.fields?.providerId);
  const forms = alternatives.map((slot) => {
    // The clinician asked for, when free then; else the booking goes to the first free one.
    const providerId = asked && slot.providers.includes(asked) ? asked : undefined;
    const extra: [string, string][] = [['start', slot.start]];
    if (providerId) extra.push(['providerId', providerId]);
    return html`<form method="post" class="slot">
${joinHtml([...kept, ...extra].map(hidden), NL)}
<button type="submit">${slotLabel(config, slot, providerId)}</button>
</form>`;
  });
  return html`<h2>Free times nearby</h2>\n<p>Tap a time to book it with the details you already gave:</p>\n${joinHtml(forms, NL)}`;
}

function callUs(clinic: PageClinic | undefined, lead: string): SafeHtml | undefined {
  const phone = clinic ? phoneLink(clinic) : undefined;
  return phone ? html`<p>${lead} ${phone}.</p>` : undefined;
}

/** The way on: back to the page the form was on, else the clinic's site. */
function wayOn(context: ProblemPageContext, code: ProblemCode): SafeHtml {
  const clinic = context.config?.clinic;
  const back = context.backLink;
  if (back) {
    const text =
      code === 'slot_unavailable' ? 'Choose another day or time' : 'Back to the page you came from';
    return html`<p><a href="${back}">${text}</a></p>`;
  }
  if (clinic?.website) return html`<p><a href="${clinic.website}">Back to the ${clinic.name} website</a></p>`;
  return html`<p>Please go back to the form and try again.</p>`;
}

/** The posted message (or reason), shown so the patient can copy it should they rather call. */
function keptMessage(context: ProblemPageContext): SafeHtml | undefined {
  const fields = context.fields ?? {};
  const text = textOf(fields.message) ?? textOf(fields.reason);
  if (!text?.trim()) return undefined;
  return html`<h2>Your message, so it is not lost</h2>\n<blockquote>${text}</blockquote>`;
}

export interface ProblemPage {
  readonly body: string;
  /** The page has forms that post back (it needs a CSP that allows them). */
  readonly hasForms: boolean;
}

/** What renders a route's generic error page (problemPageFor, handed in by the route's record). */
export type ErrorPageRenderer = (problem: ProblemDocument, context: ProblemPageContext) => ProblemPage;

/** The whole page for `problem`. */
export function problemPageFor(problem: ProblemDocument, context: ProblemPageContext): ProblemPage {
  const clinic = context.config?.clinic;
  const code = problem.code;
  const heading = HEADINGS[code] ?? problem.title;
  const errors = (problem.errors as FieldError[] | undefined) ?? [];
  const parts: (SafeHtml | undefined)[] = [html`<h1>${heading}</h1>`];
  let forms: SafeHtml | undefined;

  if (code === 'validation_failed') {
    const labelOf = (path: string) => context.fieldLabels[path];
    const count = errors.length === 1 ? 'One thing needs' : `${errors.length} things need`;
    // Problems with fields the patient knows are counted; a body that could not be read says so.
    const aboutFields = errors.some((e) => labelOf(e.path) !== undefined);
    const shown = new Set(Object.keys(context.fieldLabels).filter((name) => !CARRIED.has(name)));
    // Each problem links to its field where the field is on the page.
    forms = refilledForm(context, errors, 'Send again');
    const items = errors.map((e) => {
      const label = labelOf(e.path);
      if (label === undefined) return html`<li>${e.message}</li>`;
      return shown.has(e.path) && forms
        ? html`<li><a href="#${fieldId(e.path)}">${label}: ${e.message}</a></li>`
        : html`<li>${label}: ${e.message}</li>`;
    });
    parts.push(
      html`<div class="alert" role="alert"><p>${aboutFields ? `${count} fixing before we can go on.` : (problem.detail ?? '')}</p>${
        items.length > 0 ? html`\n<ul>\n${joinHtml(items, NL)}\n</ul>` : null
      }</div>`,
    );
    parts.push(forms);
  } else if (code === 'rate_limited') {
    const wait = humanWait(context.retryAfterSeconds ?? 3600);
    parts.push(
      html`<p role="alert">We have had several requests from your connection in a short time, so this one was not sent. Please try again in ${wait}.</p>`,
      callUs(clinic, 'If it cannot wait, please call us at'),
      keptMessage(context),
    );
    forms = refilledForm(context, [], 'Try again');
    if (forms) parts.push(html`<p>You can send it again from here later:</p>`, forms);
  } else if (code === 'slot_unavailable') {
    parts.push(html`<p role="alert">${LEADS.slot_unavailable}</p>`);
    forms = alternativeButtons(context, (problem.alternatives as Slot[] | undefined) ?? []);
    parts.push(forms ?? html`<p>There are no other free times close to it.</p>`);
  } else if (code === 'captcha_failed') {
    parts.push(html`<p role="alert">${LEADS.captcha_failed}</p>`);
  } else {
    parts.push(html`<p role="alert">${LEADS[code] ?? problem.detail ?? ''}</p>`);
  }
  parts.push(context.moreHtml);
  // The rate-limit page names the phone in its first lines already.
  if (code !== 'rate_limited') parts.push(callUs(clinic, 'Or call us at'));
  parts.push(wayOn(context, code));
  const body = joinHtml(
    parts.filter((part): part is SafeHtml => part !== undefined),
    NL,
  );
  return { body: htmlPage(heading, body, clinic), hasForms: forms !== undefined };
}

/** The page of a manage, confirm or short link that matches no booking. */
export function notFoundPage(config: Pick<ClinicConfig, 'clinic'>): string {
  const { clinic } = config;
  const heading = 'Appointment not found';
  const body = joinHtml(
    [
      html`<h1>${heading}</h1>`,
      html`<p role="alert">This link does not match an appointment. It may be old or cut short: please use the latest link from your confirmation email.</p>`,
      callUs(clinic, 'To check or change your appointment, call us at'),
      clinic.website
        ? html`<p><a href="${clinic.website}">Back to the ${clinic.name} website</a></p>`
        : undefined,
    ].filter((part): part is SafeHtml => part !== undefined),
    NL,
  );
  return htmlPage(heading, body, clinic);
}
