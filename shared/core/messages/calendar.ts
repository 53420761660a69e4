// The iCalendar (RFC 5545 / iTIP RFC 5546) object of a booking, built with ical-generator: one
// VEVENT per booking with a stable UID, a SEQUENCE that counts changes, times in the clinic's
// TZID with its VTIMEZONE. Emailed, it is an iTIP message: METHOD:REQUEST (new or moved) or
// METHOD:CANCEL, the patient an attendee whose answer is still to come (PARTSTAT=NEEDS-ACTION, as
// an organizer sends it). Downloaded, it is METHOD:PUBLISH: a file to add, not an invitation. Its
// title is scheduling.calendarTitle, never the appointment type (a lock screen or a shared calendar
// shows it), and the object ends in CRLF like every line of it (RFC 5545 3.1).

import {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendar,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { clinicPhoneDisplay } from '#clinic-phone';
import { providerName, typeName } from '../config/clinic.ts';
import type { ClinicConfig } from '../config/schema.ts';
import type { BookingStatus } from '../scheduling/booking.ts';
import type { ChangeWindow } from '../scheduling/change-window.ts';
import { changeLines, changeText } from './change-lines.ts';
import { zonedDateTime } from './ical-time.ts';

export interface CalendarBooking {
  readonly id: string;
  readonly status: BookingStatus;
  readonly typeId: string;
  readonly providerId: string;
  readonly start: Date;
  readonly end: Date;
  /** 0 on creation, +1 per reschedule or cancellation. */
  readonly sequence: number;
  /** When this version of the booking came to be (DTSTAMP): the same booking state, the same file. */
  readonly updatedAt: Date;
  readonly patient: { readonly name: string; readonly email: string };
  /** Included in the description when known (it carries the token, so only for the patient). */
  readonly manageUrl?: string;
  /** Until when it may be changed online, seen from when the file is made; absent: by phone only. */
  readonly window?: ChangeWindow;
}

/** REQUEST and CANCEL are emailed (iTIP); PUBLISH is the file the patient downloads. */
export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
};

/** scheduling.calendarTitle with its placeholders filled in (the schema allows no others). */
export function calendarTitle(config: ClinicConfig, providerId: string): string {
  return config.scheduling.calendarTitle
    .replaceAll('{clinic}', config.clinic.name)
    .replaceAll('{provider}', providerName(config, providerId));
}

/** Every line ends in CRLF, the last one too; a bare LF anywhere becomes CRLF. */
function withCrlf(ics: string): string {
  const lines = ics.replace(/\r\n/g, '\n').replace(/\r/g, '\n').replace(/\n+$/, '').split('\n');
  return `${lines.join('\r\n')}\r\n`;
}

/** `Name <address>` or `address` → the address. */
function addressOf(mailbox: string): string {
  const match = /<([^<>]+)>\s*$/.exec(mailbox);
  return (match?.[1] ?? mailbox).trim();
}

/** The clinic's mail domain: what makes `<bookingId>@<domain>` globally unique as RFC 5545 asks. */
export function calendarUid(config: ClinicConfig, bookingId: string): string {
  const domain = addressOf(config.email.from).split('@')[1] ?? 'bookings.invalid';
  return `${bookingId}@${domain.toLowerCase()}`;
}

/** The emailed method: METHOD:CANCEL for a cancelled booking, else METHOD:REQUEST. */
export function calendarMethodOf(status: BookingStatus): 'REQUEST' | 'CANCEL' {
  return status === 'cancelled' ? 'CANCEL' : 'REQUEST';
}

function descriptionOf(config: ClinicConfig, booking: CalendarBooking): string {
  const { clinic } = config;
  const lines = [
    `${typeName(config, booking.typeId)} with ${providerName(config, booking.providerId)}`,
    clinic.name,
  ];
  if (clinic.address) lines.push(clinic.address);
  if (clinic.phone) lines.push(`Phone: ${clinicPhoneDisplay(clinic)}`);
  if (booking.status === 'cancelled') {
    lines.push('', 'This appointment was cancelled.');
  } else {
    lines.push('', changeText(changeLines(config, booking.window ?? {}, booking.manageUrl)));
  }
  return lines.join('\n');
}

export function bookingCalendar(
  config: ClinicConfig,
  booking: CalendarBooking,
  method: CalendarMethod,
): string {
  const timeZone = config.clinic.timeZone;
  const calendar = new ICalCalendar({ prodId: { company: config.clinic.name, product: 'Appointments' } });
  calendar.method(METHODS[method]);
  // No calendar-wide zone (name null): ical-generator would then write DTSTAMP as local time,
  // which RFC 5545 requires in UTC. The event's own zone still gets its VTIMEZONE from the generator.
  calendar.timezone({ name: null, generator: (zone) => (tzlib_get_ical_block(zone) as string[])[0] ?? null });
  const event = calendar.createEvent({
    id: calendarUid(config, booking.id),
    sequence: booking.sequence,
    stamp: booking.updatedAt,
    start: zonedDateTime(booking.start.getTime(), timeZone),
    end: zonedDateTime(booking.end.getTime(), timeZone),
    timezone: timeZone,
    summary: calendarTitle(config, booking.providerId),
    description: descriptionOf(config, booking),
    location: config.clinic.address ?? config.clinic.name,
    status: booking.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: config.clinic.name, email: addressOf(config.email.from) },
    ...(config.clinic.website ? { url: config.clinic.website } : {}),
  });
  // iTIP: the organizer sends the attendee's status as still to be answered. No RSVP is asked for:
  // the booking is already made, and a reply would go to a sender address nobody reads.
  event.createAttendee({
    email: booking.patient.email,
    name: booking.patient.name,
    role: ICalAttendeeRole.REQ,
    status: ICalAttendeeStatus.NEEDSACTION,
    rsvp: false,
  });
  return withCrlf(calendar.toString());
}
