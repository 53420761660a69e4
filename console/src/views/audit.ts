// The audit trail, for admins: who read or changed which record, when and from where.
import type { AuditEntry, Page } from '../api.ts';
import { field, h } from '../dom.ts';
import { addDays, formatDateTime, humanize, todayIn } from '../format.ts';
import { emptyState, loading, pagedReader, problemNotice, type ViewContext, viewHeading } from '../ui.ts';

function auditRows(entries: readonly AuditEntry[], ctx: ViewContext): HTMLTableRowElement[] {
  return entries.map((e) =>
    h(
      'tr',
      null,
      h('td', null, formatDateTime(e.at, ctx.timeZone, ctx.locale)),
      h('td', null, e.actor.email ?? e.actor.sub ?? ''),
      h('td', null, humanize(e.action)),
      h('td', null, e.recordId ? h('code', null, e.recordId) : ''),
      h('td', null, e.ip ?? ''),
    ),
  );
}

export async function renderAudit(
  main: HTMLElement,
  ctx: ViewContext,
  recordId?: string,
  actorFilter?: string,
) {
  if (!ctx.isAdmin) {
    main.replaceChildren(
      viewHeading('Audit trail'),
      problemNotice(new Error('The audit trail is for admins of the clinic.')),
    );
    main.querySelector<HTMLElement>('h1')?.focus();
    return;
  }
  const today = todayIn(ctx.timeZone, ctx.now());
  const from = h('input', { type: 'date', name: 'from', value: addDays(today, -7) });
  const to = h('input', { type: 'date', name: 'to', value: today });
  const actor = h('input', { type: 'email', name: 'actor', value: actorFilter ?? '', autocomplete: 'off' });
  const record = h('input', { name: 'recordId', value: recordId ?? '', autocomplete: 'off' });
  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Audit trail' },
    field(from, { label: 'From' }),
    field(to, { label: 'To' }),
    field(actor, { label: 'Staff email' }),
    field(record, { label: 'Record id' }),
    h(
      'div',
      { class: 'field field-button' },
      h('button', { type: 'submit', class: 'button button-primary' }, 'Show'),
    ),
  );
  const results = h('div', null, loading());
  main.replaceChildren(
    h(
      'div',
      { class: 'view-header' },
      h(
        'div',
        null,
        viewHeading('Audit trail'),
        h(
          'p',
          { class: 'view-subtitle' },
          'Every read of a patient’s record and every change, by whom. Entries cannot be changed or deleted.',
        ),
      ),
    ),
    filters,
    results,
  );
  main.querySelector<HTMLElement>('h1')?.focus();

  async function load() {
    const body = h('tbody');
    const reader = pagedReader<AuditEntry>(
      (cursor) =>
        ctx.api.get<Page<AuditEntry>>('/v1/staff/audit', {
          from: from.value,
          to: to.value,
          actor: actor.value.trim() || undefined,
          recordId: record.value.trim() || undefined,
          cursor,
        }),
      (items) => body.append(...auditRows(items, ctx)),
      results,
    );
    try {
      const first = await reader.first();
      results.replaceChildren(
        first.items.length === 0
          ? emptyState('No entries for this search.')
          : h(
              'div',
              { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Audit entries' },
              h(
                'table',
                { class: 'table' },
                h('caption', { class: 'visually-hidden' }, 'Audit entries, newest first'),
                h(
                  'thead',
                  null,
                  h(
                    'tr',
                    null,
                    ['When', 'Who', 'What', 'Record', 'IP address'].map((t) => h('th', { scope: 'col' }, t)),
                  ),
                ),
                body,
              ),
              reader.more,
            ),
      );
    } catch (error) {
      results.replaceChildren(problemNotice(error));
    }
  }
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    results.replaceChildren(loading());
    void load();
  });
  await load();
}
