// The leads inbox: search and filter, newest first, paged; and one lead's page with its message,
// custom fields and history, where it is marked handled, spam or new again, and notes are added.
import type { LeadDetail, LeadSummary, Page } from '../api.ts';
import { field, h } from '../dom.ts';
import { addDays, formatDateTime, humanize, isLocalDate, messageLabel, todayIn } from '../format.ts';
import { type LeadStatusFilter, routeHref } from '../routes.ts';
import {
  actorText,
  badge,
  clearProblem,
  details,
  emptyState,
  loading,
  pagedReader,
  panel,
  problemNotice,
  recordHeader,
  showProblem,
  successNotice,
  timeline,
  type ViewContext,
  viewHeading,
  whileBusy,
} from '../ui.ts';

const STATUS_CHOICES: readonly [LeadStatusFilter, string][] = [
  ['new', 'New'],
  ['handled', 'Handled'],
  ['spam', 'Spam'],
  ['all', 'All'],
];

function leadRow(lead: LeadSummary, ctx: ViewContext): HTMLElement {
  return h(
    'li',
    { class: 'row-item' },
    h(
      'a',
      { href: routeHref({ view: 'lead', id: lead.id }), class: 'row-link' },
      h(
        'span',
        { class: 'row-main' },
        h('span', { class: 'row-title' }, lead.name),
        h('span', { class: 'row-meta' }, [lead.topic, lead.email, lead.phone].filter(Boolean).join(' · ')),
      ),
      h(
        'span',
        { class: 'row-side' },
        h('span', { class: 'row-when' }, formatDateTime(lead.receivedAt, ctx.timeZone, ctx.locale)),
        badge(lead.status),
      ),
    ),
  );
}

export async function renderLeads(
  main: HTMLElement,
  ctx: ViewContext,
  status: LeadStatusFilter,
  q: string | undefined,
) {
  const today = todayIn(ctx.timeZone, ctx.now());
  const search = h('input', { type: 'search', name: 'q', value: q ?? '', autocomplete: 'off' });
  const statusSelect = h(
    'select',
    { name: 'status' },
    STATUS_CHOICES.map(([value, label]) => h('option', { value, selected: value === status }, label)),
  );
  const from = h('input', { type: 'date', name: 'from', value: addDays(today, -30) });
  const to = h('input', { type: 'date', name: 'to', value: today });
  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Leads' },
    field(search, { label: 'Search name, email or phone', class: 'field-grow' }),
    field(statusSelect, { label: 'Status' }),
    field(from, { label: 'From' }),
    field(to, { label: 'To' }),
    h(
      'div',
      { class: 'field field-button' },
      h('button', { type: 'submit', class: 'button button-primary' }, 'Search'),
    ),
  );
  const results = h('div', null, loading('Loading leads…'));
  main.replaceChildren(
    h('div', { class: 'view-header' }, h('div', null, viewHeading('Leads'))),
    filters,
    results,
  );
  main.querySelector<HTMLElement>('h1')?.focus();

  async function load() {
    const list = h('ul', { class: 'rows', 'aria-label': 'Leads' });
    const count = h('p', { class: 'hint', role: 'status' });
    let shown = 0;
    const reader = pagedReader<LeadSummary>(
      (cursor) =>
        ctx.api.get<Page<LeadSummary>>('/v1/staff/inquiries', {
          status: statusSelect.value === 'all' ? undefined : statusSelect.value,
          q: search.value.trim() || undefined,
          from: isLocalDate(from.value) ? from.value : undefined,
          to: isLocalDate(to.value) ? to.value : undefined,
          cursor,
        }),
      (items, hasMore) => {
        list.append(...items.map((lead) => leadRow(lead, ctx)));
        shown += items.length;
        count.textContent = `${shown} ${shown === 1 ? 'lead' : 'leads'}${hasMore ? ' so far' : ''}`;
      },
      results,
    );
    try {
      const first = await reader.first();
      results.replaceChildren(
        first.items.length === 0
          ? emptyState(search.value.trim() ? 'No lead matches that search.' : 'No leads here.')
          : h('div', null, count, list, reader.more),
      );
    } catch (error) {
      results.replaceChildren(problemNotice(error));
    }
  }

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = statusSelect.value as LeadStatusFilter;
    const text = search.value.trim();
    // The address keeps the status and the search, so Back returns to this list.
    ctx.navigate({ view: 'leads', status: chosen, ...(text ? { q: text } : {}) }, { replace: true });
    results.replaceChildren(loading('Loading leads…'));
    void load();
  });
  await load();
}

function objectRows(value: Readonly<Record<string, unknown>> | undefined): [string, string][] {
  return Object.entries(value ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [humanize(k), typeof v === 'string' ? v : JSON.stringify(v)]);
}

/** A loaded lead's page (also what a preview renders from recorded data). */
function leadPage(lead: LeadDetail, ctx: ViewContext, reload: (flash: string) => void): HTMLElement[] {
  const problem = h('div');
  const statusButtons = (
    [
      ['handled', 'Mark handled'],
      ['spam', 'Mark as spam'],
      ['new', 'Mark as new'],
    ] as const
  )
    .filter(([value]) => value !== lead.status)
    .map(([value, label]) => {
      const button = h(
        'button',
        { type: 'button', class: value === 'handled' ? 'button button-primary' : 'button' },
        label,
      );
      button.addEventListener('click', async () => {
        clearProblem(problem);
        try {
          await whileBusy(button, 'Saving…', () =>
            ctx.api.patch(`/v1/staff/inquiries/${encodeURIComponent(lead.id)}`, { status: value }),
          );
          reload(`Marked ${humanize(value).toLowerCase()}.`);
        } catch (error) {
          showProblem(problem, error);
        }
      });
      return button;
    });

  const note = h('textarea', { name: 'note', rows: '3', maxlength: '2000', required: true });
  const noteButton = h('button', { type: 'submit', class: 'button' }, 'Add note');
  const noteProblem = h('div');
  const noteForm = h(
    'form',
    { class: 'stack' },
    noteProblem,
    field(note, { label: 'Note', hint: 'For the team: what was done, what is next.' }),
    h('div', null, noteButton),
  );
  noteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!note.value.trim()) return;
    clearProblem(noteProblem, noteForm);
    try {
      await whileBusy(noteButton, 'Saving…', () =>
        ctx.api.patch(`/v1/staff/inquiries/${encodeURIComponent(lead.id)}`, { note: note.value.trim() }),
      );
      reload('Note added.');
    } catch (error) {
      showProblem(noteProblem, error, noteForm);
    }
  });

  const custom = objectRows(lead.custom ?? lead.customFields);
  const attribution = objectRows(lead.attribution);
  const events = [
    ...(lead.history ?? []).map((e) => ({
      at: e.at,
      what: humanize(e.action),
      who: actorText(e.actor),
      text: typeof e.note === 'string' ? e.note : undefined,
    })),
    ...(lead.notes ?? []).map((n) => ({
      at: n.at,
      what: 'Note',
      who: actorText(n.actor),
      text: n.text ?? n.note,
    })),
    ...(lead.messages ?? []).map((m) => ({
      at: m.at,
      what: `${m.channel === 'sms' ? 'Text' : 'Email'}: ${messageLabel(m.kind)} (${humanize(m.status).toLowerCase()})`,
      who: 'System',
    })),
  ];

  return [
    recordHeader(
      { href: routeHref({ view: 'leads', status: 'new' }), text: '← Leads' },
      lead.name,
      lead.status,
      `Received ${formatDateTime(lead.receivedAt, ctx.timeZone, ctx.locale)}`,
    ),
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        { class: 'column' },
        panel(
          'lead-message',
          lead.topic ? `Message: ${lead.topic}` : 'Message',
          {},
          h('p', { class: 'message-text' }, lead.message ?? ''),
        ),
        panel(
          'lead-contact',
          'Contact',
          {},
          details([
            ['Email', h('a', { href: `mailto:${lead.email}` }, lead.email)],
            ['Phone', lead.phone ? h('a', { href: `tel:${lead.phone}` }, lead.phone) : undefined],
            ['Prefers', lead.preferredContact ? humanize(lead.preferredContact) : undefined],
            ...custom,
          ]),
        ),
        attribution.length ? panel('lead-source', 'Where it came from', {}, details(attribution)) : null,
        panel('lead-history', 'History', { later: true }, timeline(events, ctx)),
      ),
      h(
        'div',
        { class: 'column column-side' },
        panel('lead-status', 'Status', {}, problem, h('div', { class: 'button-row' }, statusButtons)),
        panel('lead-note', 'Add a note', {}, noteForm),
      ),
    ),
  ];
}

export async function renderLead(main: HTMLElement, ctx: ViewContext, id: string, flash?: string) {
  main.replaceChildren(viewHeading('Lead'), loading());
  try {
    const lead = await ctx.api.get<LeadDetail>(`/v1/staff/inquiries/${encodeURIComponent(id)}`);
    const reload = (message: string) => void renderLead(main, ctx, id, message);
    main.replaceChildren(...(flash ? [successNotice(flash)] : []), ...leadPage(lead, ctx, reload));
  } catch (error) {
    main.replaceChildren(viewHeading('Lead'), problemNotice(error));
  }
  main.querySelector<HTMLElement>('h1')?.focus();
}
