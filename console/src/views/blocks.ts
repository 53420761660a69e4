// Blocks: time the staff take out of the schedule (a clinician off sick, the clinic closed for
// an afternoon), live at once. A block over confirmed bookings is refused with the bookings
// named, and offered again as "cancel them and block".
import type { Block, Page } from '../api.ts';
import { ApiProblem } from '../api.ts';
import { field, h } from '../dom.ts';
import {
  addDays,
  daysFrom,
  formatDateTime,
  formatShortDate,
  formatTimeRange,
  type LocalDate,
  todayIn,
  wallClockToInstant,
  weekStart,
} from '../format.ts';
import { routeHref } from '../routes.ts';
import {
  actorText,
  clearProblem,
  emptyState,
  loading,
  problemNotice,
  showProblem,
  successNotice,
  type ViewContext,
  viewHeading,
  whileBusy,
} from '../ui.ts';

interface Conflict {
  readonly id: string;
  readonly start: string;
  readonly providerId?: string;
}

function blockList(
  blocks: readonly Block[],
  first: LocalDate,
  ctx: ViewContext,
  onDelete: (block: Block, button: HTMLButtonElement) => void,
) {
  const byDay = daysFrom(first, 7).map((date) => ({
    date,
    blocks: blocks.filter(
      (b) =>
        todayIn(ctx.timeZone, new Date(b.start)) <= date && todayIn(ctx.timeZone, new Date(b.end)) >= date,
    ),
  }));
  if (blocks.length === 0) return emptyState('No time is blocked this week.');
  return h(
    'ul',
    { class: 'block-days' },
    byDay
      .filter((d) => d.blocks.length > 0)
      .map((d) =>
        h(
          'li',
          null,
          h('h3', { class: 'block-day' }, formatShortDate(d.date, ctx.locale)),
          h(
            'ul',
            { class: 'rows' },
            d.blocks.map((block) => {
              const who = block.providerId === null ? 'Whole clinic' : ctx.providerName(block.providerId);
              const remove = h(
                'button',
                {
                  type: 'button',
                  class: 'button button-quiet',
                  'aria-label': `Delete block ${formatTimeRange(block.start, block.end, ctx.timeZone, ctx.locale)} ${who}`,
                },
                'Delete',
              );
              remove.addEventListener('click', () => onDelete(block, remove));
              return h(
                'li',
                { class: 'row-item' },
                h(
                  'div',
                  { class: 'row-main' },
                  h(
                    'span',
                    { class: 'row-title' },
                    `${formatTimeRange(block.start, block.end, ctx.timeZone, ctx.locale)} · ${who}`,
                  ),
                  h(
                    'span',
                    { class: 'row-meta' },
                    [
                      block.reason || 'No reason given',
                      block.createdBy ? `by ${actorText(block.createdBy)}` : '',
                    ]
                      .filter(Boolean)
                      .join(' · '),
                  ),
                ),
                remove,
              );
            }),
          ),
        ),
      ),
  );
}

function conflictPanel(
  conflicts: readonly Conflict[],
  ctx: ViewContext,
  onConfirm: (button: HTMLButtonElement) => void,
) {
  const confirm = h(
    'button',
    { type: 'button', class: 'button button-danger' },
    `Cancel ${conflicts.length === 1 ? 'this booking' : `these ${conflicts.length} bookings`} and block`,
  );
  confirm.addEventListener('click', () => onConfirm(confirm));
  return h(
    'div',
    { class: 'notice notice-warning', role: 'alert' },
    h('p', { class: 'notice-title' }, 'Bookings are in the way'),
    h(
      'p',
      null,
      `${conflicts.length === 1 ? 'This confirmed booking overlaps' : 'These confirmed bookings overlap'} the time. Nothing was blocked.`,
    ),
    h(
      'ul',
      null,
      conflicts.map((c) =>
        h(
          'li',
          null,
          h(
            'a',
            { href: routeHref({ view: 'booking', id: c.id }) },
            `${formatDateTime(c.start, ctx.timeZone, ctx.locale)}${c.providerId ? ` · ${ctx.providerName(c.providerId)}` : ''}`,
          ),
        ),
      ),
    ),
    h('p', null, 'Cancelling them emails each patient.'),
    confirm,
  );
}

export async function renderBlocks(main: HTMLElement, ctx: ViewContext, requested?: LocalDate) {
  const today = todayIn(ctx.timeZone, ctx.now());
  const first = weekStart(requested ?? today);
  const last = addDays(first, 6);
  const listSlot = h('div', null, loading('Loading blocks…'));
  const flash = h('div', { role: 'status' });

  const provider = h('select', { name: 'providerId' }, h('option', { value: '' }, 'Whole clinic'));
  const date = h('input', { type: 'date', name: 'date', required: true, value: requested ?? today });
  const start = h('input', { type: 'time', name: 'start', required: true, value: '13:00', step: '300' });
  const end = h('input', { type: 'time', name: 'end', required: true, value: '17:00', step: '300' });
  const reason = h('input', { name: 'reason', maxlength: '200', placeholder: 'e.g. Staff training' });
  const problem = h('div');
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, 'Block time');
  const form = h(
    'form',
    { class: 'stack', 'aria-labelledby': 'new-block' },
    h('h2', { id: 'new-block' }, 'Block time'),
    problem,
    field(provider, { label: 'Who' }),
    field(date, { label: 'Day' }),
    h('div', { class: 'row row-tight' }, field(start, { label: 'From' }), field(end, { label: 'To' })),
    field(reason, { label: 'Reason (optional)', hint: 'Staff see it; patients never do.' }),
    h('div', null, submit),
  );

  async function load() {
    try {
      const answer = await ctx.api.get<Page<Block>>('/v1/staff/blocks', { from: first, to: last });
      ctx.noteProviders(answer.items);
      listSlot.replaceChildren(blockList(answer.items, first, ctx, remove));
    } catch (error) {
      listSlot.replaceChildren(problemNotice(error));
    }
  }

  async function remove(block: Block, button: HTMLButtonElement) {
    try {
      await whileBusy(button, 'Deleting…', () =>
        ctx.api.delete(`/v1/staff/blocks/${encodeURIComponent(block.id)}`),
      );
      flash.replaceChildren(successNotice('Block deleted: the time is open again.', false));
      await load();
    } catch (error) {
      flash.replaceChildren(problemNotice(error));
    }
  }

  async function create(cancelAffected: boolean, button: HTMLButtonElement) {
    clearProblem(problem, form);
    const body = {
      providerId: provider.value || null,
      start: wallClockToInstant(date.value, start.value, ctx.timeZone),
      end: wallClockToInstant(date.value, end.value, ctx.timeZone),
      ...(reason.value.trim() ? { reason: reason.value.trim() } : {}),
      ...(cancelAffected ? { cancelAffected: true } : {}),
    };
    try {
      await whileBusy(button, 'Blocking…', () => ctx.api.post<Block>('/v1/staff/blocks', body));
      flash.replaceChildren(
        successNotice(
          cancelAffected
            ? 'Time blocked; the bookings in it are cancelled and their patients are being emailed.'
            : 'Time blocked. It is no longer offered to patients.',
          false,
        ),
      );
      reason.value = '';
      await load();
    } catch (error) {
      if (
        error instanceof ApiProblem &&
        error.code === 'conflicts_with_bookings' &&
        Array.isArray(error.extra.bookings)
      ) {
        const conflicts = error.extra.bookings as Conflict[];
        problem.replaceChildren(conflictPanel(conflicts, ctx, (confirm) => void create(true, confirm)));
        problem.querySelector<HTMLElement>('.notice')?.focus();
      } else {
        showProblem(problem, error, form);
      }
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!date.value || !start.value || !end.value) return;
    if (end.value <= start.value) {
      showProblem(
        problem,
        new ApiProblem(
          400,
          'Check the times',
          'The end must be after the start.',
          'validation_failed',
          [{ path: 'end', message: 'Must be after the start' }],
          {},
        ),
        form,
      );
      return;
    }
    void create(false, submit);
  });

  main.replaceChildren(
    h(
      'div',
      { class: 'view-header' },
      h(
        'div',
        null,
        viewHeading('Blocks'),
        h(
          'p',
          { class: 'view-subtitle' },
          `Week of ${formatShortDate(first, ctx.locale)} · times in ${ctx.timeZone.replace(/_/g, ' ')}`,
        ),
      ),
    ),
    h(
      'nav',
      { class: 'pager', 'aria-label': 'Weeks' },
      h(
        'a',
        { class: 'button', href: routeHref({ view: 'blocks', date: addDays(first, -7) }) },
        '← Previous',
      ),
      h('a', { class: 'button', href: routeHref({ view: 'blocks' }) }, 'This week'),
      h('a', { class: 'button', href: routeHref({ view: 'blocks', date: addDays(first, 7) }) }, 'Next →'),
    ),
    flash,
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'column panel', 'aria-labelledby': 'blocked-title' },
        h('h2', { id: 'blocked-title' }, 'Blocked this week'),
        listSlot,
      ),
      h('section', { class: 'column column-side panel' }, form),
    ),
  );
  main.querySelector<HTMLElement>('h1')?.focus();
  const providers = await ctx.providers().catch(() => []);
  provider.append(...providers.map((p) => h('option', { value: p.id }, p.name)));
  await load();
}
