// The booking notice planner: which emails a change sends, what they say, and what they never say.
import { describe, expect, it } from 'vitest';
import { planBookingNoticeEmails } from '../../../shared/core/messages/booking-emails.ts';
import type { OutgoingEmail } from '../../../shared/core/messages/message.ts';
import type { Booking } from '../../../shared/core/scheduling/booking.ts';
import { type BookingNotice, noticeItem, snapshotOf } from '../../../shared/core/scheduling/notice.ts';
import { booking, devConfig } from './bookings/fixtures.ts';
import { parseCalendar } from './bookings/ical.ts';

const NOW = new Date('2026-11-20T15:00:00Z');
const MANAGE =
  'https://www.riverside-spine.example/appointments/manage?id=01KBOOKING000000000000000A&token=tok';

function plan(notice: BookingNotice): OutgoingEmail[] {
  return planBookingNoticeEmails(devConfig, { eventName: 'INSERT', newItem: noticeItem(notice, NOW) });
}

function byId(emails: OutgoingEmail[], id: string): OutgoingEmail {
  const email = emails.find((e) => e.id === id);
  if (!email) throw new Error(`no ${id} email`);
  return email;
}

const confirmed = booking({
  patient: { name: 'Ana <b>Díaz</b>', email: 'ana@example.com', phone: '+12015550123' },
});
const movedBooking: Booking = {
  ...confirmed,
  start: new Date('2026-12-02T15:30:00Z'),
  end: new Date('2026-12-02T16:15:00Z'),
  providerId: 'dr-shah',
  sequence: 1,
  updatedAt: new Date('2026-11-21T10:00:00Z'),
};
const cancelledBooking: Booking = {
  ...confirmed,
  status: 'cancelled',
  sequence: 1,
  cancelReason: 'Feeling better',
  cancelledAt: NOW,
  updatedAt: new Date('2026-11-22T10:00:00Z'),
};

describe('booking emails: confirmation', () => {
  const emails = plan({ event: 'confirmed', booking: snapshotOf(confirmed), manageUrl: MANAGE });

  it('sends one email to the patient and one to staff, with stable ids', () => {
    expect(emails.map((e) => e.id)).toEqual(['patient', 'staff']);
    expect(byId(emails, 'patient').to).toEqual(['ana@example.com']);
    expect(byId(emails, 'staff').to).toEqual(['frontdesk@riverside-spine.example']);
  });

  it('says what and when in the subject, in the clinic’s time zone, and nothing personal', () => {
    expect(byId(emails, 'patient').subject).toBe('Appointment confirmed for Tue, Dec 1 at 9:00 AM');
    expect(byId(emails, 'staff').subject).toBe('New booking for Tue, Dec 1 at 9:00 AM');
    for (const email of emails) {
      expect(email.subject).not.toMatch(/Ana|Díaz|back pain|consultation|Lee/i);
    }
  });

  it('attaches the invitation: METHOD:REQUEST, SEQUENCE 0, the booking’s UID and instants', () => {
    const patient = byId(emails, 'patient');
    expect(patient.calendar?.method).toBe('REQUEST');
    const ics = parseCalendar(patient.calendar?.content ?? '');
    expect(ics.method).toBe('REQUEST');
    expect(ics.uid).toBe(`${confirmed.id}@riverside-spine.example`);
    expect(ics.sequence).toBe(0);
    expect(ics.start.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(ics.description).toContain(MANAGE);
  });

  it('gives the patient the manage link, the place and the clinic’s phone', () => {
    const patient = byId(emails, 'patient');
    for (const body of [patient.text, patient.html]) {
      expect(body).toContain('12 Main Street, Ramsey, NJ 07446');
      expect(body).toContain('(201) 555-0143');
      expect(body).toContain('You can change or cancel this online until Mon, Nov 30 at 9:00 AM:');
    }
    expect(patient.text).toContain(MANAGE);
    expect(patient.html).toContain(MANAGE.replaceAll('&', '&amp;'));
  });

  it('gives staff every detail, escaped, with Reply-To the patient and no invitation', () => {
    const staff = byId(emails, 'staff');
    expect(staff.replyTo).toBe('ana@example.com');
    expect(staff.calendar).toBeUndefined();
    expect(staff.html).toContain('Ana &lt;b&gt;Díaz&lt;/b&gt;');
    expect(staff.html).not.toContain('<b>Díaz</b>');
    for (const expected of [
      'Lower back pain',
      '(201) 555-0123',
      'google',
      'Dr. Jordan Lee',
      'New patient consultation',
    ]) {
      expect(staff.text).toContain(expected);
    }
    expect(staff.text).not.toContain('token=');
  });
});

describe('booking emails: reschedule', () => {
  const emails = plan({
    event: 'rescheduled',
    booking: snapshotOf(movedBooking),
    previous: {
      providerId: 'dr-lee',
      start: confirmed.start.toISOString(),
      end: confirmed.end.toISOString(),
    },
    manageUrl: MANAGE,
  });

  it('updates the patient’s calendar: same UID, SEQUENCE + 1, the new time', () => {
    const patient = byId(emails, 'patient');
    expect(patient.subject).toBe('Appointment rescheduled to Wed, Dec 2 at 10:30 AM');
    const ics = parseCalendar(patient.calendar?.content ?? '');
    expect(ics.method).toBe('REQUEST');
    expect(ics.uid).toBe(`${confirmed.id}@riverside-spine.example`);
    expect(ics.sequence).toBe(1);
    expect(ics.start.toISOString()).toBe('2026-12-02T15:30:00.000Z');
  });

  it('shows the old and the new time, and the change of provider to staff', () => {
    const staff = byId(emails, 'staff');
    expect(staff.subject).toBe('Booking rescheduled to Wed, Dec 2 at 10:30 AM');
    expect(staff.text).toContain('Tuesday, December 1, 2026, 9:00 AM');
    expect(staff.text).toContain('Wednesday, December 2, 2026, 10:30 AM');
    expect(staff.text).toContain('Previous provider: Dr. Jordan Lee');
    expect(byId(emails, 'patient').text).toContain('Previously: Tuesday, December 1, 2026');
  });
});

describe('booking emails: cancellation', () => {
  const emails = plan({ event: 'cancelled', booking: snapshotOf(cancelledBooking) });

  it('cancels the patient’s calendar entry: METHOD:CANCEL, same UID, SEQUENCE + 1', () => {
    const patient = byId(emails, 'patient');
    expect(patient.subject).toBe('Appointment cancelled (Tue, Dec 1 at 9:00 AM)');
    expect(patient.calendar?.method).toBe('CANCEL');
    const ics = parseCalendar(patient.calendar?.content ?? '');
    expect(ics.method).toBe('CANCEL');
    expect(ics.status).toBe('CANCELLED');
    expect(ics.uid).toBe(`${confirmed.id}@riverside-spine.example`);
    expect(ics.sequence).toBe(1);
  });

  it('tells staff, with the reason in the body and never in the subject', () => {
    const staff = byId(emails, 'staff');
    expect(staff.subject).toBe('Booking cancelled (Tue, Dec 1 at 9:00 AM)');
    expect(staff.text).toContain('Cancellation reason: Feeling better');
    expect(byId(emails, 'patient').text).not.toContain('Feeling better');
  });
});

describe('booking emails: what plans nothing', () => {
  const item = noticeItem({ event: 'confirmed', booking: snapshotOf(confirmed), manageUrl: MANAGE }, NOW);

  it('the notice’s removal (the notifier deleting it once sent, or its TTL)', () => {
    expect(planBookingNoticeEmails(devConfig, { eventName: 'REMOVE', oldItem: item })).toEqual([]);
  });

  it('an item that is not a well-formed notice', () => {
    expect(
      planBookingNoticeEmails(devConfig, {
        eventName: 'INSERT',
        newItem: { pk: 'x', sk: 'y', kind: 'booking' },
      }),
    ).toEqual([]);
    expect(
      planBookingNoticeEmails(devConfig, { eventName: 'INSERT', newItem: { ...item, event: 'unknown' } }),
    ).toEqual([]);
  });

  it('plans the same emails for the same change (so a retried batch skips what was sent)', () => {
    const again = () => planBookingNoticeEmails(devConfig, { eventName: 'INSERT', newItem: item });
    expect(again()).toEqual(again());
  });
});
