// Open times for a type on a day, from the same public availability the patients see; used by
// "book for a caller" and "move". The times are radio buttons: one choice, keyboard-native.
import type { Availability, Slot } from '../api.ts';
import { h, uid } from '../dom.ts';
import { formatLongDate, formatTime, type LocalDate } from '../format.ts';
import { loading, problemNotice, type ViewContext } from '../ui.ts';

export interface SlotPicker {
  readonly element: HTMLElement;
  /** Loads the open times of `type` on `date`; clears the choice. */
  load(type: string, date: LocalDate, provider?: string): Promise<void>;
  /** The chosen slot, if any. */
  chosen(): Slot | undefined;
}

export function slotPicker(
  ctx: ViewContext,
  legend: string,
  onChange?: (slot: Slot | undefined) => void,
): SlotPicker {
  const name = uid('slot');
  const body = h(
    'div',
    { class: 'slots-body' },
    h('p', { class: 'hint' }, 'Pick a day, then “Show open times”.'),
  );
  const fieldset = h('fieldset', { class: 'slots' }, h('legend', null, legend), body);
  let slots: readonly Slot[] = [];

  function chosen(): Slot | undefined {
    const checked = fieldset.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
    return checked ? slots[Number(checked.value)] : undefined;
  }

  async function load(type: string, date: LocalDate, provider?: string) {
    body.replaceChildren(loading('Finding open times…'));
    onChange?.(undefined);
    try {
      const answer = await ctx.api.get<Availability>('/v1/availability', {
        type,
        from: date,
        to: date,
        provider,
      });
      slots = answer.slots;
      if (slots.length === 0) {
        const next = answer.nextAvailable;
        body.replaceChildren(
          h(
            'p',
            { class: 'hint', role: 'status' },
            `No open times on ${formatLongDate(date, ctx.locale)}.`,
            next
              ? ` The next one is ${formatLongDate(next.start.slice(0, 10), ctx.locale)} at ${formatTime(next.start, answer.timeZone, ctx.locale)}.`
              : '',
          ),
        );
        return;
      }
      body.replaceChildren(
        h(
          'p',
          { class: 'hint', role: 'status' },
          `${slots.length} open ${slots.length === 1 ? 'time' : 'times'} on ${formatLongDate(date, ctx.locale)}`,
        ),
        h(
          'div',
          { class: 'slot-grid' },
          slots.map((slot, index) => {
            const id = `${name}-${index}`;
            const who = slot.providers.map((p) => ctx.providerName(p)).join(', ');
            return h(
              'div',
              { class: 'slot' },
              h('input', {
                type: 'radio',
                name,
                id,
                value: String(index),
                on: { change: () => onChange?.(chosen()) },
              }),
              h(
                'label',
                { for: id },
                h('span', { class: 'slot-time' }, formatTime(slot.start, answer.timeZone, ctx.locale)),
                h('span', { class: 'slot-who' }, who),
              ),
            );
          }),
        ),
      );
    } catch (error) {
      slots = [];
      body.replaceChildren(problemNotice(error));
    }
  }

  return { element: fieldset, load, chosen };
}
