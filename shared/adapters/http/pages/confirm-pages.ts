// The pages behind a reminder's confirm link (no JavaScript): the appointment with one button, a
// plain form that posts the confirmation (the GET that shows it changes nothing), and the page
// that answers that post.
import type { ClinicConfig } from '../../../core/config/schema.ts';
import { html, joinHtml, type SafeHtml } from '../../../core/messages/html.ts';
import type { Booking } from '../../../core/scheduling/booking.ts';
import type { ChangeWindow } from '../../../core/scheduling/change-window.ts';
import { shortWhen } from '../../../core/scheduling/format.ts';
import { htmlPage } from '../html.ts';
import { backLink, changeParagraphs, detailsList, lines, phoneParagraph } from './booking-pages.ts';

/** What the confirmed page offers besides the appointment. */
export interface ConfirmedPageOptions {
  readonly booking: Booking;
  /** The patient's manage link (their own request carried the token). */
  readonly manageUrl: string;
  /** Where the current .ics of the booking can be downloaded. */
  readonly calendarUrl: string;
  /** Until when it may still be moved and cancelled online, seen from the request. */
  readonly window: ChangeWindow;
}

export interface ConfirmPageOptions extends ConfirmedPageOptions {
  /** The raw manage token, posted back in the form's hidden field. */
  readonly token: string;
  /** This API's origin, for the form's absolute action. */
  readonly apiOrigin: string;
  /** The button is offered: confirmed, not confirmed by the patient yet, and not begun. */
  readonly confirmable: boolean;
}

/** Something can still be done online (else the phone is the one way, said once). */
const onlineChange = (options: ConfirmedPageOptions) =>
  options.window.moveUntil !== undefined || options.window.cancelUntil !== undefined;

/** For a patient who cannot come after all: the manage link while it works, else the phone. */
function cannotComeParagraph(config: ClinicConfig, options: ConfirmedPageOptions): SafeHtml | undefined {
  if (onlineChange(options)) {
    return joinHtml(
      [html`<p>Can’t make it?</p>`, ...changeParagraphs(config, options.window, options.manageUrl)],
      html`\n`,
    );
  }
  return phoneParagraph(config, 'Can’t make it? Please call us at');
}

/** The answer to the confirm button, and what the link shows once the patient has confirmed. */
export function confirmedPage(config: ClinicConfig, options: ConfirmedPageOptions): string {
  const { timeZone } = config.clinic;
  const { booking } = options;
  const heading = `Thanks, see you on ${shortWhen(booking.start, timeZone)}`;
  const when = booking.confirmedAt ? html` on ${shortWhen(booking.confirmedAt, timeZone)}` : html``;
  return htmlPage(
    heading,
    lines([
      html`<h1>${heading}</h1>`,
      html`<p role="status">You confirmed your attendance${when}. Thank you for letting us know.</p>`,
      detailsList(config, booking),
      html`<p><a href="${options.calendarUrl}">Add to calendar</a></p>`,
      cannotComeParagraph(config, options),
      onlineChange(options) ? phoneParagraph(config, 'Questions? Call us at') : undefined,
      backLink(config),
    ]),
    config.clinic,
  );
}

/**
 * The page a confirm link opens. While there is something to confirm: the appointment and one
 * button; a confirmed appointment shows the confirmed page, a cancelled or begun one says so.
 */
export function confirmPage(config: ClinicConfig, options: ConfirmPageOptions): string {
  const { booking } = options;
  if (booking.status === 'cancelled') {
    const heading = 'This appointment is cancelled';
    return htmlPage(
      heading,
      lines([
        html`<h1>${heading}</h1>`,
        html`<p role="status">There is nothing to confirm: this appointment was cancelled.</p>`,
        detailsList(config, booking),
        phoneParagraph(config, 'To book a new appointment, call us at'),
        backLink(config),
      ]),
      config.clinic,
    );
  }
  if (booking.confirmedAt !== undefined) return confirmedPage(config, options);
  if (!options.confirmable) {
    const heading = 'Your appointment';
    return htmlPage(
      heading,
      lines([
        html`<h1>${heading}</h1>`,
        html`<p role="status">This appointment has already begun, so there is nothing left to confirm.</p>`,
        detailsList(config, booking),
        phoneParagraph(config, 'Questions? Call us at'),
        backLink(config),
      ]),
      config.clinic,
    );
  }
  const heading = 'Confirm your appointment';
  const action = `${options.apiOrigin}/v1/bookings/${encodeURIComponent(booking.id)}/confirm`;
  return htmlPage(
    heading,
    lines([
      html`<h1>${heading}</h1>`,
      html`<p>Please let us know that you will be there.</p>`,
      detailsList(config, booking),
      html`<form method="post" action="${action}">`,
      html`<input type="hidden" name="token" value="${options.token}">`,
      html`<p><button type="submit">Confirm my appointment</button></p>`,
      html`</form>`,
      cannotComeParagraph(config, options),
      onlineChange(options) ? phoneParagraph(config, 'Questions? Call us at') : undefined,
      backLink(config),
    ]),
    config.clinic,
  );
}
