import { describe, expect, it } from 'vitest';
import {
  agendaEmail,
  nextWorkingDay,
  planAgendaEmails,
} from '../../../shared/core/messages/agenda-messages.ts';
import type { OutgoingEmail, OutgoingText } from '../../../shared/core/messages/message.ts';
import {
  planReminderMessages,
  type ReminderNotice,
  reminderNoticeFromItem,
  reminderNoticeItem,
  reminderTextBody,
} from '../../../shared/core/messages/reminder-messages.ts';
import { smsSegments } from '../../../shared/core/messages/sms-segments.ts';
import { snapshotOf } from '../../../shared/core/scheduling/notice.ts';
import { booking, configWith, devConfig } from '../scheduling/bookings/fixtures.ts';

const NOW = new Date('2026-11-30T14:01:00Z');
const b = booking({ smsConsent: true });
const LINK = 'https://api.riverside-spine.example/v1/bookings/01KBOOKING000000000000000A/confirm?token=abc';

function notice(overrides: Partial<ReminderNotice> = {}): ReminderNotice {
  return {
    reminderSk: `2026-11-30T14:00:00.000Z#${b.id}#1440#email`,
    channel: 'email',
    offsetMinutes: 1440,
    booking: snapshotOf(b),
    releasedAt: NOW.toISOString(),
    manageUrl: 'https://api.riverside-spine.example/v1/bookings/01KBOOKING000000000000000A?token=abc',
    confirmUrl: LINK,
    changeableUntil: '2026-11-30T14:00:00.000Z',
    ...overrides,
  };
}

const planned = (n: ReminderNotice) =>
  planReminderMessages(devConfig, { eventName: 'INSERT', newItem: reminderNoticeItem(n, NOW) });

describe('the reminder email', () => {
  const [email] = planned(notice()) as [OutgoingEmail];

  it('has a subject with the time only: no name, no appointment type, no reason', () => {
    expect(email.subject).toBe('Reminder: your appointment on Tue, Dec 1 at 9:00 AM');
    for (const secret of [b.patient.name, 'New patient', 'Lower back pain', b.patient.email]) {
      expect(email.subject).not.toContain(secret);
    }
    expect(email.to).toEqual([b.patient.email]);
  });

  it('shows the time in the clinic zone, the clinician, the address, the phone, and the confirm and change links', () => {
    for (const part of [
      'Tuesday, December 1, 2026, 9:00 AM – 9:45 AM EST',
      'Dr.',
      '12 Main Street, Ramsey, NJ 07446',
      '(201) 555-0143',
      LINK,
      notice().manageUrl as string,
      'Mon, Nov 30 at 9:00 AM',
    ]) {
      expect(email.text).toContain(part);
    }
    expect(email.html).toContain('Confirm I’m coming');
    expect(email.html).toContain('Change or cancel');
  });

  it('sends the patient to the phone when the change cut-off has passed', () => {
    const [late] = planned(notice({ changeableUntil: undefined })) as [OutgoingEmail];
    expect(late.text).toContain('To change or cancel it, call us at (201) 555-0143.');
    expect(late.text).not.toContain('online until');
    expect(late.html).not.toContain('Change or cancel</a>');
  });

  it('is recorded in the booking’s messages as a reminder by email, and plans nothing on removal', () => {
    expect(email.track).toMatchObject({
      pk: `BOOKING#${b.id}`,
      fields: { kind: 'booking-message', channel: 'email', messageKind: 'reminder', recipient: 'patient' },
    });
    expect(
      planReminderMessages(devConfig, { eventName: 'REMOVE', oldItem: reminderNoticeItem(notice(), NOW) }),
    ).toEqual([]);
  });

  it('thanks a patient who has already confirmed instead of asking again', () => {
    const [confirmed] = planned(notice({ alreadyConfirmed: true })) as [OutgoingEmail];
    expect(confirmed.text).toContain('You have told us you are coming: thank you.');
    expect(confirmed.text).not.toContain('Please confirm');
    expect(confirmed.html).not.toContain('Confirm I’m coming');
  });

  it('reads back the notice it was written from', () => {
    expect(reminderNoticeFromItem(reminderNoticeItem(notice(), NOW))).toEqual(notice());
  });
});

describe('the reminder text', () => {
  const [text] = planned(notice({ channel: 'sms' })) as [OutgoingText];

  it('goes to the stored E.164 phone, as a text with no health information', () => {
    expect(text.channel).toBe('sms');
    expect(text.to).toBe('+12015550123');
    expect(text.body).not.toMatch(/New patient|back pain|Ana/);
    expect(text.body).toContain('Tue, Dec 1 at 9:00 AM');
    expect(text.body).toContain('Reply STOP to opt out');
    expect(text.track?.fields).toMatchObject({ channel: 'sms', messageKind: 'reminder' });
  });

  it('fits one 160-character GSM-7 segment, dropping words before it drops the link', () => {
    expect(smsSegments(text.body)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(text.body).toContain(LINK);
    const short = reminderTextBody('Riverside Spine', 'Tue, Dec 1 at 9:00 AM', 'https://x.example/r/ab');
    expect(short).toBe(
      'Riverside Spine: reminder of your appointment on Tue, Dec 1 at 9:00 AM. Confirm or change: https://x.example/r/ab Reply STOP to opt out',
    );
  });

  it('keeps to GSM-7: accents outside it are dropped from the clinic name, other characters left out', () => {
    const body = reminderTextBody('Clínica 🦴 Ñandú', 'Tue, Dec 1 at 9:00 AM', undefined);
    expect(smsSegments(body).encoding).toBe('GSM-7');
    expect(body.startsWith('Clinica Ñandu:')).toBe(true);
  });
});

describe('the daily agenda', () => {
  const config = configWith((c) => {
    c.email.dailyAgenda = { time: '18:00', to: ['owner@riverside-spine.example'] };
  });

  it('lists the next working day: Friday’s agenda is Monday’s, and a closure day is skipped', () => {
    expect(nextWorkingDay(config, '2026-12-04')).toBe('2026-12-07'); // Fri → Mon
    expect(nextWorkingDay(config, '2026-12-01')).toBe('2026-12-02');
    expect(nextWorkingDay(config, '2026-12-24')).toBe('2026-12-28'); // Thu; Fri 25 closed
  });

  it('groups the bookings by clinician in config order, with a subject that names the day only', () => {
    const email = agendaEmail(config, {
      sentOn: '2026-12-01',
      date: '2026-12-02',
      bookings: [
        { ...entry('B2', '2026-12-02T15:00:00.000Z', 'dr-lee'), name: 'Second Patient' },
        { ...entry('B1', '2026-12-02T14:00:00.000Z', 'dr-lee'), confirmedAt: NOW.toISOString() },
      ],
    });
    expect(email.subject).toBe('Agenda for Wed, Dec 2');
    expect(email.to).toEqual(['owner@riverside-spine.example']);
    expect(email.text).toContain('2 bookings, by clinician.');
    expect(email.text).toContain('Ana Díaz');
    expect(email.text).toContain('[confirmed]');
    expect(email.html).toContain('Second Patient');
  });

  it('says when nothing is booked, and plans nothing without the setting', () => {
    const item = { kind: 'agenda-notice', sentOn: '2026-12-01', date: '2026-12-02', bookings: [] };
    const [email] = planAgendaEmails(config, { eventName: 'INSERT', newItem: item });
    expect(email?.text).toContain('Nothing is booked.');
    expect(planAgendaEmails(devConfig, { eventName: 'INSERT', newItem: item })).toEqual([]);
  });
});

function entry(id: string, start: string, providerId: string) {
  return {
    id,
    start,
    end: new Date(Date.parse(start) + 45 * 60_000).toISOString(),
    providerId,
    typeId: 'new-patient',
    name: 'Ana Díaz',
    phone: '+12015550123',
  };
}
