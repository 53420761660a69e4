// @ts-check
// <clinic-booking api="https://api.example.com">: the clinic front door's booking widget.
// A framework-free custom element with no dependencies (docs/web-kit.md). It books through the
// public API (type → day → time → clinician → details → booked) and, given `booking-id` and
// `token`, manages a booking (move it to any day, or cancel it). Shadow DOM keeps the site's CSS
// out and the widget's in; it is themed through CSS custom properties, which cross the boundary.
// Whatever the page put inside the element (a plain <form>) shows until the element upgrades.

const LOCALE = 'en-US';
const STEPS = ['type', 'day', 'time', 'provider', 'details'];
const STEP_TITLES = {
  type: 'Choose a type of visit',
  day: 'Choose a day',
  time: 'Choose a time',
  provider: 'Choose a clinician',
  details: 'Your details',
  done: 'Your appointment is booked',
  manage: 'Your appointment',
  move: 'Choose a new day',
  movetime: 'Choose a new time',
  moveconfirm: 'Move your appointment',
  moved: 'Your appointment is moved',
  cancel: 'Cancel your appointment',
  cancelled: 'Your appointment is cancelled',
  error: 'Booking is not available right now',
  notfound: 'Appointment not found',
};
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FIELDS = [
  { name: 'name', label: 'Name', type: 'text', max: 100, auto: 'name', required: true },
  {
    name: 'email',
    label: 'Email',
    hint: 'the confirmation goes here',
    type: 'email',
    max: 254,
    auto: 'email',
    required: true,
  },
  { name: 'phone', label: 'Phone', type: 'tel', max: 40, auto: 'tel', required: true },
  { name: 'reason', label: 'Reason for the visit', hint: 'optional', type: 'textarea', max: 500 },
];

const CSS = `
:host { display: block; font: var(--clinic-font, inherit); color: var(--clinic-text, #1a1a1a);
  --a: var(--clinic-accent, #0b57d0); --at: var(--clinic-accent-text, #fff); --bg: var(--clinic-bg, #fff);
  --sf: var(--clinic-surface, #eef2f9); --bd: var(--clinic-border, #6b6b6b); --mu: var(--clinic-muted, #4a4a4a);
  --er: var(--clinic-error, #b3261e); --r: var(--clinic-radius, 6px); }
:host([hidden]) { display: none; }
.w { box-sizing: border-box; background: var(--bg); min-height: var(--clinic-min-height, 36rem); max-width: 40rem; }
*, *::before, *::after { box-sizing: inherit; }
h2 { font-size: 1.25rem; margin: 0 0 .25rem; }
h2:focus { outline: none; }
h2:focus-visible, :focus-visible { outline: 3px solid var(--clinic-focus, var(--a)); outline-offset: 2px; }
.step { margin: 0 0 1rem; color: var(--mu); font-size: .9rem; }
button { font: inherit; cursor: pointer; border-radius: var(--r); min-height: 44px; padding: .5rem 1rem;
  border: 1px solid var(--a); background: var(--bg); color: var(--a); }
button.p { background: var(--a); color: var(--at); font-weight: 600; }
button[disabled] { cursor: default; opacity: .55; }
button[aria-pressed="true"] { background: var(--a); color: var(--at); }
.list { display: grid; gap: .5rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.list button { width: 100%; text-align: left; }
.list small { display: block; font-size: .85rem; }
.times { display: grid; grid-template-columns: repeat(auto-fill, minmax(7.5rem, 1fr)); gap: .5rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.times button { width: 100%; }
.times small, .alt small { display: block; font-size: .8rem; }
/* The month's buttons sit either side of its caption (the table's own name). */
.nav { display: flex; justify-content: space-between; position: relative; z-index: 1; margin-bottom: -44px; pointer-events: none; }
.nav button { pointer-events: auto; }
.nav button { min-width: 44px; padding: .5rem .75rem; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: .5rem; }
caption { font-weight: 600; line-height: 44px; padding-bottom: .25rem; }
th { font-size: .8rem; font-weight: 600; color: var(--mu); padding: .25rem 0; }
td { text-align: center; padding: 2px; height: 48px; }
td button { width: 100%; min-height: 44px; padding: 0; font-weight: 700; background: var(--sf); border-color: var(--a); }
td span { color: var(--mu); }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.status { min-height: 1.5em; margin: .25rem 0 1rem; }
.alert { border-left: 4px solid var(--er); padding: .5rem .75rem; margin: 0 0 1rem; background: var(--sf); }
label { display: block; font-weight: 600; margin-top: 1rem; }
label small { font-weight: normal; color: var(--mu); }
input:not([type=checkbox]), textarea { display: block; width: 100%; margin-top: .25rem; padding: .6rem; font: inherit;
  color: inherit; background: var(--bg); border: 1px solid var(--bd); border-radius: var(--r); min-height: 44px; }
textarea { min-height: 6rem; }
.check { display: flex; gap: .6rem; align-items: flex-start; font-weight: normal; }
.check input { width: 1.3rem; height: 1.3rem; margin: .1rem 0 0; flex: none; }
[aria-invalid="true"] { border-color: var(--er); border-width: 2px; }
.err { color: var(--er); margin: .25rem 0 0; font-weight: 600; }
.err:empty { display: none; }
.fine { margin: .25rem 0 0 1.9rem; font-size: .85rem; color: var(--mu); }
.row { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1.25rem; }
.captcha { margin-top: 1rem; min-height: 65px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1rem; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
a { color: var(--a); }
a.b { display: inline-flex; align-items: center; min-height: 44px; padding: .5rem 1rem; border: 1px solid var(--a); border-radius: var(--r); text-decoration: none; }
`;

/** @param {unknown} value */
const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** @param {number} n */
const pad = (n) => String(n).padStart(2, '0');

/** @type {Promise<any> | undefined} */
let turnstileLoading;

/** The page's `window.turnstile`, once Cloudflare's script has run. @returns {any} */
const turnstileApi = () => /** @type {any} */ (globalThis).turnstile;

/** Cloudflare's Turnstile script, loaded once per page (unless the page loaded it already). */
function loadTurnstile() {
  if (turnstileApi()) return Promise.resolve(turnstileApi());
  turnstileLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    // Explicit rendering: the widget says where, once its form is drawn.
    script.src = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';
    script.async = true;
    script.onload = () => (turnstileApi() ? resolve(turnstileApi()) : reject(new Error('no turnstile')));
    script.onerror = () => {
      turnstileLoading = undefined;
      reject(new Error('Turnstile did not load'));
    };
    document.head.append(script);
  });
  return turnstileLoading;
}

/** 'YYYY-MM' of a month shifted by `by` months. @param {string} month @param {number} by */
function shiftMonth(month, by) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(/** @type {number} */ (y), /** @type {number} */ (m) - 1 + by, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** @param {string} month */
function monthDays(month) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(/** @type {number} */ (y), /** @type {number} */ (m), 0)).getUTCDate();
}

/** A local date as UTC midnight, for formatting it without a zone. @param {string} date */
const dateAt = (date) => new Date(`${date}T12:00:00Z`);

/** @param {string} date @param {Intl.DateTimeFormatOptions} options */
const fmtDate = (date, options = { weekday: 'long', month: 'long', day: 'numeric' }) =>
  new Intl.DateTimeFormat(LOCALE, { ...options, timeZone: 'UTC' }).format(dateAt(date));

/** @param {string} instant @param {string | undefined} zone */
const fmtTime = (instant, zone) =>
  new Intl.DateTimeFormat(LOCALE, { hour: 'numeric', minute: '2-digit', timeZone: zone }).format(
    new Date(instant),
  );

/**
 * The clinic's wall-clock time of an instant the API wrote with the clinic's offset: it is in the
 * text itself, so no time zone database is needed. @param {string} instant
 */
const clinicTime = (instant) => fmtTime(`2000-01-01T${instant.slice(11, 16)}:00Z`, 'UTC');

/** @param {string} instant @param {string | undefined} zone */
const zoneName = (instant, zone) =>
  new Intl.DateTimeFormat(LOCALE, { timeZoneName: 'short', timeZone: zone })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName')?.value ?? '';

/** Today in a zone, YYYY-MM-DD. @param {string | undefined} zone */
const todayIn = (zone) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());

const newKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/**
 * @typedef {{ start: string, end: string, providers: string[] }} Slot
 * @typedef {{ status: number, body: any }} Answer
 */

class ClinicBooking extends HTMLElement {
  static get observedAttributes() {
    return ['api', 'booking-id', 'token', 'turnstile-sitekey', 'turnstile-action'];
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    // The frame stays put: the live region must exist before what it announces, and the heading
    // keeps its place, so only the step's own part is redrawn.
    this.root.innerHTML = `<style>${CSS}</style><div class="w" part="widget"><h2 tabindex="-1"></h2><p class="step"></p><div class="a"></div><div class="b"></div><p class="status" role="status" aria-live="polite"></p></div>`;
    const $ = (/** @type {string} */ q) => /** @type {HTMLElement} */ (this.root.querySelector(q));
    this.el = { h: $('h2'), step: $('.step'), alert: $('.a'), body: $('.b'), status: $('.status') };
    this.root.addEventListener('keydown', (e) => this.onKey(/** @type {KeyboardEvent} */ (e)));
    /** @type {Record<string, any>} */
    this.s = this.initialState();
    this.visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    /** @type {Map<string, Promise<Answer>>} */
    this.cache = new Map();
    this.root.addEventListener('click', (e) => this.onClick(e));
    this.root.addEventListener('input', (e) => this.onInput(e));
    this.root.addEventListener('change', (e) => this.onInput(e));
    this.root.addEventListener('submit', (e) => this.onSubmit(e));
  }

  initialState() {
    return {
      step: 'loading',
      types: [],
      providers: [],
      fields: { name: '', email: '', phone: '', reason: '', smsConsent: false, consent: false },
      errors: {},
      alert: '',
      status: '',
      alternatives: [],
      month: todayIn(undefined).slice(0, 7),
      slotsByDay: new Map(),
      busy: false,
    };
  }

  get api() {
    return (this.getAttribute('api') ?? '').replace(/\/+$/, '');
  }

  connectedCallback() {
    if (!this.started) this.start();
  }

  attributeChangedCallback() {
    if (this.started) this.start();
  }

  start() {
    this.started = true;
    // A new site key or action (or none) gets a Turnstile widget of its own, drawn with the form.
    if (this.ts) {
      if (this.ts.id !== undefined) turnstileApi()?.remove(this.ts.id);
      this.ts.box.remove();
      this.ts = undefined;
    }
    this.s = this.initialState();
    this.render();
    const id = this.getAttribute('booking-id');
    const token = this.getAttribute('token');
    if (id && token) this.loadBooking(id, token);
    else this.loadTypes();
  }

  /** @param {string} path @param {RequestInit & { key?: string }} [init] @returns {Promise<Answer>} */
  async call(path, init = {}) {
    // A change (with its Idempotency-Key) that got no clear answer — the network dropped, the
    // server failed, or the first try is still running — is safe to send again with the same key:
    // the API does it once and replays its answer. Twice more, a little later each time.
    for (let attempt = 0; init.key && attempt < 2; attempt++) {
      const answer = await this.once(path, init);
      if (answer.status !== 0 && answer.status < 500 && answer.body?.code !== 'request_in_progress')
        return answer;
      this.say('Still trying…');
      await new Promise((resolve) => setTimeout(resolve, 1500 * (attempt + 1)));
    }
    return this.once(path, init);
  }

  /** @param {string} path @param {RequestInit & { key?: string }} init @returns {Promise<Answer>} */
  async once(path, init) {
    /** @type {Record<string, string>} */
    const headers = { accept: 'application/json', .../** @type {any} */ (init.headers ?? {}) };
    if (init.body) headers['content-type'] = 'application/json';
    if (init.key) headers['idempotency-key'] = init.key;
    try {
      const response = await fetch(`${this.api}${path}`, { ...init, headers });
      const text = await response.text();
      let body = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = {};
      }
      return { status: response.status, body };
    } catch {
      return {
        status: 0,
        body: { detail: 'We could not reach the clinic. Check your connection and try again.' },
      };
    }
  }

  /** A GET answered once per widget (types, providers, a month). @param {string} path */
  get(path) {
    let answer = this.cache.get(path);
    if (!answer) {
      answer = this.call(path);
      this.cache.set(path, answer);
      answer.then((a) => a.status === 200 || this.cache.delete(path));
    }
    return answer;
  }

  /** @param {string} name @param {Record<string, unknown>} detail */
  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(`clinic-booking:${name}`, { detail, bubbles: true, composed: true }));
  }

  /** @param {Record<string, any>} changes @param {string | null} [focus] what to focus after: a selector, or null for the heading */
  set(changes, focus) {
    const stepChanged = changes.step !== undefined && changes.step !== this.s.step;
    // A new step's status is its own: the last step's would be read out of place.
    Object.assign(this.s, stepChanged ? { status: '' } : {}, changes);
    this.render();
    if (stepChanged) this.emit('step', { step: this.s.step });
    if (focus !== undefined) this.focusOn(focus);
  }

  /** @param {string | null} selector */
  focusOn(selector) {
    const target = /** @type {HTMLElement | null} */ (this.root.querySelector(selector ?? 'h2'));
    target?.focus();
  }

  /** @param {Answer} answer */
  fail(answer) {
    this.set({ step: 'error', alert: answer.body?.detail ?? 'Please try again later.' }, null);
  }

  async loadTypes() {
    const [types, providers] = await Promise.all([
      this.get('/v1/appointment-types'),
      this.get('/v1/providers'),
    ]);
    if (types.status !== 200) return this.fail(types);
    const list = types.body.types ?? [];
    const changes = { types: list, providers: providers.status === 200 ? providers.body.providers : [] };
    // With one type there is nothing to choose: straight to its days.
    if (list.length === 1) {
      Object.assign(this.s, changes);
      return this.chooseType(list[0].id, false);
    }
    this.set({ ...changes, step: 'type', status: '' });
  }

  /** @param {string} id @param {string} token */
  async loadBooking(id, token) {
    const [booking, types] = await Promise.all([
      this.call(`/v1/bookings/${encodeURIComponent(id)}`, { headers: { 'x-booking-token': token } }),
      this.get('/v1/appointment-types'),
    ]);
    if (booking.status !== 200) {
      return this.set(
        {
          step: 'notfound',
          alert:
            'We could not find this appointment. The link may be incomplete: please use the one in your email, or call the clinic.',
        },
        null,
      );
    }
    const b = booking.body;
    this.set({
      step: b.status === 'cancelled' ? 'cancelled' : 'manage',
      types: types.body?.types ?? [],
      booking: b,
      manage: { id, token },
      type: b.type,
      month: b.start.slice(0, 7),
    });
  }

  /** @param {string} typeId @param {boolean} [focus] */
  chooseType(typeId, focus = true) {
    this.s.type = typeId;
    this.s.day = undefined;
    this.s.slot = undefined;
    this.loadMonth(this.s.month, focus ? null : undefined, 'day');
  }

  typeName(id = this.s.type) {
    return this.s.types.find((/** @type {any} */ t) => t.id === id)?.name ?? id;
  }

  providerName(id) {
    return this.s.providers.find((/** @type {any} */ p) => p.id === id)?.name ?? id;
  }

  /** @param {string} month @param {string | null | undefined} focus @param {string} [step] */
  async loadMonth(month, focus, step = this.s.step) {
    const from = `${month}-01`;
    const to = `${month}-${pad(monthDays(month))}`;
    this.set({ step, month, loading: true, status: 'Loading free times…', day: undefined, alert: '' }, focus);
    const query = new URLSearchParams({ type: this.s.type, from, to });
    const answer = await this.get(`/v1/availability?${query}`);
    if (this.s.month !== month) return; // the patient moved on meanwhile
    if (answer.status !== 200) return this.fail(answer);
    /** @type {Map<string, Slot[]>} */
    const byDay = new Map();
    for (const slot of /** @type {Slot[]} */ (answer.body.slots)) {
      const day = slot.start.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), slot]);
    }
    const zone = answer.body.timeZone;
    const days = byDay.size;
    const next = answer.body.nextAvailable;
    const monthName = fmtDate(from, { month: 'long', year: 'numeric' });
    const status = days
      ? `${days} ${days === 1 ? 'day has' : 'days have'} free times in ${monthName}.`
      : next
        ? `No free times in ${monthName}. The next free time is ${fmtDate(next.start.slice(0, 10))} at ${clinicTime(next.start)}.`
        : `No free times in ${monthName}.`;
    this.set({ loading: false, slotsByDay: byDay, zone, next, status, noLater: !days && !next });
    // Redrawn, the month lost what had focus: give it back.
    if (focus !== undefined && !this.root.activeElement) this.focusOn(focus);
  }

  /** @param {Event} event */
  onInput(event) {
    const el = /** @type {HTMLInputElement} */ (event.target);
    if (!el.name || !(el.name in this.s.fields)) return;
    this.s.fields[el.name] = el.type === 'checkbox' ? el.checked : el.value;
  }

  /** @param {Event} event */
  onClick(event) {
    const button = /** @type {HTMLElement | null} */ (
      /** @type {HTMLElement} */ (event.target).closest('[data-do]')
    );
    if (!button || button.hasAttribute('disabled') || button.getAttribute('aria-disabled') === 'true') return;
    const { do: action = '', v = '' } = button.dataset;
    const s = this.s;
    const moving = s.manage !== undefined;
    switch (action) {
      case 'type':
        return this.chooseType(v);
      case 'month':
        return this.loadMonth(shiftMonth(s.month, Number(v)), `[data-do=month][data-v="${v}"]`);
      case 'next': {
        const day = s.next.start.slice(0, 10);
        return this.loadMonth(day.slice(0, 7), undefined).then(() => this.chooseDay(day));
      }
      case 'day':
        return this.chooseDay(v);
      case 'time':
        s.slot = s.slotsByDay.get(s.day)?.find((/** @type {Slot} */ slot) => slot.start === v);
        return this.set({ step: moving ? 'moveconfirm' : 'provider', alert: '' }, null);
      case 'provider':
        return this.set({ providerId: v || undefined, step: 'details', alert: '' }, null);
      case 'back':
        return this.back();
      case 'alt': {
        // The clinician asked for may not be the one free at the other time: then whoever is.
        const alt = s.alternatives.find((/** @type {Slot} */ a) => a.start === v);
        if (s.providerId && alt && !alt.providers.includes(s.providerId)) s.providerId = undefined;
        return moving ? this.reschedule(v) : this.book(v);
      }
      case 'move':
        return this.loadMonth(s.month, null, 'move');
      case 'cancel':
        return this.set({ step: 'cancel', alert: '' }, null);
      case 'keep':
        return this.set({ step: 'manage', alert: '' }, null);
      case 'confirm-move':
        return this.reschedule(s.slot.start);
      case 'restart':
        // Without the manage attributes the element starts over as a booking form.
        if (!this.hasAttribute('booking-id') && !this.hasAttribute('token')) return this.start();
        this.removeAttribute('booking-id');
        return this.removeAttribute('token');
    }
  }

  /** @param {string} day */
  chooseDay(day) {
    if (!this.s.slotsByDay.has(day)) return;
    this.set({ day, step: this.s.manage ? 'movetime' : 'time', alert: '' }, null);
  }

  back() {
    const order = this.s.manage ? ['manage', 'move', 'movetime', 'moveconfirm'] : STEPS;
    const at = order.indexOf(this.s.step);
    const step = this.s.step === 'cancel' ? 'manage' : order[Math.max(0, at - 1)];
    if (step === 'type' && this.s.types.length < 2) return;
    this.set({ step, alert: '', alternatives: [] }, null);
  }

  /** @param {Event} event */
  onSubmit(event) {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.target);
    if (form.dataset.form === 'cancel') return this.cancelBooking(form);
    if (this.s.slot) this.book(this.s.slot.start);
  }

  /** The same body gets the same key (a retry); any change, a fresh one. @param {string} body */
  keyFor(body) {
    if (this.lastBody !== body) {
      this.lastBody = body;
      this.lastKey = newKey();
    }
    return /** @type {string} */ (this.lastKey);
  }

  /** @param {string} start */
  async book(start) {
    if (this.s.busy) return;
    const f = this.s.fields;
    const errors = this.checkFields();
    if (Object.keys(errors).length) return this.showErrors(errors);
    this.s.errors = {};
    const token = this.turnstileToken();
    if (token === '') {
      return this.set(
        {
          alert: this.ts?.failed
            ? 'The security check could not load. Check your connection, reload the page, or call us to book.'
            : 'Please wait for the security check above the button to finish, then book again.',
          status: '',
        },
        '.alert',
      );
    }
    const body = JSON.stringify({
      type: this.s.type,
      start,
      ...(this.s.providerId ? { providerId: this.s.providerId } : {}),
      name: f.name,
      email: f.email,
      phone: f.phone,
      ...(f.reason.trim() ? { reason: f.reason } : {}),
      ...(f.smsConsent ? { smsConsent: true } : {}),
      consent: f.consent,
      pageUrl: location.href,
      ...(token ? { 'cf-turnstile-response': token } : {}),
    });
    this.busy('Booking your appointment…');
    const answer = await this.call('/v1/bookings', { method: 'POST', body, key: this.keyFor(body) });
    this.s.busy = false;
    // A token is good for one check: the next attempt needs a fresh one.
    if (token && this.ts?.id !== undefined) turnstileApi()?.reset(this.ts.id);
    if (answer.status === 201 || answer.status === 200) {
      const b = answer.body;
      this.cache.clear();
      this.set({ step: 'done', booking: b, status: '', alternatives: [] }, null);
      const { manageToken: _t, manageUrl: _u, ...detail } = b;
      return this.emit('booked', detail);
    }
    this.problem(answer);
  }

  /** The problems a browser can find before asking. */
  checkFields() {
    const f = this.s.fields;
    /** @type {Record<string, string>} */
    const errors = {};
    if (!f.name.trim()) errors.name = 'Enter your name';
    if (!f.email.trim()) errors.email = 'Enter your email address';
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) errors.email = 'Enter a valid email address';
    if (!f.phone.trim()) errors.phone = 'Enter your phone number';
    if (!f.consent) errors.consent = 'Please agree to the terms to book an appointment';
    return errors;
  }

  /** @param {Record<string, string>} errors */
  showErrors(errors) {
    const names = Object.keys(errors);
    this.set({
      busy: false,
      errors,
      status: `${names.length} ${names.length === 1 ? 'field needs' : 'fields need'} your attention.`,
    });
    this.focusOn(`[name="${names.find((n) => n in this.s.fields) ?? 'name'}"]`);
  }

  /** @param {Answer} answer */
  problem(answer) {
    const p = answer.body ?? {};
    if (p.code === 'validation_failed' && Array.isArray(p.errors)) {
      /** @type {Record<string, string>} */
      const errors = {};
      for (const e of p.errors) if (e.path in this.s.fields) errors[e.path] ??= e.message;
      if (Object.keys(errors).length) return this.showErrors(errors);
      p.detail = p.errors.map((/** @type {any} */ e) => e.message).join('. ');
    }
    if (p.code === 'slot_unavailable') {
      return this.set(
        {
          alternatives: p.alternatives ?? [],
          alert: (p.alternatives ?? []).length
            ? 'Sorry, that time was just taken. These times are still free:'
            : 'Sorry, that time was just taken, and there is no free time near it. Please choose another day.',
          status: '',
          errors: {},
        },
        '.alert',
      );
    }
    this.set(
      { alert: p.detail ?? p.title ?? 'Something went wrong. Please try again.', status: '', errors: {} },
      '.alert',
    );
  }

  /** @param {string} start */
  async reschedule(start) {
    if (this.s.busy) return;
    const { id, token } = this.s.manage;
    const body = JSON.stringify({ token, start });
    this.busy('Moving your appointment…');
    const answer = await this.call(`/v1/bookings/${encodeURIComponent(id)}/reschedule`, {
      method: 'POST',
      body,
      key: this.keyFor(body),
    });
    this.s.busy = false;
    if (answer.status === 200) {
      this.cache.clear();
      this.set({ step: 'moved', booking: answer.body, status: '', alternatives: [] }, null);
      return this.emit('rescheduled', { id, start: answer.body.start, end: answer.body.end });
    }
    this.problem(answer);
  }

  /** @param {HTMLFormElement} form */
  async cancelBooking(form) {
    if (this.s.busy) return;
    const { id, token } = this.s.manage;
    const reason = /** @type {HTMLTextAreaElement} */ (form.elements.namedItem('cancelReason')).value.trim();
    const body = JSON.stringify({ token, ...(reason ? { reason } : {}) });
    this.busy('Cancelling your appointment…');
    const answer = await this.call(`/v1/bookings/${encodeURIComponent(id)}/cancel`, {
      method: 'POST',
      body,
      key: this.keyFor(body),
    });
    this.s.busy = false;
    if (answer.status === 200) {
      this.set({ step: 'cancelled', booking: answer.body, status: '' }, null);
      return this.emit('cancelled', { id });
    }
    this.problem(answer);
  }

  // ---- Rendering ----

  render() {
    const s = this.s;
    const step = s.step;
    const index = STEPS.indexOf(step);
    const title = /** @type {Record<string, string>} */ (STEP_TITLES)[step] ?? 'Book an appointment';
    this.el.h.textContent = title;
    this.el.step.textContent = index >= 0 ? `Step ${index + 1} of ${STEPS.length}` : '\u00a0';
    this.el.alert.innerHTML = s.alert
      ? `<div class="alert" role="alert" tabindex="-1">${esc(s.alert)}${this.alternatives()}</div>`
      : '';
    this.el.body.innerHTML = /** @type {any} */ (this)[`view_${step}`]?.() ?? '';
    if (step === 'details') this.turnstileBox();
    this.say(s.status);
  }

  /**
   * With `turnstile-sitekey`: Cloudflare Turnstile's widget, rendered once into a box in the
   * page's own DOM (its iframe does not work inside a shadow root) and shown in the form through
   * the `turnstile` slot. Undefined without the attribute.
   */
  turnstileBox() {
    const sitekey = this.getAttribute('turnstile-sitekey');
    if (!sitekey) return undefined;
    if (!this.ts?.box.isConnected) {
      const box = document.createElement('div');
      box.slot = 'turnstile';
      this.append(box);
      /** @type {{ box: HTMLElement, id?: string, failed?: boolean }} */
      const ts = { box };
      this.ts = ts;
      const action = this.getAttribute('turnstile-action');
      loadTurnstile().then(
        (turnstile) => {
          ts.id = turnstile.render(box, { sitekey, ...(action ? { action } : {}) });
        },
        () => {
          ts.failed = true;
        },
      );
    }
    return this.ts;
  }

  /** The Turnstile token to send, '' while the check has not passed; undefined without Turnstile. */
  turnstileToken() {
    const ts = this.turnstileBox();
    if (!ts) return undefined;
    return ts.id === undefined ? '' : (turnstileApi()?.getResponse(ts.id) ?? '');
  }

  /** Tells the live region, without redrawing anything. @param {string} text */
  say(text) {
    this.s.status = text;
    if (this.el.status.textContent !== text) this.el.status.textContent = text;
  }

  /** Busy: the step stays as it is (and focus where it is); its main button says so. @param {string} text */
  busy(text) {
    this.s.busy = true;
    this.s.alert = '';
    this.el.alert.innerHTML = '';
    for (const b of this.root.querySelectorAll('button.p')) b.setAttribute('aria-disabled', 'true');
    this.say(text);
  }

  /** Left and right arrows move between the days with free times. @param {KeyboardEvent} event */
  onKey(event) {
    const el = /** @type {HTMLElement} */ (event.target);
    if (el.dataset?.do !== 'day' || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    const days = [...this.root.querySelectorAll('[data-do=day]')];
    const next = /** @type {HTMLElement | undefined} */ (
      days[days.indexOf(el) + (event.key === 'ArrowLeft' ? -1 : 1)]
    );
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }

  alternatives() {
    return this.s.alternatives.length
      ? `<ul class="times alt">${this.s.alternatives
          .map(
            (/** @type {Slot} */ a) =>
              `<li><button type="button" class="p" data-do="alt" data-v="${esc(a.start)}">${esc(this.when(a.start, true))}</button></li>`,
          )
          .join('')}</ul>`
      : '';
  }

  /** "Tuesday, December 1 at 9:00 AM" in the clinic's zone (and the visitor's when it differs). */
  when(instant, short = false) {
    const date = fmtDate(
      this.localDay(instant),
      short ? { weekday: 'short', month: 'short', day: 'numeric' } : undefined,
    );
    return `${date} at ${clinicTime(instant)}`;
  }

  /** The clinic's local date of an instant written with the clinic's offset. @param {string} instant */
  localDay(instant) {
    return instant.slice(0, 10);
  }

  /** "(3:00 PM your time)" when the visitor's zone tells another time. @param {string} instant */
  yours(instant) {
    const theirs = fmtTime(instant, this.visitorZone);
    return theirs === clinicTime(instant) ? '' : `${theirs} your time`;
  }

  backButton() {
    return '<div class="row"><button type="button" data-do="back">Back</button></div>';
  }

  view_loading() {
    return '<p>Loading the times you can book…</p>';
  }

  view_error() {
    return this.s.manage
      ? ''
      : '<div class="row"><button type="button" data-do="restart">Try again</button></div>';
  }

  view_type() {
    return `<ul class="list">${this.s.types
      .map(
        (/** @type {any} */ t) =>
          `<li><button type="button" data-do="type" data-v="${esc(t.id)}"${t.id === this.s.type ? ' aria-pressed="true"' : ''}>${esc(t.name)}<small>${t.durationMinutes} minutes${t.description ? ` · ${esc(t.description)}` : ''}</small></button></li>`,
      )
      .join('')}</ul>`;
  }

  view_day() {
    const s = this.s;
    const first = `${s.month}-01`;
    const thisMonth = todayIn(s.zone).slice(0, 7);
    const lead = dateAt(first).getUTCDay();
    const count = monthDays(s.month);
    const monthName = fmtDate(first, { month: 'long', year: 'numeric' });
    let cells = '';
    for (let i = 0; i < 42; i++) {
      const n = i - lead + 1;
      if (i % 7 === 0) cells += '<tr>';
      if (n < 1 || n > count) cells += '<td></td>';
      else {
        const date = `${s.month}-${pad(n)}`;
        const slots = s.slotsByDay.get(date);
        const label = `${fmtDate(date)}${slots ? `, ${slots.length} free ${slots.length === 1 ? 'time' : 'times'}` : s.loading ? '' : ', no free times'}`;
        cells += slots
          ? `<td><button type="button" data-do="day" data-v="${date}" aria-label="${esc(label)}"${date === s.day ? ' aria-pressed="true"' : ''}>${n}</button></td>`
          : `<td><span aria-hidden="true">${n}</span><span class="sr">${esc(label)}</span></td>`;
      }
      if (i % 7 === 6) cells += '</tr>';
    }
    const next = s.next
      ? `<p><button type="button" data-do="next">Go to the next free time: ${esc(this.when(s.next.start, true))}</button></p>`
      : '';
    const moving = s.manage
      ? `<p>Now booked: ${esc(this.when(s.booking.start))}.</p>`
      : `<p>${esc(this.typeName())}</p>`;
    return `${moving}<div class="nav"><button type="button" data-do="month" data-v="-1" aria-label="Previous month"${s.month <= thisMonth ? ' disabled' : ''}>‹</button>
<button type="button" data-do="month" data-v="1" aria-label="Next month"${s.noLater ? ' disabled' : ''}>›</button></div>
<table aria-busy="${s.loading ? 'true' : 'false'}"><caption>${esc(monthName)}<span class="sr">: days with free times are buttons</span></caption>
<thead><tr>${WEEKDAYS.map((d, i) => `<th scope="col" abbr="${WEEKDAY_NAMES[i]}">${d}</th>`).join('')}</tr></thead>
<tbody>${cells}</tbody></table>${s.loading ? '' : next}${s.manage ? this.backButton() : s.types.length > 1 ? this.backButton() : ''}`;
  }

  view_move() {
    return this.view_day();
  }

  view_time() {
    const s = this.s;
    const slots = s.slotsByDay.get(s.day) ?? [];
    const zone = s.zone;
    const sample = slots[0]?.start ?? `${s.day}T12:00:00Z`;
    return `<p>${esc(fmtDate(s.day))} · times in the clinic's time zone (${esc(zoneName(sample, zone))})</p>
<ul class="times">${slots
      .map((/** @type {Slot} */ slot) => {
        const yours = this.yours(slot.start);
        return `<li><button type="button" data-do="time" data-v="${esc(slot.start)}">${esc(clinicTime(slot.start))}${yours ? `<small>${esc(yours)}</small>` : ''}</button></li>`;
      })
      .join('')}</ul>${this.backButton()}`;
  }

  view_movetime() {
    return this.view_time();
  }

  view_provider() {
    const s = this.s;
    const ids = s.slot?.providers ?? [];
    const options = [
      `<li><button type="button" data-do="provider" data-v="">First available<small>Whoever is free at this time</small></button></li>`,
      ...ids.map(
        (/** @type {string} */ id) =>
          `<li><button type="button" data-do="provider" data-v="${esc(id)}">${esc(this.providerName(id))}</button></li>`,
      ),
    ];
    return `<p>${esc(this.when(s.slot.start))}</p><ul class="list">${options.join('')}</ul>${this.backButton()}`;
  }

  view_details() {
    const s = this.s;
    const f = s.fields;
    /** @param {string} name */
    const described = (name, extra = '') => {
      const ids = [extra, s.errors[name] ? `e-${name}` : ''].filter(Boolean).join(' ');
      return `${ids ? ` aria-describedby="${ids}"` : ''}${s.errors[name] ? ' aria-invalid="true"' : ''}`;
    };
    const inputs = FIELDS.map((d) => {
      const attrs = `id="f-${d.name}" name="${d.name}" maxlength="${d.max}"${d.auto ? ` autocomplete="${d.auto}"` : ''}${d.required ? ' required' : ''}${described(d.name)}`;
      const control =
        d.type === 'textarea'
          ? `<textarea ${attrs}>${esc(f[d.name])}</textarea>`
          : `<input type="${d.type}" ${attrs} value="${esc(f[d.name])}">`;
      return `<label for="f-${d.name}">${esc(d.label)}${d.hint ? ` <small>(${d.hint})</small>` : ''}</label>${control}<p class="err" id="e-${d.name}">${esc(s.errors[d.name])}</p>`;
    }).join('');
    const who = s.providerId ? this.providerName(s.providerId) : 'first available clinician';
    return `<p>${esc(this.typeName())}, ${esc(this.when(s.slot.start))}, with ${esc(who)}</p>
<form novalidate>${inputs}
<label class="check"><input type="checkbox" name="smsConsent"${f.smsConsent ? ' checked' : ''} aria-describedby="sms-note"><span>Text me appointment reminders <small>(optional)</small></span></label>
<p class="fine" id="sms-note">Sent to the phone number above. Message and data rates may apply. Reply STOP to opt out.</p>
<label class="check"><input type="checkbox" name="consent" required${f.consent ? ' checked' : ''}${described('consent')}><span>I agree to the booking terms, and you may contact me about this appointment.</span></label>
<p class="err" id="e-consent">${esc(s.errors.consent)}</p>${this.hasAttribute('turnstile-sitekey') ? '<div class="captcha"><slot name="turnstile"></slot></div>' : ''}
<div class="row"><button type="submit" class="p"${s.busy ? ' aria-disabled="true"' : ''}>Book this appointment</button><button type="button" data-do="back">Back</button></div></form>`;
  }

  /** The booking's summary, with the calendar link. */
  summary(withLinks = true) {
    const b = this.s.booking;
    const token = this.s.manage?.token ?? b.manageToken;
    const ics = `${this.api}/v1/bookings/${encodeURIComponent(b.id)}/calendar.ics?token=${encodeURIComponent(token)}`;
    const links = withLinks
      ? `<div class="row"><a class="b" href="${esc(ics)}" download="appointment.ics">Add to calendar</a>${b.manageUrl ? `<a class="b" href="${esc(b.manageUrl)}">Change or cancel</a>` : ''}</div>`
      : '';
    return `<dl><dt>Visit</dt><dd>${esc(this.typeName(b.type))}</dd><dt>When</dt><dd>${esc(this.when(b.start))}</dd>
<dt>With</dt><dd>${esc(b.providerName)}</dd></dl>${links}`;
  }

  view_done() {
    return `<p>We have emailed you a confirmation. Keep it: its link lets you change or cancel.</p>${this.summary()}`;
  }

  view_manage() {
    return `${this.summary(false)}<div class="row"><button type="button" class="p" data-do="move">Move to another time</button><button type="button" data-do="cancel">Cancel the appointment</button></div>`;
  }

  view_moveconfirm() {
    const s = this.s;
    return `<dl><dt>From</dt><dd>${esc(this.when(s.booking.start))}</dd><dt>To</dt><dd>${esc(this.when(s.slot.start))}</dd></dl>
<div class="row"><button type="button" class="p" data-do="confirm-move"${s.busy ? ' aria-disabled="true"' : ''}>Move my appointment</button><button type="button" data-do="back">Back</button></div>`;
  }

  view_moved() {
    return `<p>We have emailed you the new time.</p>${this.summary()}`;
  }

  view_cancel() {
    return `${this.summary(false)}<form data-form="cancel" novalidate><label for="f-reason">Reason <small>(optional, for the clinic)</small></label>
<textarea id="f-reason" name="cancelReason" maxlength="500"></textarea>
<div class="row"><button type="submit" class="p"${this.s.busy ? ' aria-disabled="true"' : ''}>Cancel my appointment</button><button type="button" data-do="keep">Keep it</button></div></form>`;
  }

  view_cancelled() {
    return `<p>${esc(this.typeName(this.s.booking.type))}, ${esc(this.when(this.s.booking.start))}, is cancelled. The time is free for others.</p>
<div class="row"><button type="button" data-do="restart">Book a new appointment</button></div>`;
  }
}

if (!customElements.get('clinic-booking')) customElements.define('clinic-booking', ClinicBooking);

export { ClinicBooking };
