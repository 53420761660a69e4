// Small HTML answers for plain form posts (no JavaScript): what was booked, moved or cancelled,
// with the manage link, so a patient who posted a bare <form> is never left with raw JSON.

import { clinicPhoneDisplay } from '#clinic-phone';
import { providerName, typeName } from '../../../core/config/clinic.ts';
import type { ClinicConfig } from '../../../core/config/schema.ts';
import { changeLines } from '../../../core/messages/change-lines.ts';
import { html, joinHtml, type SafeHtml } from '../../../core/messages/html.ts';
import type { Booking } from '../../../core/scheduling/booking.ts';
import type { ChangeWindow } from '../../../core/scheduling/change-window.ts';
import { longWhen, shortWhen } from '../../../core/scheduling/format.ts';
import type { Slot } from '../../../core/scheduling/slots.ts';
import { htmlPage } from '../html.ts';

const NL = html`\n`;

/** The page's blocks, one a line; a block a page leaves out is `undefined`. */
export const lines = (blocks: readonly (SafeHtml | undefined)[]) =>
  joinHtml(
    blocks.filter((block): block is SafeHtml => block !== undefined),
    NL,
  );

export interface BookingPageOptions {
  readonly heading: string;
  readonly booking: Booking;
  /** The patient's manage link (only on the page answering the patient's own request). */
  readonly manageUrl?: string;
  /** Where the current .ics of the booking can be downloaded. */
  readonly calendarUrl?: string;
  /** Until when it may be changed online, seen from the request: what the page promises. */
  readonly window?: ChangeWindow;
}

/**
 * What the patient may still change online and until when (the emails' sentences, from the rule
 * the API enforces: undo grace included), or how to reach the clinic: never "until 24 hours
 * before" for a booking whose notice window has already begun.
 */
export function changeParagraphs(
  config: ClinicConfig,
  window: ChangeWindow,
  manageUrl: string | undefined,
): SafeHtml[] {
  return changeLines(config, window, manageUrl).map((line) =>
    line.link
      ? html`<p>${line.text} <a href="${line.link}">manage your appointment</a>. Keep this link private.</p>`
      : html`<p>${line.text}</p>`,
  );
}

/** The manage page's own deadlines (its forms are the way to change): the API's, to the minute. */
function deadlineParagraph(
  config: ClinicConfig,
  { moveUntil, cancelUntil }: ChangeWindow,
): SafeHtml | undefined {
  const when = (instant: Date) => shortWhen(instant, config.clinic.timeZone);
  if (moveUntil && cancelUntil && when(moveUntil) !== when(cancelUntil)) {
    return html`<p>You can move this appointment online until ${when(moveUntil)}, and cancel it online until ${when(cancelUntil)}.</p>`;
  }
  if (moveUntil) return html`<p>You can move or cancel this appointment online until ${when(moveUntil)}.</p>`;
  if (cancelUntil) {
    return html`<p>Booked by mistake? You can cancel this appointment online until ${when(cancelUntil)}. To move it, please call us.</p>`;
  }
  return undefined;
}

/** What, with whom, when and where: the details every booking page starts with. */
export function detailsList(config: ClinicConfig, booking: Booking): SafeHtml {
  const { clinic } = config;
  const rows: [string, string][] = [
    ['Appointment', typeName(config, booking.typeId)],
    ['With', providerName(config, booking.providerId)],
    [
      booking.status === 'cancelled' ? 'Was on' : 'When',
      longWhen(booking.start, booking.end, clinic.timeZone),
    ],
  ];
  if (booking.status !== 'cancelled') rows.push(['Where', clinic.address ?? clinic.name]);
  const list = rows.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`);
  return html`<dl>\n${joinHtml(list, NL)}\n</dl>`;
}

export function phoneParagraph(config: ClinicConfig, lead: string): SafeHtml | undefined {
  const { clinic } = config;
  if (!clinic.phone) return undefined;
  return html`<p>${lead} <a href="tel:${clinic.phone}">${clinicPhoneDisplay(clinic)}</a>.</p>`;
}

export function backLink(config: ClinicConfig): SafeHtml | undefined {
  const { clinic } = config;
  return clinic.website ? html`<p><a href="${clinic.website}">Back to ${clinic.name}</a></p>` : undefined;
}

export function bookingPage(config: ClinicConfig, options: BookingPageOptions): string {
  const { booking } = options;
  const parts: (SafeHtml | undefined)[] = [html`<h1>${options.heading}</h1>`, detailsList(config, booking)];
  if (booking.status !== 'cancelled') {
    parts.push(html`<p>A confirmation is on its way to your email.</p>`);
    if (options.calendarUrl) {
      parts.push(html`<p><a href="${options.calendarUrl}">Add it to your calendar</a></p>`);
    }
    if (options.manageUrl && options.window) {
      parts.push(...changeParagraphs(config, options.window, options.manageUrl));
    }
  }
  parts.push(phoneParagraph(config, 'Questions? Call us at'), backLink(config));
  return htmlPage(options.heading, lines(parts), config.clinic);
}

export interface ManagePageOptions {
  readonly booking: Booking;
  /** The raw manage token, posted back in hidden fields. */
  readonly token: string;
  /** This API's origin, for the forms' absolute actions. */
  readonly apiOrigin: string;
  readonly calendarUrl: string;
  /** Confirmed and outside scheduling.minChangeNoticeMinutes: the move form is shown. */
  readonly changeable: boolean;
  /** It may still be cancelled online (changeable, or within the undo grace): the cancel form. */
  readonly cancellable: boolean;
  /** Until when it may be moved and cancelled online. */
  readonly window: ChangeWindow;
  /** Open times of the same type to move to (nearest first in time order). */
  readonly choices: readonly Slot[];
}

/**
 * The page behind the manage link when the clinic has no page of its own: the appointment, and
 * plain forms (no JavaScript) to cancel it or move it to one of the nearest open times. The
 * forms post to the existing cancel and reschedule routes, which answer form posts with a page.
 */
export function managePage(config: ClinicConfig, options: ManagePageOptions): string {
  const { clinic } = config;
  const { booking, token, changeable, cancellable } = options;
  const heading = 'Your appointment';
  const action = (verb: string) =>
    `${options.apiOrigin}/v1/bookings/${encodeURIComponent(booking.id)}/${verb}`;
  const hiddenToken = html`<input type="hidden" name="token" value="${token}">`;
  const parts: (SafeHtml | undefined)[] = [html`<h1>${heading}</h1>`];
  if (booking.status === 'cancelled') {
    parts.push(html`<p role="status"><strong>This appointment is cancelled.</strong></p>`);
  }
  parts.push(detailsList(config, booking));
  if (booking.status === 'confirmed') {
    parts.push(html`<p><a href="${options.calendarUrl}">Add to calendar</a></p>`);
  }
  if (booking.status === 'confirmed' && (changeable || cancellable)) {
    parts.push(deadlineParagraph(config, options.window));
  }
  if (booking.status === 'confirmed' && changeable) {
    if (options.choices.length > 0) {
      const radios = options.choices.map((slot, i) => {
        const start = new Date(slot.start);
        const when = longWhen(start, new Date(slot.end), clinic.timeZone);
        // Without a providerId the reschedule keeps the current provider when free, else the first free one.
        const who = slot.providers.includes(booking.providerId) ? booking.providerId : slot.providers[0];
        const label = who ? `${when}, with ${providerName(config, who)}` : when;
        // The label wraps its radio: the whole box is the tap target, text beside the button.
        return html`<label class="choice" for="start-${i}"><input type="radio" id="start-${i}" name="start" value="${slot.start}" required> <span>${label}</span></label>`;
      });
      parts.push(
        html`<h2>Move to another time</h2>`,
        html`<form method="post" action="${action('reschedule')}">`,
        hiddenToken,
        html`<fieldset>\n<legend>The nearest open times</legend>\n${joinHtml(radios, NL)}\n</fieldset>`,
        html`<p><button type="submit">Move my appointment</button></p>`,
        html`</form>`,
      );
    } else {
      parts.push(
        html`<h2>Move to another time</h2>`,
        html`<p>There is no other open time to move to right now.</p>`,
      );
    }
  }
  if (booking.status === 'confirmed' && cancellable) {
    parts.push(
      html`<h2>Cancel this appointment</h2>`,
      html`<form method="post" action="${action('cancel')}">`,
      hiddenToken,
      html`<p><label for="reason">Reason (optional)</label><br>`,
      html`<textarea id="reason" name="reason" rows="3" cols="40" maxlength="500"></textarea></p>`,
      html`<p><button type="submit">Cancel this appointment</button></p>`,
      html`</form>`,
    );
  } else if (booking.status === 'confirmed' && !changeable) {
    parts.push(
      html`<p>It is too late to change this appointment online.</p>`,
      phoneParagraph(config, 'To cancel or move it, please call us at'),
    );
  }
  if (booking.status === 'cancelled' || changeable || cancellable)
    parts.push(phoneParagraph(config, 'Questions? Call us at'));
  parts.push(backLink(config));
  return htmlPage(heading, lines(parts), config.clinic);
}
