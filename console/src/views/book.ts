// Booking for a caller: type, clinician (or any), day → open times → the patient's details →
// POST /v1/staff/bookings with an Idempotency-Key, so a double click books once.
import type { AgendaBooking, Slot } from '../api.ts';
import { ApiProblem } from '../api.ts';
import { field, h } from '../dom.ts';
import { formatDateTime, todayIn } from '../format.ts';
import {
  clearProblem,
  loading,
  newIdempotencyKey,
  problemNotice,
  providerOptions,
  showProblem,
  type ViewContext,
  viewHeading,
  whileBusy,
} from '../ui.ts';
import { slotPicker } from './slots.ts';

export async function renderBook(main: HTMLElement, ctx: ViewContext) {
  main.replaceChildren(viewHeading('Book for a caller'), loading());
  main.querySelector<HTMLElement>('h1')?.focus();
  let types: Awaited<ReturnType<ViewContext['types']>>;
  let providers: Awaited<ReturnType<ViewContext['providers']>>;
  try {
    [types, providers] = await Promise.all([ctx.types(), ctx.providers()]);
  } catch (error) {
    main.replaceChildren(viewHeading('Book for a caller'), problemNotice(error));
    return;
  }

  const type = h(
    'select',
    { name: 'type', required: true },
    types.map((t) => h('option', { value: t.id }, `${t.name} (${t.durationMinutes} min)`)),
  );
  const provider = h('select', { name: 'providerId' });
  const date = h('input', {
    type: 'date',
    name: 'date',
    required: true,
    value: todayIn(ctx.timeZone, ctx.now()),
  });
  const fillProviders = () => {
    provider.replaceChildren(
      h('option', { value: '' }, 'Any clinician'),
      ...providerOptions(providers, type.value),
    );
  };
  fillProviders();

  const submit = h(
    'button',
    { type: 'submit', class: 'button button-primary', disabled: true },
    'Book appointment',
  );
  const picker = slotPicker(ctx, 'Open times', (chosen) => {
    submit.disabled = !chosen;
  });
  const refresh = () => {
    if (date.value && type.value) void picker.load(type.value, date.value, provider.value || undefined);
  };
  type.addEventListener('change', () => {
    fillProviders();
    refresh();
  });
  provider.addEventListener('change', refresh);
  date.addEventListener('change', refresh);
  const show = h('button', { type: 'button', class: 'button', on: { click: refresh } }, 'Show open times');

  const name = h('input', { name: 'name', autocomplete: 'off', required: true, maxlength: '200' });
  const email = h('input', {
    name: 'email',
    type: 'email',
    autocomplete: 'off',
    required: true,
    spellcheck: 'false',
  });
  const phone = h('input', { name: 'phone', type: 'tel', autocomplete: 'off', required: true });
  const reason = h('textarea', { name: 'reason', rows: '2', maxlength: '500' });
  // A separate consent, asked of the caller and never assumed: unticked until they say yes.
  const smsConsent = h('input', {
    type: 'checkbox',
    name: 'smsConsent',
    id: 'book-sms-consent',
    'aria-describedby': 'book-sms-consent-hint',
  });
  const smsField = h(
    'div',
    { class: 'field' },
    h(
      'div',
      { class: 'check' },
      smsConsent,
      h('label', { for: 'book-sms-consent' }, 'Patient agrees to text reminders'),
    ),
    h(
      'p',
      { class: 'hint', id: 'book-sms-consent-hint' },
      'Ask the caller first. Reminders are texted to the phone above; message and data rates may apply, and replying STOP opts out.',
    ),
  );
  const slot = h('div');
  let idempotencyKey = newIdempotencyKey();

  const form = h(
    'form',
    { class: 'stack book-form' },
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'book-when' },
      h('h2', { id: 'book-when' }, '1. When'),
      h(
        'div',
        { class: 'row' },
        field(type, { label: 'Appointment type' }),
        field(provider, { label: 'Clinician' }),
        field(date, { label: 'Day' }),
      ),
      h('div', null, show),
      picker.element,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'book-who' },
      h('h2', { id: 'book-who' }, '2. Patient'),
      h(
        'div',
        { class: 'row' },
        field(name, { label: 'Name' }),
        field(email, { label: 'Email', hint: 'The confirmation goes here.' }),
        field(phone, { label: 'Phone' }),
      ),
      field(reason, { label: 'Reason for the visit (optional)' }),
      smsField,
    ),
    slot,
    h('div', { class: 'form-actions' }, submit),
  );
  // Any change of what is asked is a new request, with its own key.
  form.addEventListener('input', () => {
    idempotencyKey = newIdempotencyKey();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen: Slot | undefined = picker.chosen();
    if (!chosen) return;
    clearProblem(slot, form);
    try {
      const booked = await whileBusy(submit, 'Booking…', () =>
        ctx.api.post<AgendaBooking>(
          '/v1/staff/bookings',
          {
            type: type.value,
            start: chosen.start,
            ...(provider.value ? { providerId: provider.value } : {}),
            name: name.value.trim(),
            email: email.value.trim(),
            phone: phone.value.trim(),
            ...(reason.value.trim() ? { reason: reason.value.trim() } : {}),
            ...(smsConsent.checked ? { smsConsent: true } : {}),
          },
          idempotencyKey,
        ),
      );
      ctx.navigate(
        { view: 'booking', id: booked.id },
        {
          flash: `Booked for ${formatDateTime(booked.start, ctx.timeZone, ctx.locale)}. The confirmation is being emailed to the patient.`,
        },
      );
    } catch (error) {
      showProblem(slot, error, form);
      if (error instanceof ApiProblem && error.code === 'slot_unavailable') refresh();
    }
  });

  main.replaceChildren(
    h(
      'div',
      { class: 'view-header' },
      h(
        'div',
        null,
        viewHeading('Book for a caller'),
        h('p', { class: 'view-subtitle' }, `Times in ${ctx.timeZone.replace(/_/g, ' ')}`),
      ),
    ),
    form,
  );
  main.querySelector<HTMLElement>('h1')?.focus();
  refresh();
}
