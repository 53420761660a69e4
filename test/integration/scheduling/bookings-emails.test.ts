// The emails of a booking's life, end to end: confirmation, reschedule and cancellation reach the
// SES emulator from the table's stream, and their invitations parse in a real iCalendar parser
// (ical.js) with the booking's instants, one UID and a SEQUENCE that counts the changes.
import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../unit/scheduling/bookings/ical.ts';
import {
  emailsToOnceHandled,
  isAddressedTo,
  type SesEmail,
  waitForEmails,
  waitForSesRefusal,
  withSesOutage,
} from '../support/index.ts';
import {
  bookingTestFile,
  cancel,
  config,
  getItem,
  localStart,
  mustBook,
  openSlotAt,
  patient,
  reschedule,
} from './bookings-support.ts';

const { db, nextDay } = bookingTestFile('emails');
const staffAddress = config.email.staff[0] as string;

function invitationOf(email: SesEmail) {
  // MailComposer sends the invite as a text/calendar alternative (what mail apps act on).
  const attachment = email.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!attachment) throw new Error(`no calendar attachment on "${email.subject}"`);
  return { attachment, ics: parseCalendar(Buffer.from(attachment.content, 'base64').toString('utf8')) };
}

/** Waits for the patient's and the staff's email about one booking, by their subjects' beginnings. */
async function emailsAbout(
  patientEmail: string,
  bookingId: string,
  patientSubject: string,
  staffSubject: string,
) {
  const [toPatient] = await waitForEmails(
    (e) => isAddressedTo(e, patientEmail) && e.subject.startsWith(patientSubject),
  );
  const [toStaff] = await waitForEmails(
    (e) =>
      isAddressedTo(e, staffAddress) &&
      e.body.text?.includes(bookingId) === true &&
      e.subject.startsWith(staffSubject),
  );
  return { toPatient: toPatient as SesEmail, toStaff: toStaff as SesEmail };
}

describe('the emails of a booking', () => {
  it('confirm, move and cancel the patient’s calendar entry, and tell staff each time', async () => {
    const day = nextDay();
    const slot = await openSlotAt('new-patient', day, '09:00', 'dr-lee');
    const fields = patient({ name: 'Ana <Díaz>', reason: 'Sciatica' });
    const booked = await mustBook({
      type: 'new-patient',
      start: slot.start,
      providerId: 'dr-lee',
      ...fields,
    });
    const uid = `${booked.id}@riverside-spine.example`;

    // Confirmation: METHOD:REQUEST, SEQUENCE 0, the booked instants in the clinic's TZID.
    const confirmed = await emailsAbout(
      booked.email,
      booked.id,
      'Appointment confirmed for',
      'New booking for',
    );
    expect(confirmed.toPatient.subject).toMatch(
      /^Appointment confirmed for \w{3}, \w{3} \d{1,2} at 9:00 AM$/,
    );
    const first = invitationOf(confirmed.toPatient);
    expect(first.ics).toMatchObject({
      method: 'REQUEST',
      uid,
      sequence: 0,
      startTzid: config.clinic.timeZone,
    });
    expect(first.ics.start.getTime()).toBe(Date.parse(booked.start));
    expect(first.ics.end.getTime()).toBe(Date.parse(booked.end));
    expect(first.ics.description).toContain(booked.manageUrl);
    expect(confirmed.toPatient.body.text).toContain(booked.manageUrl);
    const staffNew = confirmed.toStaff;
    expect(staffNew.replyTo.join(',')).toContain(booked.email);
    expect(staffNew.attachments).toEqual([]);
    expect(staffNew.body.html).toContain('Ana &lt;Díaz&gt;');
    expect(staffNew.body.text).toContain('Sciatica');
    for (const email of [confirmed.toPatient, staffNew]) {
      expect(email.subject).not.toMatch(/Ana|Díaz|Sciatica|consultation/);
    }

    // Reschedule: the same UID, SEQUENCE 1, the new instants.
    const moved = await reschedule(booked.id, { token: booked.manageToken, start: localStart(day, '10:30') });
    expect(moved.status).toBe(200);
    const rescheduled = await emailsAbout(
      booked.email,
      booked.id,
      'Appointment rescheduled to',
      'Booking rescheduled to',
    );
    const second = invitationOf(rescheduled.toPatient).ics;
    expect(second).toMatchObject({ method: 'REQUEST', uid, sequence: 1 });
    expect(second.start.toISOString()).toBe(new Date(localStart(day, '10:30')).toISOString());
    expect(rescheduled.toStaff.replyTo.join(',')).toContain(booked.email);

    // Cancellation: METHOD:CANCEL, the same UID, SEQUENCE 2; a second cancel sends nothing more.
    expect((await cancel(booked.id, { token: booked.manageToken })).status).toBe(200);
    expect((await cancel(booked.id, { token: booked.manageToken })).status).toBe(200);
    const cancelled = await emailsAbout(
      booked.email,
      booked.id,
      'Appointment cancelled',
      'Booking cancelled',
    );
    const third = invitationOf(cancelled.toPatient);
    expect(third.ics).toMatchObject({ method: 'CANCEL', uid, sequence: 2, status: 'CANCELLED' });

    // Nothing more comes: not for the second cancel, nor a repeat of any of the three.
    const toPatient = await emailsToOnceHandled(booked.email);
    expect(toPatient.map((e) => e.subject.split(' ').slice(0, 2).join(' '))).toEqual([
      'Appointment confirmed',
      'Appointment rescheduled',
      'Appointment cancelled',
    ]);
    // Each notice (and the raw token in its link) is deleted once its emails are out.
    for (const sequence of ['0', '1', '2']) {
      expect(await getItem(db, `NOTICE#${booked.id}`, sequence)).toBeUndefined();
    }
  });

  it('answers 201 while SES is down, and sends the confirmation once it is back', async () => {
    const day = nextDay();
    const slot = await openSlotAt('follow-up', day, '11:00', 'dr-lee');
    const booked = await withSesOutage(async () => {
      const created = await mustBook({
        type: 'follow-up',
        start: slot.start,
        providerId: 'dr-lee',
        ...patient(),
      });
      // The notifier tried this confirmation, and failed, while SES was down.
      await waitForSesRefusal(created.email);
      return created;
    });
    const { toPatient } = await emailsAbout(
      booked.email,
      booked.id,
      'Appointment confirmed for',
      'New booking for',
    );
    expect(invitationOf(toPatient).ics.uid).toBe(`${booked.id}@riverside-spine.example`);
    expect(await emailsToOnceHandled(booked.email)).toHaveLength(1);
  });
});
