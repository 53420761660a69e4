// Small HTML answers for plain form posts (no JavaScript): what was booked, moved or cancelled,
// with the manage link, so a patient who posted a bare <form> is never left with raw JSON.

import { providerName, typeName } from '../../../core/config/clinic.ts';
import type { ClinicConfig } from '../../../core/config/schema.ts';
import { escapeHtml } from '../../../core/messages/html.ts';
import type { Booking } from '../../../core/scheduling/booking.ts';
import { describeMinutes, displayPhone, longWhen } from '../../../core/scheduling/format.ts';
import type { Slot } from '../../../core/scheduling/slots.ts';
import { htmlPage } from '../html.ts';
import type { ProblemDocument } from '../problems.ts';

export interface BookingPageOptions {
  readonly heading: string;
  readonly booking: Booking;
  /** The patient's manage link (only on the page answering the patient's own request). */
  readonly manageUrl?: string;
  /** Where the current .ics of the booking can be downloaded. */
  readonly calendarUrl?: string;
}

/** What, with whom, when and where: the details every booking page starts with. */
function detailsList(config: ClinicConfig, booking: Booking): string {
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
  const list = rows
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('\n');
  return `<dl>\n${list}\n</dl>`;
}

function phoneParagraph(config: ClinicConfig, lead: string): string | undefined {
  const { clinic } = config;
  if (!clinic.phone) return undefined;
  return `<p>${escapeHtml(lead)} <a href="tel:${escapeHtml(clinic.phone)}">${escapeHtml(displayPhone(clinic.phone, clinic.country))}</a>.</p>`;
}

export function bookingPage(config: ClinicConfig, options: BookingPageOptions): string {
  const { clinic, scheduling } = config;
  const { booking } = options;
  const parts = [`<h1>${escapeHtml(options.heading)}</h1>`, detailsList(config, booking)];
  if (booking.status !== 'cancelled') {
    parts.push('<p>A confirmation is on its way to your email.</p>');
    if (options.calendarUrl) {
      parts.push(`<p><a href="${escapeHtml(options.calendarUrl)}">Add it to your calendar</a></p>`);
    }
    if (options.manageUrl) {
      parts.push(
        `<p>You can reschedule or cancel online until ${escapeHtml(describeMinutes(scheduling.minChangeNoticeMinutes))} before: ` +
          `<a href="${escapeHtml(options.manageUrl)}">manage your appointment</a>. Keep this link private.</p>`,
      );
    }
  }
  const phone = phoneParagraph(config, 'Questions? Call us at');
  if (phone) parts.push(phone);
  if (clinic.website)
    parts.push(`<p><a href="${escapeHtml(clinic.website)}">Back to ${escapeHtml(clinic.name)}</a></p>`);
  return htmlPage(options.heading, parts.join('\n'));
}

export interface ManagePageOptions {
  readonly booking: Booking;
  /** The raw manage token, posted back in hidden fields. */
  readonly token: string;
  /** This API's origin, for the forms' absolute actions. */
  readonly apiOrigin: string;
  readonly calendarUrl: string;
  /** Confirmed and outside scheduling.minChangeNoticeMinutes: the forms are shown. */
  readonly changeable: boolean;
  /** Open times of the same type to move to (nearest first in time order). */
  readonly choices: readonly Slot[];
}

/**
 * The page behind the manage link when the clinic has no page of its own: the appointment, and
 * plain forms (no JavaScript) to cancel it or move it to one of the nearest open times. The
 * forms post to the existing cancel and reschedule routes, which answer form posts with a page.
 */
export function managePage(config: ClinicConfig, options: ManagePageOptions): string {
  const { clinic, scheduling } = config;
  const { booking, token, changeable } = options;
  const heading = 'Your appointment';
  const action = (verb: string) =>
    escapeHtml(`${options.apiOrigin}/v1/bookings/${encodeURIComponent(booking.id)}/${verb}`);
  const hiddenToken = `<input type="hidden" name="token" value="${escapeHtml(token)}">`;
  const parts = [`<h1>${escapeHtml(heading)}</h1>`];
  if (booking.status === 'cancelled') {
    parts.push('<p role="status"><strong>This appointment is cancelled.</strong></p>');
  }
  parts.push(detailsList(config, booking));
  if (booking.status === 'confirmed') {
    parts.push(`<p><a href="${escapeHtml(options.calendarUrl)}">Add to calendar</a></p>`);
  }
  if (booking.status === 'confirmed' && changeable) {
    if (options.choices.length > 0) {
      const radios = options.choices.map((slot, i) => {
        const start = new Date(slot.start);
        const when = longWhen(start, new Date(slot.end), clinic.timeZone);
        // Without a providerId the reschedule keeps the current provider when free, else the first free one.
        const who = slot.providers.includes(booking.providerId) ? booking.providerId : slot.providers[0];
        const label = who ? `${when}, with ${providerName(config, who)}` : when;
        return (
          `<div><input type="radio" id="start-${i}" name="start" value="${escapeHtml(slot.start)}" required>` +
          ` <label for="start-${i}">${escapeHtml(label)}</label></div>`
        );
      });
      parts.push(
        '<h2>Move to another time</h2>',
        `<form method="post" action="${action('reschedule')}">`,
        hiddenToken,
        `<fieldset>\n<legend>The nearest open times</legend>\n${radios.join('\n')}\n</fieldset>`,
        '<p><button type="submit">Move my appointment</button></p>',
        '</form>',
      );
    } else {
      parts.push('<h2>Move to another time</h2>', '<p>There is no other open time to move to right now.</p>');
    }
    parts.push(
      '<h2>Cancel this appointment</h2>',
      `<form method="post" action="${action('cancel')}">`,
      hiddenToken,
      '<p><label for="reason">Reason (optional)</label><br>',
      '<textarea id="reason" name="reason" rows="3" cols="40" maxlength="500"></textarea></p>',
      '<p><button type="submit">Cancel this appointment</button></p>',
      '</form>',
    );
  } else if (booking.status === 'confirmed') {
    parts.push(
      `<p>It is too late to change this appointment online: changes are possible until ${escapeHtml(describeMinutes(scheduling.minChangeNoticeMinutes))} before the start.</p>`,
    );
    const phone = phoneParagraph(config, 'To cancel or move it, please call us at');
    if (phone) parts.push(phone);
  }
  if (booking.status === 'cancelled' || changeable) {
    const phone = phoneParagraph(config, 'Questions? Call us at');
    if (phone) parts.push(phone);
  }
  if (clinic.website)
    parts.push(`<p><a href="${escapeHtml(clinic.website)}">Back to ${escapeHtml(clinic.name)}</a></p>`);
  return htmlPage(heading, parts.join('\n'));
}

/**
 * On the HTML page of a 409 slot_unavailable: the nearest open times, in the clinic's time zone,
 * so a patient who posted a plain form can pick another without starting over.
 */
export function alternativesHtml(config: ClinicConfig): (problem: ProblemDocument) => string | undefined {
  return (problem) => {
    const alternatives = problem.alternatives as readonly Slot[] | undefined;
    if (problem.code !== 'slot_unavailable' || !alternatives || alternatives.length === 0) return undefined;
    const items = alternatives.map((slot) => {
      const when = longWhen(new Date(slot.start), new Date(slot.end), config.clinic.timeZone);
      const with_ = slot.providers.map((id) => providerName(config, id)).join(' or ');
      return `<li>${escapeHtml(when)}, with ${escapeHtml(with_)}</li>`;
    });
    return `\n<p>The nearest open times:</p>\n<ul>\n${items.join('\n')}\n</ul>`;
  };
}
