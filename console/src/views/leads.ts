// The leads inbox: search and filter, newest first, paged; and one lead's page with its message,
// custom fields and history, where it is marked handled, spam or new again, and notes are added.
import type { LeadDetail, LeadSummary, Page } from '../api.ts';
import { field, h } from '../dom.ts';
import { addDays, formatDateTime, humanize, isLocalDate, todayIn } from '../format.ts';
import { type LeadStatusFilter, routeHref } from '../routes.ts';
import {
  actorText,
  badge,
  clearProblem,
  details,
  emptyState,
  loading,
  problemNotice,
  showProblem,
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

export function leadRow(lead: LeadSummary, ctx: ViewContext): HTMLElement {
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
    const more = h('button', { type: 'button', class: 'button' }, 'Show more');
    const count = h('p', { class: 'hint', role: 'status' });
    let shown = 0;
    const fetchPage = async (cursor?: string) => {
      const page = await ctx.api.get<Page<LeadSummary>>('/v1/staff/inquiries', {
        status: statusSelect.value === 'all' ? undefined : statusSelect.value,
        q: search.value.trim() || undefined,
        from: isLocalDate(from.value) ? from.value : undefined,
        to: isLocalDate(to.value) ? to.value : undefined,
        cursor,
      });
      list.append(...page.items.map((lead) => leadRow(lead, ctx)));
      shown += page.items.length;
      count.textContent = `${shown} ${shown === 1 ? 'lead' : 'leads'}${page.nextCursor ? ' so far' : ''}`;
      more.hidden = !page.nextCursor;
      more.onclick = page.nextCursor
        ? () =>
            void whileBusy(more, 'Loading…', () => fetchPage(page.nextCursor ?? undefined)).catch((error) =>
              results.append(problemNotice(error)),
            )
        : null;
      return page;
    };
    try {
      const first = await fetchPage();
      results.replaceChildren(
        first.items.length === 0
          ? emptyState(search.value.trim() ? 'No lead matches that search.' : 'No leads here.')
          : h('div', null, count, list, h('div', { class: 'more' }, more)),
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
export function leadPage(lead: LeadDetail, ctx: ViewContext, reload: (flash: string) => void): HTMLElement[] {
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
  const timeline = [
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
      what: `${m.channel === 'sms' ? 'Text' : 'Email'}: ${humanize(m.kind)} (${humanize(m.status).toLowerCase()})`,
      who: 'System',
      text: undefined,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));

  return [
    h(
      'div',
      { class: 'view-header' },
      h(
        'div',
        null,
        h(
          'p',
          { class: 'breadcrumb' },
          h('a', { href: routeHref({ view: 'leads', status: 'new' }) }, '← Leads'),
        ),
        viewHeading(lead.name, ' ', badge(lead.status)),
        h(
          'p',
          { class: 'view-subtitle' },
          `Received ${formatDateTime(lead.receivedAt, ctx.timeZone, ctx.locale)}`,
        ),
      ),
    ),
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        { class: 'column' },
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'lead-message' },
          h('h2', { id: 'lead-message' }, lead.topic ? `Message: ${lead.topic}` : 'Message'),
          h('p', { class: 'message-text' }, lead.message ?? ''),
        ),
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'lead-contact' },
          h('h2', { id: 'lead-contact' }, 'Contact'),
          details([
            ['Email', h('a', { href: `mailto:${lead.email}` }, lead.email)],
            ['Phone', lead.phone ? h('a', { href: `tel:${lead.phone}` }, lead.phone) : undefined],
            ['Prefers', lead.preferredContact ? humanize(lead.preferredContact) : undefined],
            ...custom,
          ]),
        ),
        attribution.length
          ? h(
              'section',
              { class: 'panel', 'aria-labelledby': 'lead-source' },
              h('h2', { id: 'lead-source' }, 'Where it came from'),
              details(attribution),
            )
          : null,
        h(
          'section',
          { class: 'panel panel-later', 'aria-labelledby': 'lead-history' },
          h('h2', { id: 'lead-history' }, 'History'),
          timeline.length === 0
            ? h('p', { class: 'hint' }, 'Nothing recorded yet.')
            : h(
                'ol',
                { class: 'timeline' },
                timeline.map((t) =>
                  h(
                    'li',
                    null,
                    h('span', { class: 'timeline-what' }, t.what),
                    t.text ? h('span', { class: 'timeline-text' }, t.text) : null,
                    h(
                      'span',
                      { class: 'timeline-meta' },
                      `${formatDateTime(t.at, ctx.timeZone, ctx.locale)} · ${t.who}`,
                    ),
                  ),
                ),
              ),
        ),
      ),
      h(
        'div',
        { class: 'column column-side' },
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'lead-status' },
          h('h2', { id: 'lead-status' }, 'Status'),
          problem,
          h('div', { class: 'button-row' }, statusButtons),
        ),
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'lead-note' },
          h('h2', { id: 'lead-note' }, 'Add a note'),
          noteForm,
        ),
      ),
    ),
  ];
}

export async function renderLead(main: HTMLElement, ctx: ViewContext, id: string, flash?: string) {
  main.replaceChildren(viewHeading('Lead'), loading());
  try {
    const lead = await ctx.api.get<LeadDetail>(`/v1/staff/inquiries/${encodeURIComponent(id)}`);
    const reload = (message: string) => void renderLead(main, ctx, id, message);
    main.replaceChildren(
      ...(flash ? [h('div', { class: 'notice notice-success', role: 'status' }, h('p', null, flash))] : []),
      ...leadPage(lead, ctx, reload),
    );
  } catch (error) {
    main.replaceChildren(viewHeading('Lead'), problemNotice(error));
  }
  main.querySelector<HTMLElement>('h1')?.focus();
}
