// The agenda: one day (the default, today) or a week, for every clinician or one, with the
// staff's blocks among the bookings. Each booking links to its page.
import type { AgendaBooking, Block, Page } from '../api.ts';
import { h } from '../dom.ts';
import {
  addDays,
  daysFrom,
  formatLongDate,
  formatShortDate,
  formatShortDateTime,
  formatTime,
  formatTimeRange,
  type LocalDate,
  minutesBetween,
  todayIn,
  weekStart,
} from '../format.ts';
import { routeHref } from '../routes.ts';
import { badge, emptyState, loading, problemNotice, type ViewContext, viewHeading } from '../ui.ts';

export interface AgendaData {
  readonly bookings: readonly AgendaBooking[];
  readonly blocks: readonly Block[];
  readonly typeNames: ReadonlyMap<string, string>;
}

type Entry =
  | { readonly kind: 'booking'; readonly start: string; readonly booking: AgendaBooking }
  | { readonly kind: 'block'; readonly start: string; readonly block: Block };

function entriesOn(date: LocalDate, data: AgendaData, ctx: ViewContext, provider?: string): Entry[] {
  const local = (instant: string) => todayIn(ctx.timeZone, new Date(instant));
  const entries: Entry[] = [
    ...data.bookings
      .filter((b) => local(b.start) === date)
      .map((booking) => ({ kind: 'booking' as const, start: booking.start, booking })),
    ...data.blocks
      .filter((b) => local(b.start) <= date && local(b.end) >= date)
      .filter((b) => !provider || b.providerId === null || b.providerId === provider)
      .map((block) => ({ kind: 'block' as const, start: block.start, block })),
  ];
  return entries.sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime());
}

/** The patient confirmed they will attend (a reminder's link): said with when they did. */
function confirmedBadge(booking: AgendaBooking, ctx: ViewContext): HTMLElement | null {
  if (!booking.confirmedAt) return null;
  const at = formatShortDateTime(booking.confirmedAt, ctx.timeZone, ctx.locale);
  return h('span', { class: 'badge badge-patient_confirmed' }, `Patient confirmed · ${at}`);
}

function bookingRow(booking: AgendaBooking, data: AgendaData, ctx: ViewContext): HTMLElement {
  const status = booking.attendance ?? booking.status;
  const typeName = data.typeNames.get(booking.type) ?? booking.typeName ?? booking.type;
  return h(
    'li',
    { class: `agenda-item agenda-${booking.status}` },
    h(
      'a',
      { href: routeHref({ view: 'booking', id: booking.id }), class: 'agenda-link' },
      h(
        'span',
        { class: 'agenda-time' },
        h('span', { class: 'agenda-start' }, formatTime(booking.start, ctx.timeZone, ctx.locale)),
        h('span', { class: 'agenda-length' }, `${minutesBetween(booking.start, booking.end)} min`),
      ),
      h(
        'span',
        { class: 'agenda-main' },
        h('span', { class: 'agenda-name' }, booking.name),
        h(
          'span',
          { class: 'agenda-meta' },
          [typeName, booking.providerName ?? ctx.providerName(booking.providerId)].join(' · '),
        ),
      ),
      h(
        'span',
        { class: 'agenda-status' },
        // A plain confirmed booking is the normal case: only what differs gets a badge.
        status === 'confirmed' ? confirmedBadge(booking, ctx) : badge(status),
      ),
    ),
  );
}

function blockRow(block: Block, ctx: ViewContext): HTMLElement {
  const who = block.providerId === null ? 'Whole clinic' : ctx.providerName(block.providerId);
  return h(
    'li',
    { class: 'agenda-item agenda-block' },
    h(
      'a',
      {
        href: routeHref({ view: 'blocks', date: todayIn(ctx.timeZone, new Date(block.start)) }),
        class: 'agenda-link',
      },
      h(
        'span',
        { class: 'agenda-time' },
        h('span', { class: 'agenda-start' }, formatTime(block.start, ctx.timeZone, ctx.locale)),
        h('span', { class: 'agenda-length' }, `to ${formatTime(block.end, ctx.timeZone, ctx.locale)}`),
      ),
      h(
        'span',
        { class: 'agenda-main' },
        h('span', { class: 'agenda-name' }, block.reason || 'Blocked'),
        h('span', { class: 'agenda-meta' }, `Blocked · ${who}`),
      ),
      h('span', { class: 'agenda-status' }, h('span', { class: 'badge badge-block' }, 'Block')),
    ),
  );
}

/** The list of one day (also what a preview renders from recorded data). */
function dayList(date: LocalDate, data: AgendaData, ctx: ViewContext, provider?: string): HTMLElement {
  const entries = entriesOn(date, data, ctx, provider);
  if (entries.length === 0) return emptyState('No appointments on this day.');
  return h(
    'ol',
    { class: 'agenda', 'aria-label': `Appointments on ${formatLongDate(date, ctx.locale)}` },
    entries.map((e) => (e.kind === 'booking' ? bookingRow(e.booking, data, ctx) : blockRow(e.block, ctx))),
  );
}

function daySummary(date: LocalDate, data: AgendaData, ctx: ViewContext): string {
  const onDay = data.bookings.filter((b) => todayIn(ctx.timeZone, new Date(b.start)) === date);
  const active = onDay.filter((b) => b.status !== 'cancelled').length;
  const cancelled = onDay.length - active;
  const parts = [`${active} ${active === 1 ? 'appointment' : 'appointments'}`];
  if (cancelled) parts.push(`${cancelled} cancelled`);
  return parts.join(' · ');
}

/** The week's columns: each day a heading (a link to that day) and its compact list. */
function weekGrid(first: LocalDate, data: AgendaData, ctx: ViewContext, provider?: string): HTMLElement {
  const today = todayIn(ctx.timeZone, ctx.now());
  return h(
    'div',
    { class: 'week' },
    daysFrom(first, 7).map((date) => {
      const entries = entriesOn(date, data, ctx, provider);
      return h(
        'section',
        { class: `week-day${date === today ? ' week-today' : ''}`, 'aria-labelledby': `day-${date}` },
        h(
          'h2',
          { class: 'week-day-title', id: `day-${date}` },
          h(
            'a',
            { href: routeHref({ view: 'day', date, ...(provider ? { provider } : {}) }) },
            formatShortDate(date, ctx.locale),
          ),
          h('span', { class: 'week-count' }, daySummary(date, data, ctx)),
        ),
        entries.length === 0
          ? h('p', { class: 'week-empty' }, 'Nothing booked')
          : h(
              'ul',
              { class: 'week-list' },
              entries.map((e) =>
                e.kind === 'booking'
                  ? h(
                      'li',
                      { class: `week-item agenda-${e.booking.attendance ?? e.booking.status}` },
                      h(
                        'a',
                        { href: routeHref({ view: 'booking', id: e.booking.id }) },
                        h(
                          'span',
                          { class: 'week-time' },
                          formatTime(e.booking.start, ctx.timeZone, ctx.locale),
                        ),
                        h('span', { class: 'week-name' }, e.booking.name),
                        e.booking.status === 'cancelled'
                          ? h('span', { class: 'visually-hidden' }, ' (cancelled)')
                          : null,
                        e.booking.status === 'confirmed' && e.booking.confirmedAt && !e.booking.attendance
                          ? h(
                              'span',
                              { class: 'week-confirmed' },
                              h('span', { 'aria-hidden': 'true' }, '✓ '),
                              'Patient confirmed',
                            )
                          : null,
                      ),
                    )
                  : h(
                      'li',
                      { class: 'week-item agenda-block' },
                      h(
                        'span',
                        { class: 'week-time' },
                        formatTimeRange(e.block.start, e.block.end, ctx.timeZone, ctx.locale),
                      ),
                      h('span', { class: 'week-name' }, e.block.reason || 'Blocked'),
                    ),
              ),
            ),
      );
    }),
  );
}

function toolbar(
  view: 'day' | 'week',
  date: LocalDate,
  ctx: ViewContext,
  provider: string | undefined,
  providerSelect: HTMLSelectElement,
) {
  const step = view === 'day' ? 1 : 7;
  const first = view === 'day' ? date : weekStart(date);
  const route = (d: LocalDate) => ({ view, date: d, ...(provider ? { provider } : {}) });
  const today = todayIn(ctx.timeZone, ctx.now());
  const dateInput = h('input', {
    type: 'date',
    name: 'date',
    value: date,
    id: 'agenda-date',
    class: 'input-compact',
  });
  const jump = h(
    'form',
    {
      class: 'inline-form',
      on: {
        submit: (event: Event) => {
          event.preventDefault();
          if (dateInput.value) ctx.navigate(route(dateInput.value));
        },
      },
    },
    h('label', { for: 'agenda-date', class: 'visually-hidden' }, 'Go to date'),
    dateInput,
    h('button', { type: 'submit', class: 'button' }, 'Go'),
  );
  return h(
    'div',
    { class: 'toolbar' },
    h(
      'nav',
      { class: 'pager', 'aria-label': view === 'day' ? 'Days' : 'Weeks' },
      h('a', { class: 'button', href: routeHref(route(addDays(first, -step))) }, '← Previous'),
      h(
        'a',
        {
          class: 'button',
          href: routeHref({ view, ...(provider ? { provider } : {}) }),
          'aria-current': (view === 'day' ? date === today : weekStart(today) === first) ? 'page' : undefined,
        },
        view === 'day' ? 'Today' : 'This week',
      ),
      h('a', { class: 'button', href: routeHref(route(addDays(first, step))) }, 'Next →'),
    ),
    jump,
    h(
      'nav',
      { class: 'segmented', 'aria-label': 'Agenda view' },
      h(
        'a',
        {
          href: routeHref({ view: 'day', date, ...(provider ? { provider } : {}) }),
          'aria-current': view === 'day' ? 'page' : undefined,
        },
        'Day',
      ),
      h(
        'a',
        {
          href: routeHref({ view: 'week', date, ...(provider ? { provider } : {}) }),
          'aria-current': view === 'week' ? 'page' : undefined,
        },
        'Week',
      ),
    ),
    h('div', { class: 'inline-field' }, h('label', { for: 'agenda-provider' }, 'Clinician'), providerSelect),
  );
}

export async function renderAgenda(
  main: HTMLElement,
  ctx: ViewContext,
  view: 'day' | 'week',
  requested: LocalDate | undefined,
  provider: string | undefined,
) {
  const today = todayIn(ctx.timeZone, ctx.now());
  const date = requested ?? today;
  const from = view === 'day' ? date : weekStart(date);
  const to = view === 'day' ? date : addDays(from, 6);
  const title =
    view === 'day'
      ? date === today
        ? `Today, ${formatLongDate(date, ctx.locale).replace(/, \d{4}$/, '')}`
        : formatLongDate(date, ctx.locale)
      : `Week of ${formatShortDate(from, ctx.locale)}`;

  const providerSelect = h(
    'select',
    { id: 'agenda-provider', name: 'provider', class: 'input-compact' },
    h('option', { value: '' }, 'All clinicians'),
  );
  providerSelect.addEventListener('change', () => {
    const chosen = providerSelect.value || undefined;
    ctx.navigate({
      view,
      ...(requested ? { date: requested } : {}),
      ...(chosen ? { provider: chosen } : {}),
    });
  });
  const summary = h('p', { class: 'view-subtitle' }, `Times in ${ctx.timeZone.replace(/_/g, ' ')}`);
  const content = h('div', { class: 'agenda-content' }, loading('Loading the agenda…'));
  main.replaceChildren(
    h(
      'div',
      { class: 'view-header' },
      h('div', null, viewHeading(title), summary),
      h('a', { class: 'button button-primary', href: routeHref({ view: 'book' }) }, 'Book for a caller'),
    ),
    toolbar(view, date, ctx, provider, providerSelect),
    content,
  );

  try {
    const [agenda, blocks, types] = await Promise.all([
      ctx.api.get<Page<AgendaBooking>>('/v1/staff/bookings', { from, to, provider }),
      ctx.api
        .get<Page<Block>>('/v1/staff/blocks', { from, to, provider })
        .catch(() => ({ items: [] as Block[] })),
      ctx.types().catch(() => []),
    ]);
    ctx.noteProviders(agenda.items);
    const providers = await ctx.providers();
    providerSelect.append(
      ...providers.map((p) => h('option', { value: p.id, selected: p.id === provider }, p.name)),
    );
    const data: AgendaData = {
      bookings: agenda.items,
      blocks: blocks.items,
      typeNames: new Map(types.map((t) => [t.id, t.name])),
    };
    if (view === 'day') {
      summary.textContent = `${daySummary(date, data, ctx)} · times in ${ctx.timeZone.replace(/_/g, ' ')}`;
      content.replaceChildren(dayList(date, data, ctx, provider));
    } else {
      content.replaceChildren(weekGrid(from, data, ctx, provider));
    }
  } catch (error) {
    content.replaceChildren(problemNotice(error));
  }
}
