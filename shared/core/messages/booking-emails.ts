// The emails a booking change sends, planned from its outbox notice (see bookings/notice.ts):
// the patient gets a confirmation, a "moved" or a cancellation with the iCalendar invite; staff
// get the same event with every detail and Reply-To the patient. Subjects say what happened and
// when, never who or why (API.md).

import { clinicPhoneDisplay } from '#clinic-phone';
import { providerName, typeName } from '../config/clinic.ts';
import type { ClinicConfig } from '../config/schema.ts';
import { ATTRIBUTION_FIELDS } from '../inquiries/fields.ts';
import { type ChangeWindow, changeWindow } from '../scheduling/change-window.ts';
import { displayPhone, longWhen, shortWhen } from '../scheduling/format.ts';
import { type BookingNotice, type NoticeEvent, noticeFromItem } from '../scheduling/notice.ts';
import { bookingKeepUntil, messageTrack } from './booking-messages.ts';
import { bookingCalendar, calendarMethodOf } from './calendar.ts';
import { changeLines } from './change-lines.ts';
import { html, joinHtml, type SafeHtml } from './html.ts';
import { renderHtmlEmail, renderTextEmail } from './layout.ts';
import { frontDesk, type OutgoingEmail } from './message.ts';
import type { StreamChange } from './planner.ts';

/** Email ids within one notice; each notice is its own outbox item, so these never repeat for an item. */
export const PATIENT_EMAIL_ID = 'patient';
export const STAFF_EMAIL_ID = 'staff';

type Row = readonly [label: string, value: string | undefined];

function rowsHtml(rows: readonly Row[]): SafeHtml {
  const cells = rows
    .filter((row): row is readonly [string, string] => row[1] !== undefined && row[1] !== '')
    .map(
      ([label, value]) =>
        html`<tr><td style="padding:4px 12px 4px 0;color:#5f6368;vertical-align:top;white-space:nowrap;">${label}</td><td style="padding:4px 0;white-space:pre-wrap;">${value}</td></tr>`,
    );
  return html`<table role="presentation" style="width:100%;border-collapse:collapse;margin:0 0 16px;">${cells}</table>`;
}

function rowsText(rows: readonly Row[]): string {
  return rows
    .filter((row): row is readonly [string, string] => row[1] !== undefined && row[1] !== '')
    .map(([label, value]) => `${label}: ${value.replace(/\r?\n/g, '\n  ')}`)
    .join('\n');
}

function paragraphHtml(text: string, link?: string): SafeHtml {
  const linkHtml = link ? html` <a href="${link}" style="color:#0b57d0;">${link}</a>` : null;
  return html`<p style="margin:0 0 16px;">${text}${linkHtml}</p>`;
}

interface Facts {
  readonly when: string;
  readonly subjectWhen: string;
  readonly previousWhen?: string;
  readonly type: string;
  readonly provider: string;
  readonly previousProvider?: string;
}

function factsOf(config: ClinicConfig, notice: BookingNotice): Facts {
  const timeZone = config.clinic.timeZone;
  const { booking, previous } = notice;
  const start = new Date(booking.start);
  return {
    when: longWhen(start, new Date(booking.end), timeZone),
    subjectWhen: shortWhen(start, timeZone),
    ...(previous
      ? { previousWhen: longWhen(new Date(previous.start), new Date(previous.end), timeZone) }
      : {}),
    type: typeName(config, booking.typeId),
    provider: providerName(config, booking.providerId),
    ...(previous && previous.providerId !== booking.providerId
      ? { previousProvider: providerName(config, previous.providerId) }
      : {}),
  };
}

const PATIENT_SUBJECTS: Record<NoticeEvent, (when: string) => string> = {
  confirmed: (when) => `Appointment confirmed for ${when}`,
  rescheduled: (when) => `Appointment rescheduled to ${when}`,
  cancelled: (when) => `Appointment cancelled (${when})`,
};

const PATIENT_HEADINGS: Record<NoticeEvent, string> = {
  confirmed: 'Your appointment is confirmed',
  rescheduled: 'Your appointment has been moved',
  cancelled: 'Your appointment is cancelled',
};

const STAFF_SUBJECTS: Record<NoticeEvent, (when: string) => string> = {
  confirmed: (when) => `New booking for ${when}`,
  rescheduled: (when) => `Booking rescheduled to ${when}`,
  cancelled: (when) => `Booking cancelled (${when})`,
};

/**
 * Until when, seen from the change this notice tells of, the booking may still be changed online:
 * the one rule the cancel and reschedule routes keep (shared/core/scheduling/change-window.ts).
 */
export function noticeWindow(config: ClinicConfig, notice: BookingNotice): ChangeWindow {
  const { booking } = notice;
  return changeWindow(
    config.scheduling,
    {
      status: booking.status,
      start: new Date(booking.start),
      ...(booking.createdAt ? { createdAt: new Date(booking.createdAt) } : {}),
    },
    new Date(booking.updatedAt),
  );
}

function patientEmail(config: ClinicConfig, notice: BookingNotice, facts: Facts): OutgoingEmail {
  const { clinic } = config;
  const { booking, event } = notice;
  const window = noticeWindow(config, notice);
  const phone = clinicPhoneDisplay(clinic);
  const rows: Row[] =
    event === 'cancelled'
      ? [
          ['Appointment', facts.type],
          ['With', facts.provider],
          ['Was on', facts.when],
        ]
      : [
          ['Appointment', facts.type],
          ['With', facts.provider],
          [event === 'rescheduled' ? 'New time' : 'When', facts.when],
          ['Previously', facts.previousWhen],
          ['Where', clinic.address ?? clinic.name],
          ['Phone', phone],
        ];
  const paragraphs: { text: string; link?: string }[] = [{ text: `Hello ${booking.name},` }];
  if (event === 'cancelled') {
    paragraphs.push({
      text: `Your appointment at ${clinic.name} has been cancelled. Nothing else is needed from you.`,
    });
    if (clinic.website) paragraphs.push({ text: 'To book another time, visit', link: clinic.website });
    else if (phone) paragraphs.push({ text: `To book another time, call us at ${phone}.` });
  } else {
    paragraphs.push({
      text:
        event === 'rescheduled'
          ? `Your appointment at ${clinic.name} has been moved. The attached invitation updates your calendar.`
          : `We look forward to seeing you at ${clinic.name}. The attached invitation adds the appointment to your calendar.`,
    });
    paragraphs.push(...changeLines(config, window, notice.manageUrl));
  }
  const heading = PATIENT_HEADINGS[event];
  const bodyHtml = html`${joinHtml(
    paragraphs.map((p) => paragraphHtml(p.text, p.link)),
    html`\n`,
  )}\n${rowsHtml(rows)}`;
  const bodyText = `${paragraphs.map((p) => (p.link ? `${p.text} ${p.link}` : p.text)).join('\n\n')}\n\n${rowsText(rows)}`;
  return {
    id: PATIENT_EMAIL_ID,
    to: [booking.email],
    replyTo: frontDesk(config),
    subject: PATIENT_SUBJECTS[event](facts.subjectWhen),
    text: renderTextEmail(clinic, heading, bodyText),
    html: renderHtmlEmail(clinic, { preheader: `${heading}: ${facts.subjectWhen}`, heading, bodyHtml }),
    calendar: {
      method: calendarMethodOf(booking.status),
      filename: event === 'cancelled' ? 'cancellation.ics' : 'appointment.ics',
      content: bookingCalendar(
        config,
        {
          id: booking.id,
          status: booking.status,
          typeId: booking.typeId,
          providerId: booking.providerId,
          start: new Date(booking.start),
          end: new Date(booking.end),
          sequence: booking.sequence,
          updatedAt: new Date(booking.updatedAt),
          patient: { name: booking.name, email: booking.email },
          ...(notice.manageUrl ? { manageUrl: notice.manageUrl } : {}),
          window,
        },
        calendarMethodOf(booking.status),
      ),
    },
  };
}

const STAFF_MADE_HEADINGS: Record<NoticeEvent, string> = {
  confirmed: 'New booking made by staff',
  rescheduled: 'A booking was moved by staff',
  cancelled: 'A booking was cancelled by staff',
};

/** What each email is, as a booking's `messages` names it. */
const MESSAGE_KINDS: Record<NoticeEvent, string> = {
  confirmed: 'confirmation',
  rescheduled: 'reschedule',
  cancelled: 'cancellation',
};

function staffEmail(config: ClinicConfig, notice: BookingNotice, facts: Facts): OutgoingEmail {
  const { booking, event } = notice;
  const headings: Record<NoticeEvent, string> = {
    confirmed: 'New online booking',
    rescheduled: 'A booking was rescheduled',
    cancelled: 'A booking was cancelled',
  };
  const heading = notice.byStaff ? STAFF_MADE_HEADINGS[event] : headings[event];
  const rows: Row[] = [
    ['Appointment', facts.type],
    ['Provider', facts.provider],
    [event === 'cancelled' ? 'Was on' : 'When', facts.when],
    ['Previously', facts.previousWhen],
    ['Previous provider', facts.previousProvider],
    ['Patient', booking.name],
    ['Email', booking.email],
    ['Phone', displayPhone(booking.phone, config.clinic.country)],
    ['Reason', booking.reason],
    ['Notes', booking.notes],
    ['Cancellation reason', event === 'cancelled' ? booking.cancelReason : undefined],
    ['By', notice.byStaff],
    ['Patient emailed', notice.notifyPatient === false ? 'No' : undefined],
    ...ATTRIBUTION_FIELDS.map((field): Row => [field, booking.attribution?.[field]]),
    ['Booking id', booking.id],
  ];
  const intro = 'Reply to this email to write to the patient.';
  return {
    id: STAFF_EMAIL_ID,
    to: [...config.email.staff],
    replyTo: booking.email,
    subject: STAFF_SUBJECTS[event](facts.subjectWhen),
    text: renderTextEmail(config.clinic, heading, `${rowsText(rows)}\n\n${intro}`),
    html: renderHtmlEmail(config.clinic, {
      preheader: `${heading}: ${facts.subjectWhen}`,
      heading,
      bodyHtml: html`${rowsHtml(rows)}\n${paragraphHtml(intro)}`,
    }),
  };
}

/**
 * The notifier's planner for booking notices: a notice's INSERT plans the patient's and the
 * staff's email; its removal (the notifier deleting it once they are sent, or the TTL) plans nothing.
 */
export function planBookingNoticeEmails(config: ClinicConfig, change: StreamChange): OutgoingEmail[] {
  if (change.eventName !== 'INSERT' || !change.newItem) return [];
  const notice = noticeFromItem(change.newItem);
  if (!notice) return [];
  const facts = factsOf(config, notice);
  const keepUntil = bookingKeepUntil(new Date(notice.booking.end), config.retention.bookingDaysAfterVisit);
  const tracked = (email: OutgoingEmail, recipient: 'patient' | 'staff'): OutgoingEmail => {
    const kind = `${recipient === 'staff' ? 'staff_' : ''}${MESSAGE_KINDS[notice.event]}`;
    const { id, sequence } = notice.booking;
    return { ...email, track: messageTrack(id, sequence, { id: email.id, kind, recipient }, keepUntil) };
  };
  return [
    ...(notice.notifyPatient === false ? [] : [tracked(patientEmail(config, notice, facts), 'patient')]),
    tracked(staffEmail(config, notice, facts), 'staff'),
  ];
}
