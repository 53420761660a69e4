// POST /v1/bookings, GET /v1/bookings/{id} and its calendar.ics through the local gateway, on
// DynamoDB Local, with the real clock (slots are found through GET /v1/availability).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, localDateOf } from '../../../shared/core/scheduling/time.ts';
import { parseCalendar } from '../../unit/scheduling/bookings/ical.ts';
import { api, clinicConfigInUse, emailsToOnceHandled, waitForEmailsTo } from '../support/index.ts';
import {
  BOOKINGS,
  type BookingView,
  book,
  bookingTestFile,
  type Created,
  config,
  getBooking,
  getItem,
  localStart,
  mustBook,
  openSlotAt,
  openSlots,
  patient,
} from './bookings-support.ts';

const { db, nextDay } = bookingTestFile('bookings');
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe('POST /v1/bookings', () => {
  const day = nextDay();

  it('books an open slot: 201 with the booking, the manage token and link; stores the token only as a hash', async () => {
    const slot = await openSlotAt('new-patient', day, '09:00', 'dr-lee');
    const fields = patient({ phone: '201-555-0199', reason: 'Lower back pain', utm_source: 'google' });
    const response = await book({ type: 'new-patient', start: slot.start, providerId: 'dr-lee', ...fields });
    expect(response.status).toBe(201);
    const created = response.json<Created>();
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      status: 'confirmed',
      type: 'new-patient',
      start: slot.start,
      end: localStart(day, '09:45'),
      providerId: 'dr-lee',
      providerName: 'Dr. Jordan Lee',
      manageToken: expect.any(String),
      manageUrl: expect.stringContaining(`id=${created.id}&token=`),
    });
    expect(created.start).toMatch(RFC3339);
    expect(Buffer.from(created.manageToken, 'base64url').byteLength).toBeGreaterThanOrEqual(16);
    expect(created.manageUrl).toContain(encodeURIComponent(created.manageToken));

    const item = await getItem(db, `BOOKING#${created.id}`, 'BOOKING');
    expect(item).toMatchObject({
      kind: 'booking',
      status: 'confirmed',
      providerId: 'dr-lee',
      start: new Date(slot.start).toISOString(),
      gsi1pk: `BOOKINGS#${new Date(slot.start).toISOString().slice(0, 7)}`,
      phone: '+12015550199',
      reason: 'Lower back pain',
      attribution: { utm_source: 'google' },
      sequence: 0,
    });
    expect(JSON.stringify(item)).not.toContain(created.manageToken);
    expect(item?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    // The slot is gone from availability at once.
    expect((await openSlots('new-patient', day, 'dr-lee')).map((s) => s.start)).not.toContain(slot.start);
  });

  it('compares start as an instant, whatever offset the client wrote it in', async () => {
    const slot = await openSlotAt('follow-up', day, '13:00', 'dr-lee');
    const utc = new Date(slot.start).toISOString();
    const created = await mustBook({ type: 'follow-up', start: utc, providerId: 'dr-lee', ...patient() });
    expect(created.start).toBe(slot.start);
  });

  it('without providerId books a free provider who offers the type', async () => {
    const botoxDay = nextDay();
    // Only Dr. Lee offers botox injections.
    const slot = await openSlotAt('botox-injection', botoxDay, '10:00');
    expect(slot.providers).toEqual(['dr-lee']);
    const created = await mustBook({ type: 'botox-injection', start: slot.start, ...patient() });
    expect(created.providerId).toBe('dr-lee');
  });

  it('answers 409 slot_unavailable for a taken slot, with up to 3 open alternatives of the type nearest to it', async () => {
    const slot = await openSlotAt('new-patient', day, '10:30', 'dr-lee');
    await mustBook({ type: 'new-patient', start: slot.start, providerId: 'dr-lee', ...patient() });
    const again = patient();
    const response = await book({ type: 'new-patient', start: slot.start, providerId: 'dr-lee', ...again });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.json<{ code: string; alternatives: { start: string; providers: string[] }[] }>();
    expect(problem.code).toBe('slot_unavailable');
    expect(problem.alternatives).toHaveLength(3);
    const open = (await openSlots('new-patient', day, 'dr-lee')).map((s) => s.start);
    const asked = Date.parse(slot.start);
    for (const alternative of problem.alternatives) {
      expect(open).toContain(alternative.start);
      expect(alternative.providers).toEqual(['dr-lee']);
    }
    // Nearest: no open slot of that day is nearer than the farthest alternative.
    const farthest = Math.max(...problem.alternatives.map((a) => Math.abs(Date.parse(a.start) - asked)));
    const nearer = open.filter((s) => Math.abs(Date.parse(s) - asked) < farthest);
    expect(nearer.every((s) => problem.alternatives.some((a) => a.start === s))).toBe(true);
  });

  it.each([
    ['outside working hours', (d: string) => localStart(d, '07:00')],
    ['not on the type’s slot grid', (d: string) => localStart(d, '09:05')],
    [
      'on a closed weekday',
      (d: string) =>
        localStart(addDays(d, (6 - new Date(`${d}T12:00:00Z`).getUTCDay() + 7) % 7 || 7), '09:00'),
    ],
    ['too soon (inside minNoticeMinutes)', () => new Date(Date.now() + 30 * 60_000).toISOString()],
    [
      'too far ahead (past maxAdvanceDays)',
      () =>
        localStart(
          addDays(localDateOf(new Date(), config.clinic.timeZone), config.scheduling.maxAdvanceDays + 1),
          '09:00',
        ),
    ],
  ])('answers 409 slot_unavailable and writes nothing for a time %s', async (_label, startOf) => {
    const fields = patient();
    const response = await book({ type: 'follow-up', start: startOf(day), ...fields });
    expect(response.status).toBe(409);
    expect(response.json<{ code: string }>().code).toBe('slot_unavailable');
    expect(Array.isArray(response.json<{ alternatives: unknown[] }>().alternatives)).toBe(true);
    expect(await emailsToOnceHandled(fields.email as string)).toEqual([]);
  });

  it('refuses invalid fields with 400 validation_failed, naming each field without echoing it', async () => {
    const response = await book({
      type: 'new-patient',
      start: 'tomorrow at 9',
      name: '',
      email: 'x@',
      phone: '555',
    });
    expect(response.status).toBe(400);
    const problem = response.json<{ code: string; errors: { path: string; message: string }[] }>();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['consent', 'email', 'name', 'phone', 'start']);
    expect(response.text).not.toContain('tomorrow at 9');
  });

  it('refuses an unknown type with 400 unknown_appointment_type, and an unknown provider with 400', async () => {
    const start = localStart(day, '09:00');
    const unknownType = await book({ type: 'massage', start, ...patient() });
    expect(unknownType.status).toBe(400);
    expect(unknownType.json<{ code: string }>().code).toBe('unknown_appointment_type');
    const unknownProvider = await book({ type: 'follow-up', start, providerId: 'dr-nobody', ...patient() });
    expect(unknownProvider.status).toBe(400);
    expect(unknownProvider.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'providerId',
    ]);
  });

  it('replays the first answer for the same Idempotency-Key and body, books once and emails once', async () => {
    const slot = await openSlotAt('follow-up', day, '11:40', 'dr-lee');
    const fields = patient();
    const body = { type: 'follow-up', start: slot.start, providerId: 'dr-lee', ...fields };
    const key = randomUUID();
    const first = await book(body, { 'idempotency-key': key });
    const second = await book(body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json<Created>().id).toBe(first.json<Created>().id);
    const reused = await book({ ...body, name: 'Someone Else' }, { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(reused.json<{ code: string }>().code).toBe('idempotency_key_reused');

    expect(await waitForEmailsTo(fields.email as string)).toHaveLength(1);
    expect(await emailsToOnceHandled(fields.email as string)).toHaveLength(1);
  });

  it('answers a filled honeypot like a booking, but holds no time, stores nothing and emails nobody', async () => {
    const slot = await openSlotAt('follow-up', day, '08:00', 'dr-lee');
    const fields = patient();
    const response = await book({
      type: 'follow-up',
      start: slot.start,
      providerId: 'dr-lee',
      _gotcha: 'x',
      ...fields,
    });
    expect(response.status).toBe(201);
    const fake = response.json<Created>();
    expect(Object.keys(fake).sort()).toEqual(
      [
        'end',
        'id',
        'manageToken',
        'manageUrl',
        'providerId',
        'providerName',
        'start',
        'status',
        'type',
      ].sort(),
    );
    expect((await getBooking(fake.id, fake.manageToken)).status).toBe(404);
    expect(await getItem(db, `BOOKING#${fake.id}`, 'BOOKING')).toBeUndefined();
    expect((await openSlots('follow-up', day, 'dr-lee')).map((s) => s.start)).toContain(slot.start);
    expect(await emailsToOnceHandled(fields.email as string)).toEqual([]);
  });
});

describe('POST /v1/bookings from a plain HTML form', () => {
  const day = nextDay();

  it('answers a form post with a confirmation page carrying the manage link', async () => {
    const slot = await openSlotAt('follow-up', day, '08:00', 'dr-lee');
    const response = await api(BOOKINGS, {
      form: { type: 'follow-up', start: slot.start, providerId: '', ...patient({ name: 'Pat <b>Form</b>' }) },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.text).toContain('Your appointment is booked');
    // The clinic's own manage page (config/dev.json's, on the demo site), with the id and token in it.
    const managePage = clinicConfigInUse().scheduling.manageBookingUrl?.split('?')[0];
    expect(response.text).toContain(`${managePage}?id=`);
    expect(response.text).toContain('/calendar.ics?token=');
  });

  it('redirects (303) to `_next` on an allowed origin, and ignores any other `_next`', async () => {
    const allowed = await openSlotAt('follow-up', day, '08:20', 'dr-lee');
    const redirected = await api(BOOKINGS, {
      form: {
        type: 'follow-up',
        start: allowed.start,
        _next: 'https://www.riverside-spine.example/booked',
        ...patient(),
      },
    });
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get('location')).toBe('https://www.riverside-spine.example/booked');

    const other = await openSlotAt('follow-up', day, '08:40', 'dr-lee');
    const ignored = await api(BOOKINGS, {
      multipart: { type: 'follow-up', start: other.start, _next: 'https://evil.example/', ...patient() },
    });
    expect(ignored.status).toBe(200);
  });

  it('answers a form post that asks for JSON with JSON, and an invalid form post with a 400 page', async () => {
    const slot = await openSlotAt('follow-up', day, '09:00', 'dr-lee');
    const json = await api(BOOKINGS, {
      form: { type: 'follow-up', start: slot.start, ...patient() },
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(201);
    // The same time again from a plain form: a 409 page that offers the nearest open times.
    const taken = await api(BOOKINGS, {
      form: { type: 'follow-up', start: slot.start, providerId: 'dr-lee', ...patient() },
    });
    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // Each a button that books it with the same fields; the clinician asked for is kept.
    expect(taken.text).toContain('<h2>Free times nearby</h2>');
    expect(taken.text).toMatch(
      /<button type="submit">\w{3}, \w{3} \d+ at \d+:\d\d [AP]M with Dr\. Jordan Lee<\/button>/,
    );
    expect(taken.text).toContain('<input type="hidden" name="providerId" value="dr-lee">');
    const invalid = await api(BOOKINGS, { form: { type: 'follow-up', start: slot.start } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // Named as the form names them, not by field name.
    expect(invalid.text).toContain('>Email: This field is required');
    expect(invalid.text).toContain('>Phone: This field is required');
  });
});

describe('GET /v1/bookings/{id} and calendar.ics', () => {
  const day = nextDay();
  let created: Created;

  it('answers the booking for its token, in the header or the query', async () => {
    const slot = await openSlotAt('new-patient', day, '11:00', 'dr-lee');
    created = await mustBook({
      type: 'new-patient',
      start: slot.start,
      providerId: 'dr-lee',
      ...patient({ name: 'Ana Díaz' }),
    });
    const expected: BookingView = {
      id: created.id,
      status: 'confirmed',
      type: 'new-patient',
      start: slot.start,
      end: created.end,
      providerId: 'dr-lee',
      providerName: 'Dr. Jordan Lee',
      name: 'Ana Díaz',
    };
    const byHeader = await getBooking(created.id, created.manageToken);
    expect(byHeader.status).toBe(200);
    expect(byHeader.json()).toStrictEqual(expected);
    const byQuery = await api(`${BOOKINGS}/${created.id}?token=${encodeURIComponent(created.manageToken)}`);
    expect(byQuery.json()).toStrictEqual(expected);
    expect(byQuery.headers.get('cache-control')).toBe('no-store');
  });

  it('answers every wrong id or token with the same 404 not_found', async () => {
    const other = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const answers = await Promise.all([
      getBooking(created.id, `${created.manageToken}x`),
      getBooking(created.id, ''),
      api(`${BOOKINGS}/${created.id}`),
      getBooking(other, created.manageToken),
      getBooking('not-a-booking-id', created.manageToken),
      api(`${BOOKINGS}/${created.id}/calendar.ics?token=wrong`),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.json()).toEqual(answers[0]?.json());
      expect(answer.json<{ code: string }>().code).toBe('not_found');
    }
  });

  it('serves the current iCalendar invitation (text/calendar) with the booking’s UID, SEQUENCE and instants', async () => {
    const response = await api(`${BOOKINGS}/${created.id}/calendar.ics`, {
      headers: { 'x-booking-token': created.manageToken },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const ics = parseCalendar(response.text);
    expect(ics.method).toBe('PUBLISH'); // a file to add, not an invitation (API.md round 2)
    expect(ics.uid).toBe(`${created.id}@riverside-spine.example`);
    expect(ics.sequence).toBe(0);
    expect(ics.startTzid).toBe(config.clinic.timeZone);
    expect(ics.start.getTime()).toBe(Date.parse(created.start));
    expect(ics.end.getTime()).toBe(Date.parse(created.end));
    expect(ics.description).toContain(created.manageUrl);
  });
});
