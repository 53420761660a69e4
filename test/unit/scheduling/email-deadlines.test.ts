// The confirmation states the real change deadline (API.md round 2): the instant the cancel and
// reschedule routes still accept, in the clinic's time, or the phone when none is left.
import { describe, expect, it } from 'vitest';
import { planBookingNoticeEmails } from '../../../shared/core/messages/booking-emails.ts';
import type { OutgoingEmail } from '../../../shared/core/messages/message.ts';
import type { Booking } from '../../../shared/core/scheduling/booking.ts';
import { noticeItem, snapshotOf } from '../../../shared/core/scheduling/notice.ts';
import { booking, configWith, devConfig } from './bookings/fixtures.ts';

const MANAGE =
  'https://www.riverside-spine.example/appointments/manage?id=01KBOOKING000000000000000A&token=tok';

function patientEmail(b: Booking, config = devConfig): OutgoingEmail {
  const emails = planBookingNoticeEmails(config, {
    eventName: 'INSERT',
    newItem: noticeItem({ event: 'confirmed', booking: snapshotOf(b), manageUrl: MANAGE }, b.updatedAt),
  });
  const email = emails.find((e) => e.id === 'patient');
  if (!email) throw new Error('no patient email');
  return email;
}

// Tue Dec 1, 2026, 9:00 AM New York; the 24-hour cut-off is Mon, Nov 30 at 9:00 AM.
const sameDay = (createdAt: string) =>
  booking({ createdAt: new Date(createdAt), updatedAt: new Date(createdAt) });

describe('the change deadline a confirmation states', () => {
  it('booked days ahead: change or cancel online until the cut-off, in the clinic’s time', () => {
    const email = patientEmail(booking());
    expect(email.text).toContain(
      `You can change or cancel this online until Mon, Nov 30 at 9:00 AM: ${MANAGE}`,
    );
    expect(email.text).toContain('After that, or with any question, call us at (201) 555-0143.');
    expect(email.text).not.toMatch(/24 hours/);
  });

  it('booked the same morning: cancel only, until the undo grace ends; changes by phone', () => {
    const email = patientEmail(sameDay('2026-12-01T12:30:00.000Z'));
    expect(email.text).toContain(
      `Booked by mistake? You can cancel this online until Tue, Dec 1 at 7:44 AM: ${MANAGE}`,
    );
    expect(email.text).toContain('To change it, or to cancel after that, call us at (201) 555-0143.');
    expect(email.text).not.toMatch(/change or cancel this online/);
  });

  it('booked just before the cut-off: the move and the cancel deadlines, each as it is', () => {
    const email = patientEmail(sameDay('2026-11-30T13:55:00.000Z'));
    expect(email.text).toContain(
      'You can change this online until Mon, Nov 30 at 9:00 AM, and cancel it online until Mon, Nov 30 at 9:09 AM:',
    );
  });

  it('no window left (no undo grace): the phone only, no online promise', () => {
    const config = configWith((input) => {
      input.scheduling.undoGraceMinutes = 0;
    });
    const email = patientEmail(sameDay('2026-12-01T12:30:00.000Z'), config);
    for (const body of [email.text, email.html]) {
      expect(body).toContain('To change or cancel it, call us at (201) 555-0143.');
      expect(body).not.toMatch(/online until/);
    }
  });

  it('without a clinic phone, points to the Reply-To front desk', () => {
    const config = configWith((input) => {
      delete input.clinic.phone;
      input.scheduling.undoGraceMinutes = 0;
    });
    const email = patientEmail(sameDay('2026-12-01T12:30:00.000Z'), config);
    expect(email.text).toContain('To change or cancel it, reply to this email.');
    expect(email.replyTo).toEqual(['frontdesk@riverside-spine.example']);
  });
});
