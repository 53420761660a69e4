// Small HTML answers for plain form posts (no JavaScript): what was booked, moved or cancelled,
// with the manage link, so a patient who posted a bare <form> is never left with raw JSON.
import type { ClinicConfig } from '../../config/schema.ts';
import { escapeHtml, htmlPage } from '../../http/html.ts';
import type { ProblemDocument } from '../../http/problems.ts';
import type { Slot } from '../slots.ts';
import { describeMinutes, displayPhone, longWhen } from './format.ts';
import type { Booking } from './model.ts';
import { providerName, typeName } from './views.ts';

export interface BookingPageOptions {
  readonly heading: string;
  readonly booking: Booking;
  /** The patient's manage link (only on the page answering the patient's own request). */
  readonly manageUrl?: string;
  /** Where the current .ics of the booking can be downloaded. */
  readonly calendarUrl?: string;
}

export function bookingPage(config: ClinicConfig, options: BookingPageOptions): string {
  const { clinic, scheduling } = config;
  const { booking } = options;
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
  const parts = [`<h1>${escapeHtml(options.heading)}</h1>`, `<dl>\n${list}\n</dl>`];
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
  if (clinic.phone) {
    parts.push(
      `<p>Questions? Call us at <a href="tel:${escapeHtml(clinic.phone)}">${escapeHtml(displayPhone(clinic.phone, clinic.country))}</a>.</p>`,
    );
  }
  if (clinic.website)
    parts.push(`<p><a href="${escapeHtml(clinic.website)}">Back to ${escapeHtml(clinic.name)}</a></p>`);
  return htmlPage(options.heading, parts.join('\n'));
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
