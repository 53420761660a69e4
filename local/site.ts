// The demo clinic site `npm run dev` serves (SITE_PORT, default 8080): a clinic's website as a
// web developer with an afternoon would build it — home, contact, book, manage and thank-you
// pages — using the kit exactly as a clinic would (web/kit/ served at /kit/), each page working
// with JavaScript off too. Its pages get the API's address from the stack that serves them; the
// stack points the dev config's site URLs at it and allows its origins (docs/local-stack.md).
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { accessibleAccent } from '../shared/adapters/http/html.ts';
import type { ClinicConfig } from '../shared/core/config/schema.ts';
import { displayPhone } from '../shared/core/inquiries/format.ts';
import { html, joinHtml, type SafeHtml, trustedHtml } from '../shared/core/messages/html.ts';
import { EXAMPLE_PAGES, type ExamplePage, examplePage } from './examples.ts';

export const DEFAULT_SITE_PORT = 8080;
export const SITE_PORT_NAME = 'SITE_PORT, the demo clinic site';
/** The origin config/dev.json writes the demo site's URLs with; the stack puts the real port in. */
export const DEFAULT_SITE_ORIGIN = `http://localhost:${DEFAULT_SITE_PORT}`;

/** The site's pages, by path (what `npm run screenshots` and the tests visit). */
export const SITE_PAGES = {
  '/': 'Home',
  '/contact': 'Contact us',
  '/book': 'Book an appointment',
  '/manage': 'Your appointment',
  '/thank-you': 'Thank you',
} as const;

const ORIGIN_ON_DEFAULT_PORT = /^http:\/\/(?:localhost|127\.0\.0\.1):8080(?=$|[/?#])/;

/**
 * The config with the demo site in it: every site URL written on the default site origin
 * (`http://localhost:8080`, `http://127.0.0.1:8080`) moved to `siteOrigin`, and the site's own
 * origins (`http://localhost:PORT`, `http://127.0.0.1:PORT`) allowed, whatever the file says.
 */
export function withDemoSite(config: ClinicConfig, siteOrigin: string): ClinicConfig {
  const move = (url: string) => url.replace(ORIGIN_ON_DEFAULT_PORT, siteOrigin);
  const moveOptional = (url: string | undefined) => (url === undefined ? undefined : move(url));
  const port = new URL(siteOrigin).port;
  const own = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const origins = [...new Set([...config.cors.allowedOrigins.map(move), ...own])];
  const website = moveOptional(config.clinic.website);
  const thankYouUrl = moveOptional(config.forms.thankYouUrl);
  const manageBookingUrl = moveOptional(config.scheduling.manageBookingUrl);
  return {
    ...config,
    clinic: { ...config.clinic, ...(website ? { website } : {}) },
    cors: { ...config.cors, allowedOrigins: origins },
    forms: { ...config.forms, ...(thankYouUrl ? { thankYouUrl } : {}) },
    scheduling: { ...config.scheduling, ...(manageBookingUrl ? { manageBookingUrl } : {}) },
  };
}

interface SiteContext {
  readonly config: ClinicConfig;
  readonly apiUrl: string;
}

function phoneLink(clinic: ClinicConfig['clinic']): SafeHtml | null {
  if (!clinic.phone) return null;
  return html`<a href="tel:${clinic.phone}">${displayPhone(clinic.phone, clinic.country)}</a>`;
}

function style(accent: string): string {
  return [
    `:root{--accent:${accent};--ink:#1a1a1a;--muted:#4a4a4a;--line:#6b6b6b}`,
    '*{box-sizing:border-box}body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}',
    'header{background:var(--accent);color:#fff}header .bar{max-width:60rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;justify-content:space-between}',
    'header a{color:#fff;text-decoration:none;display:inline-block;padding:.6rem .25rem;min-height:2.75rem}header .name{font-weight:700;font-size:1.1rem}',
    'nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:0 .75rem}nav a[aria-current="page"]{text-decoration:underline;text-underline-offset:.3em}',
    'main{max-width:40rem;margin:0 auto;padding:1rem 1rem 2rem}h1{font-size:1.6rem;line-height:1.25}',
    'a{color:var(--accent)}:focus-visible{outline:3px solid var(--accent);outline-offset:2px}header :focus-visible{outline-color:#fff}',
    'footer a{display:inline-block;min-height:1.5rem}',
    'footer{border-top:1px solid #d0d0d0;color:var(--muted)}footer .bar{max-width:60rem;margin:0 auto;padding:1rem}footer p{margin:.25rem 0}',
    '.cta{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0}.button{display:inline-block;padding:.75rem 1.25rem;min-height:3rem;border-radius:8px;background:var(--accent);color:#fff;font-weight:600;text-decoration:none;border:2px solid var(--accent)}.button.secondary{background:#fff;color:var(--accent)}',
    'label{display:block;margin-top:1rem;font-weight:600}.hint{font-weight:400;color:var(--muted)}',
    'input,select,textarea{display:block;width:100%;margin-top:.25rem;padding:.6rem;font:inherit;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--ink)}',
    '.check{display:flex;gap:.75rem;align-items:flex-start;font-weight:400;min-height:3rem}.check input{width:1.25rem;height:1.25rem;flex:none;margin:.2rem 0 0;accent-color:var(--accent)}',
    'fieldset{border:1px solid var(--line);border-radius:8px;margin:1rem 0;padding:.5rem 1rem 1rem}legend{font-weight:600;padding:0 .25rem}',
    '.choice{display:flex;gap:.75rem;align-items:center;min-height:3rem;margin:.5rem 0 0;padding:.5rem .75rem;border:1px solid var(--line);border-radius:8px;font-weight:400;cursor:pointer}.choice input{width:1.25rem;height:1.25rem;flex:none;margin:0;accent-color:var(--accent)}',
    '.times{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:0 .5rem}',
    'button{margin-top:1.5rem;padding:.75rem 1.5rem;min-height:3rem;font:inherit;font-weight:600;color:#fff;background:var(--accent);border:0;border-radius:8px;cursor:pointer}',
    '.fine{font-size:.95rem;color:var(--muted);margin:.25rem 0 0 2rem}.notice{border-left:4px solid var(--accent);background:#f3f6fb;padding:.75rem 1rem;border-radius:4px}',
    '.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}',
    'clinic-booking{display:block;min-height:20rem}',
    '@media (min-width:48rem){main{padding-top:2rem}h1{font-size:2rem}}',
  ].join('');
}

function layout(
  context: SiteContext,
  path: keyof typeof SITE_PAGES,
  body: SafeHtml,
  head?: SafeHtml,
): string {
  const { clinic } = context.config;
  const title = path === '/' ? clinic.name : `${SITE_PAGES[path]} – ${clinic.name}`;
  const links = (['/', '/book', '/contact'] as const).map(
    (href) =>
      html`<li><a href="${href}"${href === path ? html` aria-current="page"` : html``}>${href === '/' ? 'Home' : SITE_PAGES[href]}</a></li>`,
  );
  const phone = phoneLink(clinic);
  return String(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trustedHtml(style(accessibleAccent(clinic.brandColor)))}</style>
${head ?? null}
</head>
<body>
<header><div class="bar"><a class="name" href="/">${clinic.name}</a>
<nav aria-label="Main"><ul>${joinHtml(links, html``)}</ul></nav></div></header>
<main>
${body}
</main>
<footer><div class="bar">
<p><strong>${clinic.name}</strong></p>
${phone ? html`<p>Phone: ${phone}</p>` : null}
${clinic.address ? html`<p>${clinic.address}</p>` : null}
<p>A demo site of the local stack: every form here talks to the API at ${context.apiUrl}.</p>
</div></footer>
</body>
</html>
`);
}

function homePage(context: SiteContext): string {
  const { clinic, scheduling } = context.config;
  const types = scheduling.appointmentTypes.map(
    (type) => html`<li>${type.name} <span class="hint">(${type.durationMinutes} minutes)</span></li>`,
  );
  const phone = phoneLink(clinic);
  return layout(
    context,
    '/',
    html`<h1>${clinic.name}</h1>
<p>Care for back and neck pain, sports injuries and recovery. Book online in a minute, day or night.</p>
<div class="cta"><a class="button" href="/book">Book an appointment</a><a class="button secondary" href="/contact">Ask us a question</a></div>
<h2>What you can book online</h2>
<ul>
${joinHtml(types, html`\n`)}
</ul>
<h2>Already booked?</h2>
<p>Use the link in your confirmation email to see, move or cancel your appointment.</p>
${phone ? html`<p>Prefer to talk? Call us at ${phone}.</p>` : null}`,
  );
}

function contactPage(context: SiteContext): string {
  const { forms } = context.config;
  const custom = forms.customFields.map(
    (field) =>
      html`<label for="${field.name}">${field.label}${field.required ? null : html` <span class="hint">(optional)</span>`}</label>
<input id="${field.name}" name="${field.name}" maxlength="${field.maxLength}"${field.required ? html` required` : html``}>`,
  );
  const phone = phoneLink(context.config.clinic);
  return layout(
    context,
    '/contact',
    html`<h1>Contact us</h1>
<p>Send us a message and the front desk will get back to you, usually the same day.${phone ? html` For anything urgent, call ${phone}.` : null}</p>
<form method="post" action="${context.apiUrl}/v1/inquiries" data-clinic-form>
<label for="name">Name</label>
<input id="name" name="name" required maxlength="100" autocomplete="name">
<label for="email">Email</label>
<input id="email" name="email" type="email" required maxlength="254" autocomplete="email">
<label for="phone">Phone <span class="hint">(optional)</span></label>
<input id="phone" name="phone" type="tel" maxlength="40" autocomplete="tel">
<label for="topic">Topic <span class="hint">(optional)</span></label>
<input id="topic" name="topic" maxlength="100">
${joinHtml(custom, html`\n`)}
<label for="message">Message</label>
<textarea id="message" name="message" required maxlength="5000" rows="6"></textarea>
${forms.requireConsent ? html`<label class="check"><input type="checkbox" name="consent" value="yes" required> <span>You may contact me about my message.</span></label>` : null}
<div class="hp" aria-hidden="true"><label for="hp-field">Leave this field empty</label><input id="hp-field" name="${forms.honeypotField}" tabindex="-1" autocomplete="off"></div>
<button type="submit">Send message</button>
</form>
<script type="module" src="/kit/contact-form.js"></script>`,
  );
}

interface AvailabilityAnswer {
  readonly timeZone: string;
  readonly slots: readonly {
    readonly start: string;
    readonly end: string;
    readonly providers: readonly string[];
  }[];
}

const localDate = (instant: Date, timeZone: string) => instant.toLocaleDateString('en-CA', { timeZone });

/** The next few days with free times, from the API (the page's no-JavaScript fallback lists them). */
async function freeDays(
  context: SiteContext,
  typeId: string,
): Promise<[string, AvailabilityAnswer['slots']][]> {
  const { timeZone } = context.config.clinic;
  const now = new Date();
  const from = localDate(now, timeZone);
  const to = localDate(new Date(now.getTime() + 20 * 86_400_000), timeZone);
  const url = `${context.apiUrl}/v1/availability?${new URLSearchParams({ type: typeId, from, to })}`;
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) return [];
  const answer = (await response.json()) as AvailabilityAnswer;
  const days = new Map<string, AvailabilityAnswer['slots'][number][]>();
  for (const slot of answer.slots) {
    const day = localDate(new Date(slot.start), timeZone);
    if (!days.has(day) && days.size >= 3) break;
    const list = days.get(day) ?? [];
    if (list.length < 8) list.push(slot);
    days.set(day, list);
  }
  return [...days];
}

/**
 * The booking page: the widget, and inside it (its light DOM, shown until it takes over or when
 * JavaScript is off) a plain form with the next free times, which posts to POST /v1/bookings.
 */
async function bookPage(context: SiteContext, query: URLSearchParams): Promise<string> {
  const { clinic, scheduling, forms } = context.config;
  const types = scheduling.appointmentTypes;
  const type =
    types.find((t) => t.id === query.get('type')) ?? types.find((t) => t.id === 'follow-up') ?? types[0];
  if (!type) throw new Error('The clinic config has no appointment type');
  const days = await freeDays(context, type.id).catch(() => []);
  const timeZone = clinic.timeZone;
  const dayName = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  });
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' });
  const typeLinks = types.map((t) =>
    t.id === type.id
      ? html`<li><strong>${t.name}</strong> <span class="hint">(${t.durationMinutes} minutes, chosen)</span></li>`
      : html`<li><a href="/book?type=${t.id}">${t.name}</a> <span class="hint">(${t.durationMinutes} minutes)</span></li>`,
  );
  let index = 0;
  const dayLists = days.map(([day, slots]) => {
    const radios = slots.map((slot) => {
      const id = `start-${index++}`;
      return html`<label class="choice" for="${id}"><input type="radio" id="${id}" name="start" value="${slot.start}" required> <span>${time.format(new Date(slot.start))}</span></label>`;
    });
    return html`<fieldset><legend>${dayName.format(new Date(`${day}T12:00:00Z`))}</legend><div class="times">${radios}</div></fieldset>`;
  });
  const phone = phoneLink(clinic);
  const fallback = html`<div class="fallback">
<h2>${type.name}</h2>
<p class="hint">Another kind of appointment:</p>
<ul>${typeLinks}</ul>
<form method="post" action="${context.apiUrl}/v1/bookings">
<input type="hidden" name="type" value="${type.id}">
${dayLists.length > 0 ? html`<p>Times are the clinic's local time.</p>${dayLists}` : html`<p class="notice">No free times could be listed right now.${phone ? html` Please call us at ${phone}.` : null}</p>`}
<label for="name">Name</label>
<input id="name" name="name" required maxlength="100" autocomplete="name">
<label for="email">Email <span class="hint">(the confirmation goes here)</span></label>
<input id="email" name="email" type="email" required maxlength="254" autocomplete="email">
<label for="phone">Phone</label>
<input id="phone" name="phone" type="tel" required maxlength="40" autocomplete="tel">
<label for="reason">Reason for the visit <span class="hint">(optional)</span></label>
<textarea id="reason" name="reason" maxlength="500" rows="3"></textarea>
<label class="check"><input type="checkbox" name="smsConsent" value="yes" aria-describedby="sms-note"> <span>Text me appointment reminders <span class="hint">(optional)</span></span></label>
<p id="sms-note" class="fine">Sent to the phone number above. Message and data rates may apply. Reply STOP to opt out.</p>
<label class="check"><input type="checkbox" name="consent" value="yes" required> <span>I agree to the booking terms, and you may contact me about this appointment.</span></label>
<div class="hp" aria-hidden="true"><label for="hp-field">Leave this field empty</label><input id="hp-field" name="${forms.honeypotField}" tabindex="-1" autocomplete="off"></div>
<button type="submit">Book</button>
</form>
</div>`;
  return layout(
    context,
    '/book',
    html`<h1>Book an appointment</h1>
${phone ? html`<p>Choose a time that suits you, or call us at ${phone} and we will book for you.</p>` : null}
<clinic-booking api="${context.apiUrl}">
${fallback}
</clinic-booking>
<script type="module" src="/kit/clinic-booking.js"></script>`,
  );
}

/**
 * The page behind the manage link (`scheduling.manageBookingUrl` points here): the widget with the
 * booking's id and token; without JavaScript, a link to the API's own manage (or confirm) page.
 */
function managePage(context: SiteContext, query: URLSearchParams): string {
  const id = query.get('id') ?? '';
  const token = query.get('token') ?? '';
  const confirm = query.get('action') === 'confirm';
  const phone = phoneLink(context.config.clinic);
  if (!id || !token) {
    return layout(
      context,
      '/manage',
      html`<h1>Your appointment</h1>
<p>To see, move or cancel your appointment, please open the link in your confirmation email.</p>
${phone ? html`<p>No email? Call us at ${phone}.</p>` : null}
<p><a href="/book">Book an appointment</a></p>`,
    );
  }
  const apiPage = `${context.apiUrl}/v1/bookings/${encodeURIComponent(id)}${confirm ? '/confirm' : ''}?token=${encodeURIComponent(token)}`;
  return layout(
    context,
    '/manage',
    // The widget names each step of its own (its first: "Your appointment"), so the page's heading is the task's.
    html`<h1>Manage your appointment</h1>
<clinic-booking api="${context.apiUrl}" booking-id="${id}" token="${token}"${confirm ? html` action="confirm"` : html``}>
<p>${confirm ? 'Please confirm that you will come:' : 'See your appointment, move it to another day or cancel it:'}</p>
<p><a class="button" href="${apiPage}">${confirm ? 'Confirm my appointment' : 'Open my appointment'}</a></p>
</clinic-booking>
${phone ? html`<p>Questions? Call us at ${phone}.</p>` : null}
<script type="module" src="/kit/clinic-booking.js"></script>`,
  );
}

function thankYouPage(context: SiteContext): string {
  const phone = phoneLink(context.config.clinic);
  return layout(
    context,
    '/thank-you',
    html`<h1>Thank you for your message</h1>
<p role="status">We have received it and will get back to you as soon as we can, usually the same day.</p>
${phone ? html`<p>If it is urgent, please call us at ${phone}.</p>` : null}
<p>If you need emergency medical help, call your local emergency number.</p>
<div class="cta"><a class="button" href="/">Back to the home page</a><a class="button secondary" href="/book">Book an appointment</a></div>`,
  );
}

function notFound(context: SiteContext): string {
  const phone = phoneLink(context.config.clinic);
  return layout(
    context,
    '/',
    html`<h1>Page not found</h1>
<p>There is no page at this address.${phone ? html` Call us at ${phone} if you need help.` : null}</p>
<p><a href="/">Go to the home page</a></p>`,
  );
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** A file of web/kit/, or undefined (no such file yet, or a path outside the folder). */
async function kitFile(kitDir: string, path: string): Promise<{ body: Buffer; type: string } | undefined> {
  const relative = normalize(decodeURIComponent(path.slice('/kit/'.length)));
  const file = resolve(kitDir, relative);
  if (!file.startsWith(kitDir + sep)) return undefined;
  try {
    return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}

/**
 * An example page (examples/*.html) as this site serves it: the local API's address in its form,
 * and its `_next` (the example clinic's own thank-you page) pointed at this site's.
 */
function examplePageHere(context: SiteContext, name: ExamplePage, rootDir: string): string {
  const page = examplePage(name, { config: context.config, apiUrl: context.apiUrl, rootDir });
  const thankYou = context.config.forms.thankYouUrl ?? '/thank-you';
  return page.replace(/(<input type="hidden" name="_next" value=")[^"]*(")/, `$1${thankYou}$2`);
}

export interface DemoSiteOptions {
  /** @default 8080; 0 takes the port the OS hands out */
  readonly port?: number;
  /** The config its pages are written from (the stack's, with the site's own URLs in it). */
  readonly config: () => ClinicConfig;
  /** The API's address, known once the gateway listens. */
  readonly apiUrl: () => string;
  /** @default the repository root; the kit is its web/kit/ */
  readonly rootDir: string;
}

export interface RunningDemoSite {
  /** `http://localhost:PORT`: the origin its pages, and the config's URLs, are on. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startDemoSite(options: DemoSiteOptions): Promise<RunningDemoSite> {
  const kitDir = join(options.rootDir, 'web', 'kit');
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (
      status: number,
      body: string | Buffer,
      type = 'text/html; charset=utf-8',
      extra: Record<string, string> = {},
    ) => {
      response.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // The manage page's address carries the token: it never leaves in a Referer. The others send
        // their full address, as examples/*.html do, so the API's error pages link back to the very
        // page the form was on (a booking page with its type chosen), not just the home page.
        'referrer-policy': url.pathname === '/manage' ? 'no-referrer' : 'no-referrer-when-downgrade',
        ...extra,
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(405, 'Method not allowed', 'text/plain', { allow: 'GET, HEAD' });
    const context: SiteContext = { config: options.config(), apiUrl: options.apiUrl() };
    if (url.pathname.startsWith('/kit/')) {
      const file = await kitFile(kitDir, url.pathname);
      return file ? send(200, file.body, file.type) : send(404, 'Not found', 'text/plain; charset=utf-8');
    }
    const example = EXAMPLE_PAGES.find((name) => url.pathname === `/examples/${name}`);
    if (example) return send(200, examplePageHere(context, example, options.rootDir));
    switch (url.pathname) {
      case '/':
        return send(200, homePage(context));
      case '/contact':
        return send(200, contactPage(context));
      case '/book':
        return send(200, await bookPage(context, url.searchParams));
      case '/manage':
        return send(200, managePage(context, url.searchParams));
      case '/thank-you':
        return send(200, thankYouPage(context));
      default:
        return send(404, notFound(context));
    }
  };
  const server: Server = createServer((request, response) => {
    answer(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('The demo site could not answer');
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_SITE_PORT, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_SITE_PORT);
  return {
    url: `http://localhost:${port}`,
    port,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
