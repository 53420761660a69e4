// One booking's page: who, when, what; cancel (reason, tell the patient), move to any open time
// of any day, attendance once it has started; its history and every message's delivery state.
import type { BookingDetail, MessageState } from '../api.ts';
import { field, h } from '../dom.ts';
import {
  dateIn,
  formatDateTime,
  formatLongDate,
  formatTimeRange,
  historyLabel,
  messageLabel,
} from '../format.ts';
import { routeHref } from '../routes.ts';
import {
  actorText,
  badge,
  clearProblem,
  details,
  loading,
  panel,
  problemNotice,
  providerOptions,
  recordHeader,
  showProblem,
  successNotice,
  timeline,
  type ViewContext,
  viewHeading,
  whileBusy,
} from '../ui.ts';
import { slotPicker } from './slots.ts';

function notifyCheckbox(label: string) {
  const box = h('input', { type: 'checkbox', name: 'notifyPatient', checked: true });
  const id = `notify-${Math.random().toString(36).slice(2, 8)}`;
  box.id = id;
  return { box, element: h('div', { class: 'check' }, box, h('label', { for: id }, label)) };
}

function cancelSection(booking: BookingDetail, ctx: ViewContext, reload: (flash: string) => void) {
  const reason = h('textarea', { name: 'reason', rows: '2', maxlength: '500' });
  const notify = notifyCheckbox('Email the patient that it is cancelled');
  const slot = h('div');
  const button = h('button', { type: 'submit', class: 'button button-danger' }, 'Cancel booking');
  const form = h(
    'form',
    { class: 'stack', 'aria-labelledby': 'cancel-title' },
    h('h2', { id: 'cancel-title' }, 'Cancel'),
    slot,
    field(reason, {
      label: 'Reason (optional)',
      hint: 'Shown in the booking’s history; not sent to the patient.',
    }),
    notify.element,
    h('div', null, button),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(slot, form);
    try {
      await whileBusy(button, 'Cancelling…', () =>
        ctx.api.post(`/v1/staff/bookings/${encodeURIComponent(booking.id)}/cancel`, {
          ...(reason.value.trim() ? { reason: reason.value.trim() } : {}),
          notifyPatient: notify.box.checked,
        }),
      );
      reload(
        notify.box.checked
          ? 'Booking cancelled. The patient is being emailed.'
          : 'Booking cancelled. The patient was not emailed.',
      );
    } catch (error) {
      showProblem(slot, error, form);
    }
  });
  return h('section', { class: 'panel' }, form);
}

function moveSection(booking: BookingDetail, ctx: ViewContext, reload: (flash: string) => void) {
  const date = h('input', {
    type: 'date',
    name: 'date',
    required: true,
    value: dateIn(booking.start, ctx.timeZone),
  });
  const provider = h('select', { name: 'providerId' }, h('option', { value: '' }, 'Any clinician'));
  void ctx.providers().then((providers) => {
    provider.append(...providerOptions(providers, booking.type, booking.providerId));
  });
  const notify = notifyCheckbox('Email the patient the new time');
  const slot = h('div');
  const moveButton = h(
    'button',
    { type: 'submit', class: 'button button-primary', disabled: true },
    'Move booking',
  );
  const picker = slotPicker(ctx, 'Open times', (chosen) => {
    moveButton.disabled = !chosen;
  });
  const show = h('button', { type: 'button', class: 'button' }, 'Show open times');
  show.addEventListener('click', () => {
    if (date.value) void picker.load(booking.type, date.value, provider.value || undefined);
  });
  date.addEventListener('change', () => {
    if (date.value) void picker.load(booking.type, date.value, provider.value || undefined);
  });
  const form = h(
    'form',
    { class: 'stack', 'aria-labelledby': 'move-title' },
    h('h2', { id: 'move-title' }, 'Move'),
    slot,
    h('div', { class: 'row' }, field(date, { label: 'Day' }), field(provider, { label: 'Clinician' })),
    h('div', null, show),
    picker.element,
    notify.element,
    h('div', null, moveButton),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = picker.chosen();
    if (!chosen) return;
    clearProblem(slot, form);
    const providerId =
      provider.value ||
      (chosen.providers.includes(booking.providerId) ? booking.providerId : chosen.providers[0]);
    try {
      await whileBusy(moveButton, 'Moving…', () =>
        ctx.api.post(`/v1/staff/bookings/${encodeURIComponent(booking.id)}/reschedule`, {
          start: chosen.start,
          ...(providerId ? { providerId } : {}),
          notifyPatient: notify.box.checked,
        }),
      );
      reload(`Moved to ${formatDateTime(chosen.start, ctx.timeZone, ctx.locale)}.`);
    } catch (error) {
      showProblem(slot, error, form);
    }
  });
  return h('section', { class: 'panel' }, form);
}

function attendanceSection(booking: BookingDetail, ctx: ViewContext, reload: (flash: string) => void) {
  const slot = h('div');
  const buttons = (['attended', 'no_show'] as const).map((value) => {
    const button = h(
      'button',
      { type: 'button', class: 'button', 'aria-pressed': booking.attendance === value ? 'true' : 'false' },
      value === 'attended' ? 'Attended' : 'No-show',
    );
    button.addEventListener('click', async () => {
      clearProblem(slot);
      try {
        await whileBusy(button, 'Saving…', () =>
          ctx.api.post(`/v1/staff/bookings/${encodeURIComponent(booking.id)}/attendance`, {
            attendance: value,
          }),
        );
        reload(value === 'attended' ? 'Marked as attended.' : 'Marked as a no-show.');
      } catch (error) {
        showProblem(slot, error);
      }
    });
    return button;
  });
  return panel(
    'attendance-title',
    'Attendance',
    {},
    slot,
    h('div', { class: 'button-row', role: 'group', 'aria-label': 'Attendance' }, buttons),
  );
}

function historyList(booking: BookingDetail, ctx: ViewContext) {
  return panel(
    'history-title',
    'History',
    { later: true },
    timeline(
      (booking.history ?? []).map((e) => ({
        at: e.at,
        what: historyLabel(e.action),
        who: actorText(e.actor),
      })),
      ctx,
    ),
  );
}

function messagesList(booking: BookingDetail, ctx: ViewContext) {
  const messages = booking.messages ?? [];
  const to = (m: MessageState) =>
    `${m.channel === 'sms' ? 'Text' : 'Email'}${m.recipient === 'staff' ? ' to the clinic' : m.recipient === 'patient' ? ' to the patient' : ''}`;
  return panel(
    'messages-title',
    'Messages',
    { later: true },
    messages.length === 0
      ? h('p', { class: 'hint' }, 'No email or text sent yet.')
      : h(
          'ul',
          { class: 'message-states' },
          messages.map((m) =>
            h(
              'li',
              null,
              h(
                'span',
                { class: 'row-main' },
                h('span', { class: 'row-title' }, messageLabel(m.kind)),
                h(
                  'span',
                  { class: 'row-meta' },
                  `${to(m)} · ${formatDateTime(m.at, ctx.timeZone, ctx.locale)}`,
                ),
              ),
              badge(m.status),
            ),
          ),
        ),
  );
}

/** The page itself from a loaded booking (also what a preview renders from recorded data). */
function bookingPage(
  booking: BookingDetail,
  ctx: ViewContext,
  reload: (flash: string) => void,
): HTMLElement[] {
  const started = new Date(booking.start).getTime() <= ctx.now().getTime();
  const active = booking.status === 'confirmed';
  const date = dateIn(booking.start, ctx.timeZone);
  const when = `${formatLongDate(date, ctx.locale)}, ${formatTimeRange(booking.start, booking.end, ctx.timeZone, ctx.locale)}`;
  const header = recordHeader(
    { href: routeHref({ view: 'day', date }), text: `← Agenda of ${formatLongDate(date, ctx.locale)}` },
    booking.name,
    // The patient's own confirmation says more than the booking's "confirmed" status.
    booking.attendance ??
      (booking.status === 'confirmed' && booking.confirmedAt ? 'patient_confirmed' : booking.status),
    when,
  );
  const facts = panel(
    'details-title',
    'Details',
    {},
    details([
      ['Appointment', booking.typeName ?? booking.type],
      ['Clinician', booking.providerName ?? ctx.providerName(booking.providerId)],
      ['When', when],
      ['Email', h('a', { href: `mailto:${booking.email}` }, booking.email)],
      ['Phone', booking.phone ? h('a', { href: `tel:${booking.phone}` }, booking.phone) : undefined],
      ['Reason', booking.reason],
      ['Notes', booking.notes],
      [
        'Patient confirmed',
        booking.confirmedAt ? formatDateTime(booking.confirmedAt, ctx.timeZone, ctx.locale) : undefined,
      ],
      [
        'Text reminders',
        booking.smsConsent === undefined
          ? undefined
          : booking.smsConsent
            ? 'Yes, the patient agreed'
            : 'No (not agreed)',
      ],
      ['Cancellation reason', booking.cancelReason],
      ['Booking id', h('code', null, booking.id)],
    ]),
  );
  const actions = [
    active && started ? attendanceSection(booking, ctx, reload) : null,
    active ? moveSection(booking, ctx, reload) : null,
    active ? cancelSection(booking, ctx, reload) : null,
  ].filter((x): x is HTMLElement => x !== null);
  return [
    header,
    h(
      'div',
      { class: 'columns' },
      h('div', { class: 'column' }, facts, messagesList(booking, ctx), historyList(booking, ctx)),
      actions.length ? h('div', { class: 'column column-side' }, actions) : null,
    ),
  ];
}

export async function renderBooking(main: HTMLElement, ctx: ViewContext, id: string, flash?: string) {
  main.replaceChildren(viewHeading('Booking'), loading());
  try {
    const [answer, types] = await Promise.all([
      ctx.api.get<BookingDetail>(`/v1/staff/bookings/${encodeURIComponent(id)}`),
      ctx.types().catch(() => []),
    ]);
    const booking = { ...answer, typeName: answer.typeName ?? types.find((t) => t.id === answer.type)?.name };
    ctx.noteProviders([booking]);
    const reload = (message: string) => void renderBooking(main, ctx, id, message);
    main.replaceChildren(...(flash ? [successNotice(flash)] : []), ...bookingPage(booking, ctx, reload));
  } catch (error) {
    main.replaceChildren(viewHeading('Booking'), problemNotice(error));
  }
  main.querySelector<HTMLElement>('h1')?.focus();
}
