// @ts-check
// The contact form's enhancement (docs/web-kit.md): load it on every page of the clinic's site with
// <script type="module" src="/kit/contact-form.js"></script>. Without JavaScript, a
// <form data-clinic-form method="post" action="…/v1/inquiries"> posts as a plain form; with it,
// the form posts with fetch (JSON), shows each problem beside its field, sends an Idempotency-Key,
// cannot be sent twice at once, and carries the visit's attribution: the UTM parameters, gclid,
// fbclid and referrer of the page the visit landed on (kept in sessionStorage for the visit).

const STORE = 'clinic-front-door:landing';
const PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid', 'fbclid'];

/** The landing page's attribution: written on the visit's first page, read on every later one. */
function landing() {
  /** @type {Record<string, string>} */
  let found = {};
  try {
    const kept = sessionStorage.getItem(STORE);
    if (kept) return /** @type {Record<string, string>} */ (JSON.parse(kept));
  } catch {
    return found; // storage refused (privacy mode): attribution is a nicety, never a blocker
  }
  const query = new URLSearchParams(location.search);
  for (const name of PARAMS) {
    const value = query.get(name);
    if (value) found[name] = value.slice(0, 500);
  }
  // A referrer from the clinic's own site is navigation, not where the visit came from.
  if (document.referrer && new URL(document.referrer).origin !== location.origin) {
    found.referrer = document.referrer.slice(0, 500);
  }
  found = { ...found, landingPage: location.href.slice(0, 500) };
  try {
    sessionStorage.setItem(STORE, JSON.stringify(found));
  } catch {
    // as above
  }
  return found;
}

const newKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** @param {HTMLFormElement} form @param {string} name */
const field = (form, name) => {
  const el = form.elements.namedItem(name);
  return el instanceof RadioNodeList
    ? /** @type {HTMLElement | null} */ (el[0] ?? null)
    : /** @type {HTMLElement | null} */ (el);
};

/** @param {HTMLFormElement} form @param {Record<string, string>} attribution */
function enhance(form, attribution) {
  if (form.dataset.clinicEnhanced) return;
  form.dataset.clinicEnhanced = 'true';
  form.noValidate = true; // the API's messages, beside the fields, replace the browser's bubbles
  const status = document.createElement('p');
  status.className = 'clinic-form-status';
  status.setAttribute('role', 'status');
  form.prepend(status);
  const alert = document.createElement('div');
  alert.className = 'clinic-form-alert';
  alert.setAttribute('role', 'alert');
  alert.tabIndex = -1;
  alert.hidden = true;
  form.prepend(alert);
  let busy = false;
  let lastBody = '';
  let key = '';

  const clear = () => {
    for (const p of form.querySelectorAll('.clinic-form-error')) {
      const input = form.querySelector(`[aria-describedby~="${p.id}"]`);
      if (input) {
        const rest = (input.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .filter((id) => id && id !== p.id);
        if (rest.length) input.setAttribute('aria-describedby', rest.join(' '));
        else input.removeAttribute('aria-describedby');
        input.removeAttribute('aria-invalid');
      }
      p.remove();
    }
    alert.hidden = true;
    alert.textContent = '';
  };

  /** @param {string} text */
  const showAlert = (text) => {
    alert.textContent = text;
    alert.hidden = false;
    alert.focus();
  };

  /** @param {{ path: string, message: string }[]} errors */
  const showErrors = (errors) => {
    /** @type {HTMLElement | null} */
    let first = null;
    const elsewhere = [];
    for (const { path, message } of errors) {
      const input = field(form, path);
      if (
        !input ||
        input.getAttribute('type') === 'hidden' ||
        form.querySelector(`#${CSS.escape(`clinic-${path}-error`)}`)
      ) {
        elsewhere.push(message);
        continue;
      }
      const p = document.createElement('p');
      p.id = `clinic-${path}-error`;
      p.className = 'clinic-form-error';
      p.textContent = message;
      // After the control, or after its label when the label wraps it (a checkbox).
      const anchor = input.closest('label') ?? input;
      anchor.after(p);
      input.setAttribute('aria-invalid', 'true');
      const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      input.setAttribute('aria-describedby', [...ids, p.id].join(' '));
      first ??= input;
    }
    const count = errors.length;
    const summary = `Please check ${count === 1 ? 'one field' : `${count} fields`}.`;
    if (elsewhere.length || !first) showAlert([summary, ...elsewhere].join(' '));
    else {
      status.textContent = summary;
      first.focus();
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(form);
    /** @type {Record<string, string>} */
    const body = {};
    for (const [name, value] of data) if (typeof value === 'string') body[name] = value;
    for (const [name, value] of Object.entries(attribution)) {
      if (name !== 'landingPage' && !(name in body)) body[name] = value;
    }
    body.pageUrl ??= location.href.slice(0, 500);
    const text = JSON.stringify(body);
    // One key per attempt: the same body sent again (a retry after a lost answer) keeps it.
    if (text !== lastBody) {
      lastBody = text;
      key = newKey();
    }
    busy = true;
    const buttons = [...form.querySelectorAll('button, input[type=submit]')];
    for (const b of buttons) b.setAttribute('aria-disabled', 'true');
    clear();
    status.textContent = 'Sending…';
    form.setAttribute('aria-busy', 'true');
    let answer = { status: 0, body: /** @type {any} */ ({}) };
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key },
        body: text,
      });
      answer = { status: response.status, body: await response.json().catch(() => ({})) };
    } catch {
      answer.body = { detail: 'Your message could not be sent: check your connection and try again.' };
    }
    busy = false;
    for (const b of buttons) b.removeAttribute('aria-disabled');
    form.removeAttribute('aria-busy');
    status.textContent = '';
    // A Turnstile token is good for one check: a second attempt needs a fresh one.
    /** @type {any} */ (globalThis).turnstile?.reset?.();
    if (answer.status === 201 || answer.status === 200) {
      form.dispatchEvent(
        new CustomEvent('clinic-form:sent', { bubbles: true, detail: { id: answer.body.id } }),
      );
      const next = body._next || form.dataset.clinicThanks;
      if (next) return location.assign(next);
      const done = document.createElement('div');
      done.className = 'clinic-form-success';
      done.setAttribute('role', 'status');
      done.tabIndex = -1;
      done.textContent =
        form.dataset.clinicSuccess ?? 'Thank you: your message is sent. We will get back to you soon.';
      form.replaceWith(done);
      done.focus();
      return;
    }
    const errors = answer.body?.errors;
    if (answer.body?.code === 'validation_failed' && Array.isArray(errors) && errors.length) {
      form.dispatchEvent(new CustomEvent('clinic-form:invalid', { bubbles: true, detail: { errors } }));
      return showErrors(errors);
    }
    showAlert(answer.body?.detail ?? 'Your message could not be sent. Please try again, or call us.');
  });
}

function start() {
  const attribution = landing();
  for (const form of document.querySelectorAll('form[data-clinic-form]')) {
    enhance(/** @type {HTMLFormElement} */ (form), attribution);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();

export { landing };
