// Booking rules that need a clinic of their own: closures and time off placed relative to today
// (the shared example clinic's are fixed dates), and every log line of a booking's life read back.
// This file starts its own local stack in this process, so it can read what the functions log.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClinicConfig } from '../../../shared/config/load.ts';
import { addDays, type LocalDate, localDateOf, weekdayOf } from '../../../shared/core/scheduling/time.ts';
import { ownLocalStack } from '../support/own-stack.ts';

const TIME_ZONE = 'America/New_York';

/** The first `count` weekdays from 5 days ahead. */
function weekdaysAhead(count: number): LocalDate[] {
  const days: LocalDate[] = [];
  for (
    let date = addDays(localDateOf(new Date(), TIME_ZONE), 5);
    days.length < count;
    date = addDays(date, 1)
  ) {
    if (weekdayOf(date) !== 'sat' && weekdayOf(date) !== 'sun') days.push(date);
  }
  return days;
}

const [closedDay, halfClosedDay, timeOffDay, openDay] = weekdaysAhead(4) as [
  LocalDate,
  LocalDate,
  LocalDate,
  LocalDate,
];
const nextDay = (date: LocalDate) => `${addDays(date, 1)}T00:00`;

const config = parseClinicConfig({
  clinic: { name: 'Own Clinic', timeZone: TIME_ZONE, phone: '+12015550143' },
  email: { from: 'desk@own-clinic.example', staff: ['staff@own-clinic.example'] },
  cors: { allowedOrigins: ['https://www.own-clinic.example'] },
  scheduling: {
    minNoticeMinutes: 0,
    maxAdvanceDays: 30,
    minChangeNoticeMinutes: 60,
    weeklyHours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]]),
    ),
    closures: [
      { date: closedDay, reason: 'Staff training' },
      { start: `${halfClosedDay}T12:00`, end: `${halfClosedDay}T17:00` },
    ],
    appointmentTypes: [{ id: 'consult', name: 'Consultation', durationMinutes: 30 }],
    providers: [
      { id: 'p-a', name: 'Dr. A' },
      { id: 'p-b', name: 'Dr. B', timeOff: [{ start: `${timeOffDay}T00:00`, end: nextDay(timeOffDay) }] },
    ],
  },
});

const written: string[] = [];
const originalWrites = { stdout: process.stdout.write, stderr: process.stderr.write };
const savedLogLevel = process.env.POWERTOOLS_LOG_LEVEL;

beforeAll(() => {
  // Every log line the functions write, at the most talkative level, is kept for the last test.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk));
      return original(chunk, ...rest);
    }) as typeof stream.write;
  }
});

afterAll(() => {
  process.stdout.write = originalWrites.stdout;
  process.stderr.write = originalWrites.stderr;
  if (savedLogLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = savedLogLevel;
});

const ownStack = ownLocalStack({
  config,
  tableName: 'own-clinic-test',
  logRequest: (line) => written.push(line),
  logProblem: (line) => written.push(line),
});

/** RFC 3339 of a local wall time on a date, in this clinic's zone. */
function at(date: LocalDate, hhmm: string): string {
  const probe = new Date(`${date}T12:00:00Z`);
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
    .formatToParts(probe)
    .find((part) => part.type === 'timeZoneName')
    ?.value.replace('GMT', '');
  return `${date}T${hhmm}:00${offset || '+00:00'}`;
}

async function post(path: string, body: Record<string, unknown>) {
  const response = await fetch(`${ownStack().apiUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `198.18.7.${Math.floor(Math.random() * 250) + 1}`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const patient = (tag: string) => ({
  name: `Robin Own-${tag}`,
  email: `robin+${tag}@example.com`,
  phone: '(201) 555-0177',
  reason: `Sciatica flare-up ${tag}`,
  consent: true,
});

describe('POST /v1/bookings against closures and time off', () => {
  it('answers 409 slot_unavailable inside a whole-day closure, offering no time on that day', async () => {
    const answer = await post('/v1/bookings', {
      type: 'consult',
      start: at(closedDay, '10:00'),
      ...patient('c1'),
    });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('slot_unavailable');
    const alternatives = answer.body.alternatives as { start: string }[];
    expect(alternatives.length).toBeGreaterThan(0);
    for (const slot of alternatives) expect(slot.start.startsWith(closedDay)).toBe(false);
  });

  it('answers 409 inside a partial closure and books the same day outside it', async () => {
    const closed = await post('/v1/bookings', {
      type: 'consult',
      start: at(halfClosedDay, '13:00'),
      ...patient('c2'),
    });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('slot_unavailable');
    const open = await post('/v1/bookings', {
      type: 'consult',
      start: at(halfClosedDay, '10:00'),
      ...patient('c3'),
    });
    expect(open.status).toBe(201);
  });

  it("answers 409 for a provider's time off, and books another provider when none is asked for", async () => {
    const away = await post('/v1/bookings', {
      type: 'consult',
      start: at(timeOffDay, '10:00'),
      providerId: 'p-b',
      ...patient('t1'),
    });
    expect(away.status).toBe(409);
    const anyone = await post('/v1/bookings', {
      type: 'consult',
      start: at(timeOffDay, '10:00'),
      ...patient('t2'),
    });
    expect(anyone.status).toBe(201);
    expect(anyone.body.providerId).toBe('p-a');
  });
});

describe("logs of a booking's life", () => {
  it('carry no name, email, phone, reason or manage token through create, reschedule and cancel', async () => {
    const tag = randomUUID().slice(0, 8);
    const who = patient(tag);
    written.length = 0;
    const created = await post('/v1/bookings', { type: 'consult', start: at(openDay, '09:00'), ...who });
    expect(created.status).toBe(201);
    const { id, manageToken } = created.body as { id: string; manageToken: string };
    const moved = await post(`/v1/bookings/${id}/reschedule`, {
      token: manageToken,
      start: at(openDay, '11:00'),
    });
    expect(moved.status).toBe(200);
    const cancelled = await post(`/v1/bookings/${id}/cancel`, {
      token: manageToken,
      reason: `Feeling better ${tag}`,
    });
    expect(cancelled.status).toBe(200);
    // Let the notifier send (and log) what the three changes call for.
    await expect
      .poll(
        async () => {
          const store = (await (await fetch(`${ownStack().sesUrl}/store`)).json()) as {
            emails: { destination: { to: string[] } }[];
          };
          return store.emails.filter((e) => e.destination.to.some((to) => to.includes(who.email))).length;
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(3);

    const log = written.join('\n');
    // Not vacuous: the functions did log this booking's life, by id.
    expect(log).toContain(id);
    for (const secret of [
      who.name,
      who.email,
      '555-0177',
      '5550177',
      who.reason,
      `Feeling better ${tag}`,
      manageToken,
    ]) {
      expect(log, secret).not.toContain(secret);
    }
  }, 60_000);
});
