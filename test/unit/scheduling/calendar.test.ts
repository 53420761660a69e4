// The iCalendar builder, read back with a real parser (ical.js) rather than by string matching.
import { describe, expect, it } from 'vitest';
import {
  bookingCalendar,
  type CalendarBooking,
  calendarUid,
} from '../../../shared/core/messages/calendar.ts';
import { configWith, devConfig } from './bookings/fixtures.ts';
import { parseCalendar } from './bookings/ical.ts';

const base: CalendarBooking = {
  id: '01KBOOKING000000000000000A',
  status: 'confirmed',
  typeId: 'new-patient',
  providerId: 'dr-lee',
  start: new Date('2026-12-01T14:00:00.000Z'),
  end: new Date('2026-12-01T14:45:00.000Z'),
  sequence: 0,
  updatedAt: new Date('2026-11-20T15:30:00.000Z'),
  patient: { name: 'Ana Díaz', email: 'ana@example.com' },
  manageUrl:
    'https://www.riverside-spine.example/appointments/manage?id=01KBOOKING000000000000000A&token=abc',
};

describe('booking iCalendar', () => {
  it('is an invitation (METHOD:REQUEST) with the booking’s instants in the clinic’s TZID and its VTIMEZONE', () => {
    const parsed = parseCalendar(bookingCalendar(devConfig, base, 'REQUEST'));
    expect(parsed.method).toBe('REQUEST');
    expect(parsed.timezones).toEqual(['America/New_York']);
    expect(parsed.startTzid).toBe('America/New_York');
    expect(parsed.start.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(parsed.end.toISOString()).toBe('2026-12-01T14:45:00.000Z');
    expect(parsed.status).toBe('CONFIRMED');
  });

  it('writes local wall-clock times with TZID, whatever zone the machine runs in', () => {
    const ics = bookingCalendar(devConfig, base, 'REQUEST');
    expect(ics).toContain('DTSTART;TZID=America/New_York:20261201T090000');
    expect(ics).toContain('DTEND;TZID=America/New_York:20261201T094500');
  });

  it('gets the offset right in summer time too', () => {
    const july = {
      ...base,
      start: new Date('2026-07-07T13:00:00.000Z'),
      end: new Date('2026-07-07T13:45:00.000Z'),
    };
    const ics = bookingCalendar(devConfig, july, 'REQUEST');
    expect(ics).toContain('DTSTART;TZID=America/New_York:20260707T090000');
    expect(parseCalendar(ics).start.toISOString()).toBe('2026-07-07T13:00:00.000Z');
  });

  it('has one stable UID per booking, on the clinic’s mail domain, and the booking’s SEQUENCE', () => {
    const first = parseCalendar(bookingCalendar(devConfig, base, 'REQUEST'));
    const moved = parseCalendar(
      bookingCalendar(
        devConfig,
        {
          ...base,
          sequence: 1,
          start: new Date('2026-12-02T15:00:00Z'),
          end: new Date('2026-12-02T15:45:00Z'),
        },
        'REQUEST',
      ),
    );
    expect(first.uid).toBe('01KBOOKING000000000000000A@riverside-spine.example');
    expect(calendarUid(devConfig, base.id)).toBe(first.uid);
    expect(moved.uid).toBe(first.uid);
    expect(first.sequence).toBe(0);
    expect(moved.sequence).toBe(1);
  });

  it('stamps DTSTAMP in UTC (RFC 5545 requires it) from the booking’s last change', () => {
    const parsed = parseCalendar(bookingCalendar(devConfig, base, 'REQUEST'));
    expect(parsed.stamp.zone?.tzid).toBe('UTC');
    expect(parsed.stamp.toJSDate().toISOString()).toBe('2026-11-20T15:30:00.000Z');
  });

  it('gives the location, the clinic’s phone and the manage link', () => {
    const cutOff = new Date('2026-11-30T14:00:00.000Z');
    const window = { moveUntil: cutOff, cancelUntil: cutOff };
    const parsed = parseCalendar(bookingCalendar(devConfig, { ...base, window }, 'REQUEST'));
    expect(parsed.location).toBe('12 Main Street, Ramsey, NJ 07446');
    expect(parsed.description).toContain(
      'You can change or cancel this online until Mon, Nov 30 at 9:00 AM:',
    );
    expect(parsed.description).toContain('(201) 555-0143');
    expect(parsed.description).toContain(base.manageUrl);
    expect(parsed.description).toContain('New patient consultation with Dr. Jordan Lee');
  });

  it('names the clinic as organizer and the patient as attendee', () => {
    const { vevent } = parseCalendar(bookingCalendar(devConfig, base, 'REQUEST'));
    expect(vevent.getFirstPropertyValue('organizer')).toBe('mailto:appointments@riverside-spine.example');
    expect(String(vevent.getFirstPropertyValue('attendee')).toLowerCase()).toBe('mailto:ana@example.com');
    expect(vevent.getFirstProperty('attendee')?.getParameter('cn')).toBe('Ana Díaz');
  });

  it('cancels with METHOD:CANCEL, STATUS:CANCELLED, the same UID and the new SEQUENCE, without the manage link', () => {
    const ics = bookingCalendar(devConfig, { ...base, status: 'cancelled', sequence: 2 }, 'CANCEL');
    const parsed = parseCalendar(ics);
    expect(parsed.method).toBe('CANCEL');
    expect(parsed.status).toBe('CANCELLED');
    expect(parsed.uid).toBe('01KBOOKING000000000000000A@riverside-spine.example');
    expect(parsed.sequence).toBe(2);
    expect(parsed.description).not.toContain('token=');
  });

  it('falls back to the clinic’s name for the location when it has no address', () => {
    const config = configWith((c) => {
      delete c.clinic.address;
    });
    expect(parseCalendar(bookingCalendar(config, base, 'REQUEST')).location).toBe(
      'Riverside Spine & Sports Medicine',
    );
  });
});
