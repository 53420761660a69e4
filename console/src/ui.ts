// The pieces every view shares: the context a view gets, headings that take focus, problem
// notices, status badges, busy buttons.
import {
  type ApiClient,
  ApiProblem,
  type AppointmentType,
  type Me,
  type Page,
  type Provider,
} from './api.ts';
import { h, setFieldError } from './dom.ts';
import { formatDateTime, humanize } from './format.ts';
import type { Route } from './routes.ts';

/** What a view can use: the API, who is signed in, the clinic's zone and the reference lists. */
export interface ViewContext {
  readonly api: ApiClient;
  readonly me: Me;
  readonly isAdmin: boolean;
  readonly timeZone: string;
  readonly locale: string;
  /** The clinic's clinicians (`GET /v1/providers`, or those seen in agendas when it is absent). */
  providers(): Promise<readonly Provider[]>;
  types(): Promise<readonly AppointmentType[]>;
  /** Remembers clinicians seen in answers, for names and the filter when /v1/providers is absent. */
  noteProviders(seen: readonly { providerId: string | null; providerName?: string }[]): void;
  providerName(id: string | null | undefined): string;
  navigate(route: Route, options?: { flash?: string; replace?: boolean }): void;
  /** The clock; views ask it rather than `new Date()` so that a preview can fix it. */
  now(): Date;
}

/** A view's heading: focus moves to it when the view opens, so a screen reader says where one is. */
export function viewHeading(text: string, ...extra: (Node | string)[]): HTMLHeadingElement {
  return h('h1', { tabindex: '-1', class: 'view-title' }, text, ...extra);
}

export function badge(status: string): HTMLSpanElement {
  return h('span', { class: `badge badge-${status.replace(/[^a-z_]/gi, '')}` }, humanize(status));
}

const FORBIDDEN_TEXT =
  'Your account has no access to this. Ask an admin of the clinic to add you to the front desk group.';

/** Words for any failure: the API's problem as it says it, the network's, or a plain fallback. */
export function problemNotice(error: unknown): HTMLElement {
  if (error instanceof ApiProblem) {
    const detail = error.status === 403 ? FORBIDDEN_TEXT : error.detail;
    const list = error.errors.length
      ? h(
          'ul',
          null,
          error.errors.map((e) => h('li', null, e.path ? `${humanize(e.path)}: ${e.message}` : e.message)),
        )
      : null;
    return h(
      'div',
      { class: 'notice notice-error', role: 'alert' },
      h('p', { class: 'notice-title' }, error.status === 403 ? 'No access' : error.title),
      detail ? h('p', null, detail) : null,
      list,
    );
  }
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert' },
    h('p', { class: 'notice-title' }, 'Something went wrong'),
    h('p', null, error instanceof Error && error.message ? error.message : 'Try again in a moment.'),
  );
}

/** Puts a failure next to a form: the notice in `slot`, field errors beside their fields. */
export function showProblem(slot: HTMLElement, error: unknown, form?: HTMLElement) {
  if (form)
    for (const wrapper of form.querySelectorAll<HTMLElement>('[data-field]')) {
      setFieldError(form, wrapper.dataset.field ?? '', undefined);
    }
  if (form && error instanceof ApiProblem) {
    for (const e of error.errors) setFieldError(form, e.path, e.message);
  }
  slot.replaceChildren(problemNotice(error));
}

export function clearProblem(slot: HTMLElement, form?: HTMLElement) {
  slot.replaceChildren();
  if (form)
    for (const wrapper of form.querySelectorAll<HTMLElement>('[data-field]')) {
      setFieldError(form, wrapper.dataset.field ?? '', undefined);
    }
}

/** Runs `work` with the button disabled and saying so; the button comes back whatever happens. */
export async function whileBusy<T>(
  button: HTMLButtonElement,
  busyText: string,
  work: () => Promise<T>,
): Promise<T> {
  const text = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyText;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = text;
  }
}

export function loading(text = 'Loading…'): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, text);
}

export function emptyState(text: string, ...more: (Node | string)[]): HTMLElement {
  return h('div', { class: 'empty' }, h('p', null, text), ...more);
}

export function actorText(actor: unknown): string {
  if (!actor) return 'Patient';
  if (typeof actor === 'string') return actor;
  if (typeof actor === 'object') {
    const a = actor as { email?: string; sub?: string };
    return a.email ?? a.sub ?? 'Staff';
  }
  return 'Staff';
}

/** A definition list of label → value; rows without a value are left out. */
export function details(rows: readonly [string, Node | string | undefined | null][]): HTMLDListElement {
  return h(
    'dl',
    { class: 'details' },
    rows
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([label, value]) =>
        h('div', { class: 'details-row' }, h('dt', null, label), h('dd', null, value)),
      ),
  );
}

/** A fresh key per attempt to create something: a retry of the same attempt is the same request. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** A titled panel of a page: a section named by its heading (`later`: after the actions on phones). */
export function panel(
  id: string,
  title: string,
  options: { readonly later?: boolean },
  ...content: (Node | string | null)[]
): HTMLElement {
  return h(
    'section',
    { class: options.later ? 'panel panel-later' : 'panel', 'aria-labelledby': id },
    h('h2', { id }, title),
    ...content,
  );
}

export interface TimelineEntry {
  readonly at: string;
  readonly what: string;
  readonly who: string;
  readonly text?: string | undefined;
}

/** What happened to a record, oldest first: what, an optional text, when and by whom. */
export function timeline(entries: readonly TimelineEntry[], ctx: ViewContext): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'hint' }, 'Nothing recorded yet.');
  return h(
    'ol',
    { class: 'timeline' },
    [...entries]
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((e) =>
        h(
          'li',
          null,
          h('span', { class: 'timeline-what' }, e.what),
          e.text ? h('span', { class: 'timeline-text' }, e.text) : null,
          h(
            'span',
            { class: 'timeline-meta' },
            `${formatDateTime(e.at, ctx.timeZone, ctx.locale)} · ${e.who}`,
          ),
        ),
      ),
  );
}

/** A success message (`live`: announced, for one that appears in place). */
export function successNotice(text: string, live = true): HTMLElement {
  return h(
    'div',
    { class: 'notice notice-success', ...(live ? { role: 'status' } : {}) },
    h('p', null, text),
  );
}

/**
 * A newest-first list read page by page: `fetchPage` answers one page, `show` adds its items;
 * the "Show more" button asks for the next page while there is one, failures land in `problems`.
 */
export function pagedReader<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  show: (items: readonly T[], hasMore: boolean) => void,
  problems: HTMLElement,
) {
  const more = h('button', { type: 'button', class: 'button' }, 'Show more');
  const read = async (cursor?: string): Promise<Page<T>> => {
    const page = await fetchPage(cursor);
    show(page.items, Boolean(page.nextCursor));
    more.hidden = !page.nextCursor;
    more.onclick = page.nextCursor
      ? () =>
          void whileBusy(more, 'Loading…', () => read(page.nextCursor ?? undefined)).catch((error) =>
            problems.append(problemNotice(error)),
          )
      : null;
    return page;
  };
  return { more: h('div', { class: 'more' }, more), first: () => read() };
}

/** The options of a clinician select: those who offer `type` (all when unknown), `selected` chosen. */
export function providerOptions(
  providers: readonly Provider[],
  type: string,
  selected?: string,
): HTMLOptionElement[] {
  return providers
    .filter((p) => !p.appointmentTypes || p.appointmentTypes.includes(type))
    .map((p) => h('option', { value: p.id, selected: p.id === selected }, p.name));
}

/** The top of one record's page: the way back, its name with its status, and a line under it. */
export function recordHeader(
  back: { readonly href: string; readonly text: string },
  title: string,
  status: string,
  subtitle: string,
): HTMLElement {
  return h(
    'div',
    { class: 'view-header' },
    h(
      'div',
      null,
      h('p', { class: 'breadcrumb' }, h('a', { href: back.href }, back.text)),
      viewHeading(title, ' ', badge(status)),
      h('p', { class: 'view-subtitle' }, subtitle),
    ),
  );
}
