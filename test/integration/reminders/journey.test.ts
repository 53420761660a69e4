// Reminders through a booking's life, against a local stack of this file's own (its clinic texts,
// has quiet hours and a daily agenda, and is open around the clock so any start can be booked).
// The clock is travelled with the runner's "now" (as `npm run reminders:run -- --at` does): bookings
// are made for real, ahead of the real clock; each run is asked as of the instant the test needs.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { localCognitoClient } from '../../../local/cognito.ts';
import { runRemindersOnce } from '../../../local/reminders.ts';
import { parseClinicConfig } from '../../../shared/config/load.ts';
import { smsSegments } from '../../../shared/core/messages/sms-segments.ts';
import { addDays, type LocalDate, localDateOf, zoneClock } from '../../../shared/core/scheduling/time.ts';
import { isAddressedTo, randomClientIp, type SesEmail, sesEmails, uniqueEmail } from '../support/index.ts';
import { ownLocalStack } from '../support/own-stack.ts';
import { signInWith } from '../support/staff.ts';

const TIME_ZONE = 'America/New_York';
const AGENDA_TO = 'agenda@own-clinic.example';
const configInput = {
  clinic: { name: 'Own Clinic', timeZone: TIME_ZONE, phone: '+12015550143', address: '1 Test Road' },
  email: {
    from: 'desk@own-clinic.example',
    staff: ['staff@own-clinic.example'],
    dailyAgenda: { time: '18:00', to: [AGENDA_TO] },
  },
  cors: { allowedOrigins: ['https://www.own-clinic.example'] },
  sms: { originationIdentity: '+12015550100', quietHours: ['21:00', '08:00'] },
  forms: { requireConsent: false },
  staff: { mfa: 'off' as const },
  scheduling: {
    // One patient (one phone, whose texts are read) books many times here; the cap on a patient's
    // upcoming bookings has its own tests (test/integration/scheduling/abuse.test.ts).
    limits: { activeBookingsPerPatient: 50 },
    minNoticeMinutes: 0,
    maxAdvanceDays: 400,
    minChangeNoticeMinutes: 60,
    weeklyHours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
    ),
    appointmentTypes: [{ id: 'consult', name: 'Botox consultation', durationMinutes: 30 }],
    providers: [{ id: 'p-a', name: 'Dr. A' }],
  },
};
const config = parseClinicConfig(configInput);

const stack = ownLocalStack({ config });
const clock = zoneClock(TIME_ZONE);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const today = (): LocalDate => localDateOf(new Date(), TIME_ZONE);
/** The instant of a local wall time, `HH:MM` on `date`. */
const local = (date: LocalDate, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(clock.boundaryOf(date, h * 60 + m));
};
const run = (at: Date) => runRemindersOnce(at);

interface Created {
  id: string;
  start: string;
  manageToken: string;
}

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${stack().apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': randomClientIp() },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function bookingOf(created: Created): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack().apiUrl}/v1/bookings/${created.id}`, {
    headers: { 'x-booking-token': created.manageToken, accept: 'application/json' },
  });
  return (await response.json()) as Record<string, unknown>;
}

/** The staff agenda of the local day of `start`, as the front desk signed in to this stack's pool sees it. */
async function staffAgenda(start: Date): Promise<Record<string, unknown>[]> {
  const pool = stack().staffPool;
  const client = localCognitoClient(pool.endpoint);
  const { accessToken } = await signInWith(client, pool.clientId, pool.users.frontdesk, pool.password);
  client.destroy();
  const day = localDateOf(start, TIME_ZONE);
  const response = await fetch(`${stack().apiUrl}/v1/staff/bookings?from=${day}&to=${day}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Record<string, unknown>[] }).items;
}

async function book(start: Date, patient: { email: string; smsConsent?: boolean }): Promise<Created> {
  const answer = await post('/v1/bookings', {
    type: 'consult',
    start: start.toISOString(),
    name: 'Rita Reminder',
    email: patient.email,
    phone: '+12015550177',
    reason: 'Chronic back pain',
    ...(patient.smsConsent ? { smsConsent: true } : {}),
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json as unknown as Created;
}

interface Text {
  to: string;
  body: string;
}

async function texts(): Promise<Text[]> {
  const response = await fetch(`${stack().smsUrl}/messages`);
  return (await response.json()) as Text[];
}

/** Every email and text the outbox has sent so far, once everything written before now is handled. */
async function settled(): Promise<{ emails: SesEmail[]; texts: Text[] }> {
  // A marker lead is written behind what the test did; once its email is out, the stream has
  // handled everything before it (see emailsOnceHandled in ../support/index.ts).
  const marker = uniqueEmail('marker');
  const answer = await post('/v1/inquiries', { name: 'Marker', email: marker, message: 'marker' });
  expect(answer.status).toBe(201);
  for (;;) {
    const emails = await sesEmails(stack().sesUrl);
    if (emails.some((e) => isAddressedTo(e, marker))) return { emails, texts: await texts() };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const remindersTo = (emails: SesEmail[], address: string) =>
  emails.filter((e) => isAddressedTo(e, address) && e.subject.startsWith('Reminder:'));

describe('a booking’s reminders, from booking to cancellation', () => {
  it('reminds once by email and text, after a move only of the new time, and never once cancelled', async () => {
    const email = uniqueEmail('journey');
    const start = local(addDays(today(), 3), '10:00');
    const booking = await book(start, { email, smsConsent: true });
    const due = new Date(start.getTime() - DAY);

    expect((await run(new Date(due.getTime() - MINUTE))).released).toBe(0);
    expect((await run(due)).released).toBe(2);
    let seen = await settled();
    expect(remindersTo(seen.emails, email)).toHaveLength(1);
    expect(seen.texts.filter((t) => t.to === '+12015550177')).toHaveLength(1);
    const [reminder] = remindersTo(seen.emails, email) as [SesEmail];
    expect(reminder.subject).toMatch(/^Reminder: your appointment on \w{3}, \w{3} \d{1,2} at 10:00 AM$/);
    expect(reminder.subject).not.toMatch(/Botox|Rita|back pain/);
    const [text] = seen.texts.filter((t) => t.to === '+12015550177') as [Text];
    expect(smsSegments(text.body)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(text.body).toMatch(/^Own Clinic: .* at 10:00 AM\. .*\/s\/[A-Za-z0-9]{12} Reply STOP to opt out$/);
    expect(text.body).not.toMatch(/Botox|Rita|back pain/);

    // The links: the text's short link and the email's confirm link lead to a page that changes
    // nothing; only its button's POST records the confirmation, which the staff agenda shows.
    const shortLink = /https?:\/\/\S+\/s\/[A-Za-z0-9]{12}/.exec(text.body)?.[0] as string;
    const followed = await fetch(shortLink, { redirect: 'manual' });
    expect(followed.status).toBe(303);
    expect(followed.headers.get('cache-control')).toBe('no-store');
    const confirmPage = followed.headers.get('location') as string;
    expect(confirmPage).toBe(
      `${stack().apiUrl}/v1/bookings/${booking.id}/confirm?token=${booking.manageToken}`,
    );
    expect(reminder.body.text).toContain(confirmPage);
    const page = await fetch(confirmPage, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
    expect((await bookingOf(booking)).confirmedAt).toBeUndefined();
    const confirmed = await post(`/v1/bookings/${booking.id}/confirm`, { token: booking.manageToken });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.confirmedAt).toEqual(expect.any(String));
    const agenda = await staffAgenda(start);
    expect(agenda.find((item) => item.id === booking.id)?.confirmedAt).toBe(confirmed.json.confirmedAt);

    // Run again, and later: nothing more.
    expect((await run(new Date(due.getTime() + MINUTE))).released).toBe(0);
    expect((await run(new Date(due.getTime() + 2 * 60 * MINUTE))).released).toBe(0);

    // Moved two days later: only the new time is reminded, once.
    const moved = local(addDays(today(), 5), '11:30');
    const rescheduled = await post(`/v1/bookings/${booking.id}/reschedule`, {
      token: booking.manageToken,
      start: moved.toISOString(),
    });
    expect(rescheduled.status).toBe(200);
    expect((await run(new Date(start.getTime() - MINUTE))).released).toBe(0);
    expect((await run(new Date(moved.getTime() - DAY))).released).toBe(2);
    expect((await run(new Date(moved.getTime() - DAY + MINUTE))).released).toBe(0);
    seen = await settled();
    const reminders = remindersTo(seen.emails, email);
    expect(reminders).toHaveLength(2);
    expect(reminders[1]?.subject).toMatch(/at 11:30 AM$/);
    expect(seen.texts.filter((t) => t.to === '+12015550177')).toHaveLength(2);

    // Moved again, then cancelled: nothing is ever sent for it again.
    const last = local(addDays(today(), 7), '09:00');
    expect(
      (
        await post(`/v1/bookings/${booking.id}/reschedule`, {
          token: booking.manageToken,
          start: last.toISOString(),
        })
      ).status,
    ).toBe(200);
    expect((await post(`/v1/bookings/${booking.id}/cancel`, { token: booking.manageToken })).status).toBe(
      200,
    );
    expect((await run(new Date(last.getTime() - DAY))).released).toBe(0);
    expect((await run(new Date(last.getTime() - MINUTE))).released).toBe(0);
    seen = await settled();
    expect(remindersTo(seen.emails, email)).toHaveLength(2);
  });

  it('gives a booking made 3 hours ahead no 24-hour reminder', async () => {
    const email = uniqueEmail('soon');
    const start = new Date(Math.ceil((Date.now() + 3 * 60 * MINUTE) / (30 * MINUTE)) * 30 * MINUTE);
    await book(start, { email, smsConsent: true });
    expect((await run(new Date(start.getTime() - 2 * 60 * MINUTE))).released).toBe(0);
    expect((await run(new Date(start.getTime() - MINUTE))).released).toBe(0);
    expect(remindersTo((await settled()).emails, email)).toEqual([]);
  });

  it('catches up after a runner outage, but sends nothing for a visit already begun', async () => {
    const late = uniqueEmail('catch-up');
    const start = local(addDays(today(), 12), '10:00');
    await book(start, { email: late });
    // Down for five hours after the reminder was due: the next run sends it.
    expect((await run(new Date(start.getTime() - DAY + 5 * 60 * MINUTE))).released).toBe(1);
    const missed = uniqueEmail('missed');
    const other = local(addDays(today(), 13), '10:00');
    await book(other, { email: missed });
    // Down until after the visit began: dropped, never sent, and gone for later runs too.
    const afterStart = await run(new Date(other.getTime() + MINUTE));
    expect(afterStart.released).toBe(0);
    expect(afterStart.discarded).toBeGreaterThanOrEqual(1);
    expect((await run(new Date(other.getTime() - DAY))).released).toBe(0);
    const seen = await settled();
    expect(remindersTo(seen.emails, late)).toHaveLength(1);
    expect(remindersTo(seen.emails, missed)).toEqual([]);
  });

  it('texts a reminder due at 22:30 at 20:59, before quiet hours, and emails it at 22:30', async () => {
    const email = uniqueEmail('quiet');
    const day = addDays(today(), 10);
    const start = local(addDays(day, 1), '22:30');
    await book(start, { email, smsConsent: true });
    expect((await run(local(day, '20:58'))).released).toBe(0);
    const before = (await texts()).length;
    expect((await run(local(day, '20:59'))).released).toBe(1);
    const seen = await settled();
    expect(seen.texts.length).toBe(before + 1);
    expect(seen.texts.at(-1)?.body).toMatch(/at 10:30 PM/);
    expect(remindersTo(seen.emails, email)).toEqual([]);
    expect((await run(local(day, '22:29'))).released).toBe(0);
    expect((await run(local(day, '22:30'))).released).toBe(1);
    expect(remindersTo((await settled()).emails, email)).toHaveLength(1);
  });

  it('names the right wall-clock time when the clocks change between the reminder and the visit', async () => {
    // The next day on which New York's offset changes, and a visit at 10:00 that day.
    let date = addDays(today(), 2);
    while (
      clock.offsetAt(local(date, '00:00').getTime()) === clock.offsetAt(local(date, '23:59').getTime())
    ) {
      date = addDays(date, 1);
    }
    const email = uniqueEmail('dst');
    const start = local(date, '10:00');
    await book(start, { email });
    // 24 hours before is 09:00 or 11:00 on the wall clock of the day before; the email names 10:00.
    expect((await run(new Date(start.getTime() - DAY))).released).toBe(1);
    const [reminder] = remindersTo((await settled()).emails, email) as [SesEmail];
    expect(reminder.subject).toMatch(/at 10:00 AM$/);
    expect(reminder.body.text).toMatch(/10:00 AM – 10:30 AM E[DS]T/);
  });

  it('sends the staff the next working day’s agenda at its local time, once a day', async () => {
    const day = addDays(today(), 40);
    const email = uniqueEmail('agenda');
    await book(local(addDays(day, 1), '12:00'), { email });
    await run(local(day, '17:59'));
    let seen = await settled();
    const agendas = () =>
      seen.emails.filter((e) => isAddressedTo(e, AGENDA_TO) && e.subject.includes('Agenda for'));
    const before = agendas().length;
    expect((await run(local(day, '18:00'))).agendaFor).toBe(day);
    expect((await run(local(day, '18:05'))).agendaFor).toBeUndefined();
    seen = await settled();
    expect(agendas()).toHaveLength(before + 1);
    const agenda = agendas().at(-1) as SesEmail;
    expect(agenda.body.text).toContain('Rita Reminder');
    expect(agenda.body.text).toContain('12:00');
    expect(agenda.subject).not.toContain('Rita');
  });

  it('runs once from the command line as of an instant: npm run reminders:run -- --at ISO', async () => {
    const email = uniqueEmail('cli');
    const start = local(addDays(today(), 20), '15:00');
    await book(start, { email });
    const configFile = join(mkdtempSync(join(tmpdir(), 'reminders-')), 'clinic.json');
    writeFileSync(configFile, JSON.stringify(configInput));
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/reminders-run.ts', '--at', new Date(start.getTime() - DAY).toISOString()],
      {
        env: {
          ...process.env,
          DYNAMODB_ENDPOINT: stack().dynamoEndpoint,
          TABLE_NAME: stack().tableName,
          API_BASE_URL: stack().apiUrl,
          CLINIC_CONFIG: configFile,
        },
      },
    );
    expect(stdout).toMatch(/1 handed to the outbox/);
    expect(remindersTo((await settled()).emails, email)).toHaveLength(1);
  });
});
