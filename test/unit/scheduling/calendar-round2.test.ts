// The invite as API.md round 2 wants it, read by Python's icalendar and by ical.js, and checked
// for CRLF: PUBLISH for the file to add, REQUEST/CANCEL emailed, the patient NEEDS-ACTION, the
// title from scheduling.calendarTitle (never the appointment type), CRLF after END:VCALENDAR too.
import { describe, expect, it } from 'vitest';
import {
  bookingCalendar,
  type CalendarBooking,
  type CalendarMethod,
} from '../../../shared/core/messages/calendar.ts';
import { crlfProblems, readWithPythonIcalendar } from '../../support/icalendar.ts';
import { configWith, devConfig } from './bookings/fixtures.ts';
import { parseCalendar } from './bookings/ical.ts';

const botox: CalendarBooking = {
  id: '01KBOOKING000000000000000B',
  status: 'confirmed',
  typeId: 'botox-injection',
  providerId: 'dr-lee',
  start: new Date('2026-12-01T14:00:00.000Z'),
  end: new Date('2026-12-01T14:30:00.000Z'),
  sequence: 0,
  updatedAt: new Date('2026-11-20T15:30:00.000Z'),
  patient: { name: 'Ana Díaz', email: 'ana@example.com' },
  manageUrl:
    'https://www.riverside-spine.example/appointments/manage?id=01KBOOKING000000000000000B&token=abc',
};

const cases: [CalendarMethod, CalendarBooking][] = [
  ['PUBLISH', botox],
  ['REQUEST', botox],
  ['CANCEL', { ...botox, status: 'cancelled', sequence: 1 }],
];

describe('the booking iCalendar, round 2', () => {
  const objects = cases.map(([method, booking]) => bookingCalendar(devConfig, booking, method));

  it('ends every line in CRLF, END:VCALENDAR included, with no bare LF', () => {
    for (const ics of objects) {
      expect(crlfProblems(ics)).toEqual([]);
      expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    }
  });

  it('is read by Python’s icalendar without errors, with the method asked for', async () => {
    const reports = await readWithPythonIcalendar(objects);
    expect(reports.map((r) => r.method)).toEqual(['PUBLISH', 'REQUEST', 'CANCEL']);
    for (const report of reports) {
      expect(report.errors).toEqual([]);
      expect(report.version).toBe('2.0');
      expect(report.events).toHaveLength(1);
      const [event] = report.events;
      expect(event?.uid).toBe('01KBOOKING000000000000000B@riverside-spine.example');
      expect(event?.dtstamp).toBe('2026-11-20T15:30:00+00:00');
      expect(event?.dtstart).toBe('2026-12-01T09:00:00-05:00');
    }
  });

  it('sends the patient as an attendee still to answer (PARTSTAT=NEEDS-ACTION), without asking for a reply', async () => {
    const reports = await readWithPythonIcalendar(objects);
    for (const report of reports) {
      const [attendee] = report.events[0]?.attendees ?? [];
      expect(attendee?.address.toLowerCase()).toBe('mailto:ana@example.com');
      expect(attendee?.params).toMatchObject({
        PARTSTAT: 'NEEDS-ACTION',
        ROLE: 'REQ-PARTICIPANT',
        RSVP: 'FALSE',
      });
    }
    const { vevent } = parseCalendar(objects[1] as string);
    expect(vevent.getFirstProperty('attendee')?.getParameter('partstat')).toBe('NEEDS-ACTION');
  });

  it('titles the event "Appointment at {clinic}", never with the appointment type', async () => {
    const reports = await readWithPythonIcalendar(objects);
    for (const report of reports) {
      expect(report.events[0]?.summary).toBe('Appointment at Riverside Spine & Sports Medicine');
    }
    for (const ics of objects) expect(ics).not.toMatch(/SUMMARY:[^\r\n]*Botox/i);
  });

  it('fills {provider} and {clinic} from scheduling.calendarTitle', () => {
    const config = configWith((input) => {
      input.scheduling.calendarTitle = 'Visit with {provider} ({clinic})';
    });
    const parsed = parseCalendar(bookingCalendar(config, botox, 'PUBLISH'));
    expect(parsed.vevent.getFirstPropertyValue('summary')).toBe(
      'Visit with Dr. Jordan Lee (Riverside Spine & Sports Medicine)',
    );
    expect(parsed.method).toBe('PUBLISH');
  });

  it('states the real deadline in the description, or the phone when there is none', () => {
    const inGrace = { cancelUntil: new Date('2026-12-01T13:14:59.999Z') };
    const graceText = parseCalendar(bookingCalendar(devConfig, { ...botox, window: inGrace }, 'REQUEST'));
    expect(graceText.description).toContain(
      'Booked by mistake? You can cancel this online until Tue, Dec 1 at 8:14 AM:',
    );
    const none = parseCalendar(bookingCalendar(devConfig, { ...botox, window: {} }, 'PUBLISH'));
    expect(none.description).toContain('To change or cancel it, call us at (201) 555-0143.');
    expect(none.description).not.toContain(botox.manageUrl);
  });
});
