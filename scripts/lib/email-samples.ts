// One of each email the system sends, rendered by the real planners from the example clinic's
// config (config/dev.json) and made-up but worst-case data: long names, long links and ids, a
// long unbroken message, attribution on every field. The email tests (Nu checker, Chromium at
// 390 px, raw MIME) and scripts/screenshots-emails.ts all take their emails from here, so what is
// checked is what is shown.
import { loadClinicConfigFile } from '../../shared/config/load.ts';
import type { ClinicConfig } from '../../shared/core/config/schema.ts';
import type { LeadItem } from '../../shared/core/inquiries/lead.ts';
import { agendaEmail } from '../../shared/core/messages/agenda-messages.ts';
import { planBookingNoticeEmails } from '../../shared/core/messages/booking-emails.ts';
import { planInquiryEmails } from '../../shared/core/messages/inquiry-plan.ts';
import { isText, type OutgoingEmail } from '../../shared/core/messages/message.ts';
import { planReminderMessages, reminderNoticeItem } from '../../shared/core/messages/reminder-messages.ts';
import { type BookingNotice, type BookingSnapshot, noticeItem } from '../../shared/core/scheduling/notice.ts';

export interface EmailSample {
  /** File-name friendly: `booking-confirmation`, `staff-booking-cancelled`, … */
  readonly kind: string;
  readonly email: OutgoingEmail;
}

const NOW = new Date('2026-11-20T15:00:00.000Z');
const BOOKING_ID = '01KBQ7ZK4W9G3M2N8R5T6V7X8Y';
const TOKEN = 'q3v9Zr1xLk0Pw8Ys2Bn5Hd7Jf4Tg6Mc1Ae9Ru3Io0Ql8Wx';
const LONG_EMAIL = 'alexandria.konstantinopoulou-vanderberg+appointments@patients.example.com';

/** The example clinic, with a daily agenda so that its email can be shown too. */
export function sampleConfig(): ClinicConfig {
  const config = loadClinicConfigFile('config/dev.json');
  return {
    ...config,
    email: {
      ...config.email,
      dailyAgenda: config.email.dailyAgenda ?? { time: '18:00', to: ['frontdesk@riverside-spine.example'] },
    },
  };
}

function manageUrl(config: ClinicConfig): string {
  const template =
    config.scheduling.manageBookingUrl ??
    'https://api.riverside-spine.example/v1/bookings/{id}?token={token}';
  return template.replace('{id}', BOOKING_ID).replace('{token}', TOKEN);
}

const snapshot: BookingSnapshot = {
  id: BOOKING_ID,
  status: 'confirmed',
  typeId: 'new-patient',
  providerId: 'dr-lee',
  start: '2026-12-01T14:00:00.000Z',
  end: '2026-12-01T14:45:00.000Z',
  name: 'Alexandria Konstantinopoulou-Vanderberg',
  email: LONG_EMAIL,
  phone: '+12015550123',
  reason: 'Lower back pain after lifting, radiating down the left leg for two weeks',
  notes:
    'Prefers the ground-floor room.\nBringing an MRI report from https://imaging.example.org/reports/2026/11/0000123456789abcdef',
  attribution: {
    pageUrl:
      'https://www.riverside-spine.example/book?utm_source=newsletter&utm_medium=email&utm_campaign=winter-2026-back-pain-awareness',
    utm_source: 'newsletter',
    gclid: 'Cj0KCQiA4NWrBhD-ARIsAFCKwWu6Z4kQ2Lz8Xb9mVn3rT7pYq1sD5fG8hJ0kL2zX4cV6bN8mQ',
  },
  sequence: 0,
  updatedAt: NOW.toISOString(),
  createdAt: NOW.toISOString(),
};

function bookingEmails(config: ClinicConfig, notice: BookingNotice): OutgoingEmail[] {
  return planBookingNoticeEmails(config, { eventName: 'INSERT', newItem: noticeItem(notice, NOW) });
}

const lead: LeadItem = {
  pk: 'INQUIRY#01KBQ7ZK4W9G3M2N8R5T6V7X8Z',
  sk: 'INQUIRY',
  kind: 'inquiry',
  id: '01KBQ7ZK4W9G3M2N8R5T6V7X8Z',
  status: 'received',
  receivedAt: NOW.toISOString(),
  name: 'Alexandria Konstantinopoulou-Vanderberg',
  email: LONG_EMAIL,
  phone: '+12015550123',
  message:
    'Hello,\nI have had neck pain for a month. Is Dr. Shah taking new patients?\nMy insurance card: https://insurer.example.com/members/cards/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\nThanks!',
  topic: 'New patient question',
  preferredContact: 'phone',
  consent: true,
  custom: { insurance: 'Blue Cross Blue Shield of New Jersey — Horizon PPO' },
  attribution: {
    pageUrl:
      'https://www.riverside-spine.example/contact?utm_source=google&utm_medium=cpc&utm_campaign=neck-pain',
    referrer: 'https://www.google.com/',
    utm_source: 'google',
    utm_medium: 'cpc',
    utm_campaign: 'neck-pain',
    gclid: 'Cj0KCQiA4NWrBhD-ARIsAFCKwWu6Z4kQ2Lz8Xb9mVn3rT7pYq1sD5fG8hJ0kL2zX4cV6bN8mQ',
  },
  expiresAt: 0,
};

function only(emails: OutgoingEmail[], id: string): OutgoingEmail {
  const email = emails.find((e) => e.id === id);
  if (!email) throw new Error(`no ${id} email planned`);
  return email;
}

/** Every kind of email, in a stable order. */
export function emailSamples(config: ClinicConfig = sampleConfig()): EmailSample[] {
  const manage = manageUrl(config);
  const confirmed = bookingEmails(config, { event: 'confirmed', booking: snapshot, manageUrl: manage });
  const movedSnapshot: BookingSnapshot = {
    ...snapshot,
    providerId: 'dr-shah',
    start: '2026-12-03T19:15:00.000Z',
    end: '2026-12-03T20:00:00.000Z',
    sequence: 1,
    updatedAt: '2026-11-21T10:00:00.000Z',
  };
  const moved = bookingEmails(config, {
    event: 'rescheduled',
    booking: movedSnapshot,
    previous: { providerId: 'dr-lee', start: snapshot.start, end: snapshot.end },
    manageUrl: manage,
  });
  const cancelled = bookingEmails(config, {
    event: 'cancelled',
    booking: {
      ...snapshot,
      status: 'cancelled',
      sequence: 2,
      updatedAt: '2026-11-22T10:00:00.000Z',
      cancelReason: 'Feeling much better, thank you',
    },
  });
  const byStaff = bookingEmails(config, {
    event: 'confirmed',
    booking: snapshot,
    manageUrl: manage,
    byStaff: 'frontdesk@riverside-spine.example',
  });
  const leadEmails = planInquiryEmails(config, { eventName: 'INSERT', newItem: { ...lead } });
  const reminder = planReminderMessages(config, {
    eventName: 'INSERT',
    newItem: reminderNoticeItem(
      {
        reminderSk: 'REMINDER#1440#email',
        channel: 'email',
        offsetMinutes: 1440,
        booking: snapshot,
        releasedAt: '2026-11-30T14:00:00.000Z',
        manageUrl: manage,
        confirmUrl: `https://api.riverside-spine.example/v1/bookings/${BOOKING_ID}/confirm?token=${TOKEN}`,
      },
      NOW,
    ),
  }).filter((m): m is OutgoingEmail => !isText(m));
  const agenda = agendaEmail(config, {
    sentOn: '2026-11-30',
    date: '2026-12-01',
    bookings: [
      {
        id: BOOKING_ID,
        start: snapshot.start,
        end: snapshot.end,
        providerId: 'dr-lee',
        typeId: 'new-patient',
        name: snapshot.name,
        phone: snapshot.phone,
        confirmedAt: NOW.toISOString(),
      },
      {
        id: '01KBQ7ZK4W9G3M2N8R5T6V7X90',
        start: '2026-12-01T15:00:00.000Z',
        end: '2026-12-01T15:30:00.000Z',
        providerId: 'dr-lee',
        typeId: 'botox-injection',
        name: 'Sam Lee',
        phone: '+12015550188',
      },
      {
        id: '01KBQ7ZK4W9G3M2N8R5T6V7X91',
        start: '2026-12-01T16:00:00.000Z',
        end: '2026-12-01T16:20:00.000Z',
        providerId: 'dr-shah',
        typeId: 'follow-up',
        name: 'Maria Garcia',
        phone: '+12015550199',
      },
    ],
  });
  return [
    { kind: 'lead-notification', email: only(leadEmails, 'staff') },
    { kind: 'lead-ack', email: only(leadEmails, 'ack') },
    { kind: 'booking-confirmation', email: only(confirmed, 'patient') },
    { kind: 'booking-reschedule', email: only(moved, 'patient') },
    { kind: 'booking-cancel', email: only(cancelled, 'patient') },
    { kind: 'reminder', email: reminder[0] as OutgoingEmail },
    { kind: 'agenda', email: agenda },
    { kind: 'staff-booking-new', email: only(confirmed, 'staff') },
    { kind: 'staff-booking-moved', email: only(moved, 'staff') },
    { kind: 'staff-booking-cancelled', email: only(cancelled, 'staff') },
    { kind: 'staff-booking-by-staff', email: only(byStaff, 'staff') },
  ];
}
