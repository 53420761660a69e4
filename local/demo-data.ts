// A few bookings and leads for `npm run dev` on a fresh table, so a newcomer who signs in to the
// staff console sees a day's agenda and an inbox at once. Made through the public API, the way a
// clinic's website makes them (emails included, in the email viewer). Never used by the tests.
import { DUMMY_TOKEN } from './turnstile.ts';

export interface DemoData {
  readonly bookings: number;
  readonly leads: number;
  /** The local date the bookings are on (today, or the next day with open times). */
  readonly day: string | undefined;
}

const PATIENTS = [
  { name: 'Maria Gonzalez', phone: '(201) 555-0143', reason: 'Lower back pain after lifting' },
  { name: 'James Carter', phone: '(201) 555-0178', reason: 'Follow-up on neck stiffness' },
  { name: 'Aisha Rahman', phone: '(201) 555-0122', reason: 'Sciatica, left leg' },
  { name: 'Tom Becker', phone: '(201) 555-0190', reason: 'Check-up after physiotherapy' },
];

const LEADS = [
  {
    name: 'Linda Park',
    email: 'linda.park@example.test',
    message: 'Do you take Aetna? I have had back pain for months.',
  },
  {
    name: 'Omar Haddad',
    email: 'omar.haddad@example.test',
    message: 'Can I book an evening appointment for my father?',
  },
];

interface Slot {
  readonly start: string;
  readonly providers: readonly string[];
}

// With `captcha` in the config, the forms carry the token Cloudflare's test site keys produce; the
// local stand-in passes any token with its default (always-pass) secret.
const DUMMY_CAPTCHA = { 'cf-turnstile-response': DUMMY_TOKEN };

// Each demo patient posts from an address of its own (TEST-NET-2, which the local gateway takes from
// X-Forwarded-For), so the demo takes nothing of the developer's own hourly allowance on 127.0.0.1.
let demoClients = 0;

async function post(apiUrl: string, path: string, body: unknown): Promise<boolean> {
  demoClients += 1;
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${demoClients % 250}` },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.ok;
}

function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Books up to four follow-ups on the first day with open times this week, and posts two leads. */
export async function createDemoData(
  apiUrl: string,
  options: { timeZone: string; typeId: string; captcha?: boolean },
): Promise<DemoData> {
  const today = localDate(new Date(), options.timeZone);
  const weekOut = localDate(new Date(Date.now() + 6 * 86_400_000), options.timeZone);
  const answer = await fetch(`${apiUrl}/v1/availability?type=${options.typeId}&from=${today}&to=${weekOut}`);
  const { slots = [] } = (await answer.json()) as { slots?: Slot[] };
  const day = slots[0] ? localDate(new Date(slots[0].start), options.timeZone) : undefined;
  const sameDay = slots.filter((slot) => localDate(new Date(slot.start), options.timeZone) === day);
  // Spread over the day rather than back to back.
  const picks = [0, 1, 2, 3]
    .map((i) => sameDay[Math.floor((i * sameDay.length) / 4)])
    .filter(Boolean) as Slot[];
  let bookings = 0;
  for (const [i, slot] of picks.entries()) {
    const patient = PATIENTS[i % PATIENTS.length] as (typeof PATIENTS)[number];
    const booked = await post(apiUrl, '/v1/bookings', {
      type: options.typeId,
      start: slot.start,
      providerId: slot.providers[i % slot.providers.length],
      name: patient.name,
      email: `${patient.name.toLowerCase().replace(/\W+/g, '.')}@example.test`,
      phone: patient.phone,
      reason: patient.reason,
      consent: true,
      ...(options.captcha ? DUMMY_CAPTCHA : {}),
    });
    if (booked) bookings += 1;
  }
  let leads = 0;
  for (const lead of LEADS) {
    if (
      await post(apiUrl, '/v1/inquiries', {
        ...lead,
        consent: true,
        ...(options.captcha ? DUMMY_CAPTCHA : {}),
      })
    ) {
      leads += 1;
    }
  }
  return { bookings, leads, day };
}
