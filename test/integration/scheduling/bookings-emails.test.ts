// The emails of a booking's life, end to end: confirmation, reschedule and cancellation reach the
// SES emulator from the table's stream, and their invitations parse in a real iCalendar parser
// (ical.js) with the booking's instants, one UID and a SEQUENCE that counts the changes.
import { describe, expect, it } from 'vitest';
import { crlfProblems, readWithPythonIcalendar } from '../../support/icalendar.ts';
import { nuCheck } from '../../support/vnu.ts';
import { parseCalendar } from '../../unit/scheduling/bookings/ical.ts';
import {
  api,
  emailsToOnceHandled,
  isAddressedTo,
  localStack,
  postMarkerLead,
  type SesEmail,
  sesEmails,
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

/** The raw MIME of each email to `address`, byte for byte as it reached the SES emulator. */
async function rawMessagesTo(address: string, count: number): Promise<string[]> {
  const url = `${localStack().sesOutageUrl}/__local/raw?mentioning=${encodeURIComponent(address)}`;
  await waitForEmails((e) => isAddressedTo(e, address), { count });
  const { messages } = (await (await fetch(url)).json()) as { messages: string[] };
  return messages.map((raw) => Buffer.from(raw, 'base64').toString('latin1'));
}

/** The header block of a raw message, unfolded, by lower-case name. */
function headersOf(raw: string): Record<string, string> {
  const block = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return Object.fromEntries(
    block.split('\r\n').map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
    }),
  );
}

describe('the emails on the wire (round 2)', () => {
  // Booking days are few: these tests share one, at different times.
  let shared: ReturnType<typeof nextDay> | undefined;
  const ourDay = () => {
    shared ??= nextDay();
    return shared;
  };

  it('carry Auto-Submitted, Reply-To the front desk (patient) or the patient (staff), CRLF only, and a clean invite', async () => {
    const day = ourDay();
    const slot = await openSlotAt('new-patient', day, '11:00', 'dr-lee');
    const booked = await mustBook({
      type: 'new-patient',
      start: slot.start,
      providerId: 'dr-lee',
      ...patient(),
    });
    const cancelled = await cancel(booked.id, { token: booked.manageToken });
    expect(cancelled.status).toBe(200);
    await waitForEmails((e) => isAddressedTo(e, staffAddress) && e.body.text?.includes(booked.id) === true, {
      count: 2,
    });
    const raws = await rawMessagesTo(booked.email, 2);
    const isToPatient = (raw: string) => (headersOf(raw).to ?? '').includes(booked.email);
    const toPatient = raws.filter(isToPatient);
    const toStaff = raws.filter((raw) => !isToPatient(raw));
    expect(toPatient).toHaveLength(2);
    expect(toStaff).toHaveLength(2);
    for (const raw of raws) {
      // No line of the message, bodies and the calendar part included, ends in a bare LF.
      expect(crlfProblems(raw)).toEqual([]);
      expect(headersOf(raw)['auto-submitted']).toBe('auto-generated');
    }
    for (const raw of toPatient) expect(headersOf(raw)['reply-to']).toBe(config.email.staff.join(', '));
    for (const raw of toStaff) expect(headersOf(raw)['reply-to']).toBe(booked.email);
    // The invites in them, read by Python's icalendar: REQUEST then CANCEL, NEEDS-ACTION, the title.
    const invites = (await sesEmails())
      .filter((e) => isAddressedTo(e, booked.email))
      .map((e) => e.attachments.find((a) => a.contentType.startsWith('text/calendar')))
      .map((a) => Buffer.from(a?.content ?? '', 'base64').toString('utf8'));
    for (const ics of invites) expect(crlfProblems(ics)).toEqual([]);
    const reports = await readWithPythonIcalendar(invites);
    expect(reports.map((r) => r.method).sort()).toEqual(['CANCEL', 'REQUEST']);
    for (const report of reports) {
      expect(report.errors).toEqual([]);
      expect(report.events[0]?.summary).toBe(`Appointment at ${config.clinic.name}`);
      expect(report.events[0]?.attendees[0]?.params.PARTSTAT).toBe('NEEDS-ACTION');
    }
  });

  it('serves calendar.ics as METHOD:PUBLISH, CRLF throughout, read cleanly by Python’s icalendar', async () => {
    const day = ourDay();
    const slot = await openSlotAt('follow-up', day, '13:00');
    const booked = await mustBook({ type: 'follow-up', start: slot.start, ...patient() });
    const response = await api(`/v1/bookings/${booked.id}/calendar.ics?token=${booked.manageToken}`);
    expect(response.status).toBe(200);
    expect(crlfProblems(response.text)).toEqual([]);
    const [report] = await readWithPythonIcalendar([response.text]);
    expect(report).toMatchObject({ method: 'PUBLISH', errors: [] });
    expect(report?.events[0]?.summary).toBe(`Appointment at ${config.clinic.name}`);
  });

  it('sends Nu-clean HTML in every email a booking and a lead produce', async () => {
    const day = ourDay();
    const slot = await openSlotAt('new-patient', day, '14:00', 'dr-lee');
    const booked = await mustBook({
      type: 'new-patient',
      start: slot.start,
      providerId: 'dr-lee',
      ...patient(),
    });
    expect(
      (await reschedule(booked.id, { token: booked.manageToken, start: localStart(day, '15:00') })).status,
    ).toBe(200);
    expect((await cancel(booked.id, { token: booked.manageToken })).status).toBe(200);
    const leadAddress = await postMarkerLead();
    await waitForEmails((e) => isAddressedTo(e, booked.email), { count: 3 });
    await waitForEmails((e) => isAddressedTo(e, leadAddress));
    const all = await sesEmails();
    const ours = all.filter(
      (e) =>
        isAddressedTo(e, booked.email) ||
        isAddressedTo(e, leadAddress) ||
        e.body.text?.includes(booked.id) === true ||
        e.body.text?.includes(leadAddress) === true,
    );
    expect(ours.length).toBeGreaterThanOrEqual(8); // 3 patient + 3 staff + lead ack + lead notification
    const problems = await nuCheck(
      ours.map((e, i) => ({ name: `${i} ${e.subject}`, html: e.body.html ?? '' })),
    );
    for (const [name, found] of Object.entries(problems)) expect(found, name).toEqual([]);
  });
});
