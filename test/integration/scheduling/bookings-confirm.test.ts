// POST /v1/bookings/{id}/confirm and the GET page a reminder's confirm link opens, through the local
// gateway on DynamoDB Local: JSON and plain form posts, a second confirmation, a cancelled booking,
// wrong links, a GET that changes nothing, and confirmedAt where the patient and the staff read it.
// The bookings are written straight into the table on a Saturday (seeded-bookings.ts), so this file
// takes none of the weekdays bookings-support.ts deals to the booking test files.
import { afterAll, describe, expect, it } from 'vitest';
import { staffApi, staffOfStack } from '../staff/support.ts';
import { api, testDynamoDb } from '../support/index.ts';
import { BOOKINGS, type BookingView, cancel, getBooking, getItem } from './bookings-support.ts';
import { nextSaturday, seedBooking, seedSaturdayBooking } from './seeded-bookings.ts';

const db = testDynamoDb();
afterAll(() => {
  db.destroy();
  staffOfStack().tokens.close();
});

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;

type Confirmed = BookingView & { confirmedAt?: string };

const confirm = (id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  api(`${BOOKINGS}/${id}/confirm`, { json: body, headers });
const confirmPage = (id: string, token: string, accept = BROWSER_ACCEPT) =>
  api(`${BOOKINGS}/${id}/confirm?token=${encodeURIComponent(token)}`, { headers: { accept } });
const bookingItem = (id: string) => getItem(db, `BOOKING#${id}`, 'BOOKING');

describe('POST /v1/bookings/{id}/confirm', () => {
  it('confirms: 200 the booking with confirmedAt, recorded once in its history, and shown by GET', async () => {
    const { id, token } = await seedSaturdayBooking('09:00');
    const before = Date.now();
    const response = await confirm(id, { token });
    expect(response.status).toBe(200);
    const body = response.json<Confirmed>();
    expect(body).toMatchObject({ id, status: 'confirmed', type: 'follow-up', providerId: 'dr-lee' });
    expect(body.confirmedAt).toMatch(RFC3339_WITH_OFFSET);
    const confirmedAt = new Date(body.confirmedAt as string).getTime();
    expect(confirmedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(confirmedAt).toBeLessThanOrEqual(Date.now());

    const item = await bookingItem(id);
    expect(item).toMatchObject({ status: 'confirmed', sequence: 1 });
    // The answer says it to the second, as every instant on the wire; the table keeps milliseconds.
    expect(Math.floor(new Date(item?.confirmedAt).getTime() / 1000) * 1000).toBe(confirmedAt);
    expect(item?.history.at(-1)).toEqual({ at: item?.confirmedAt, action: 'confirmed' });
    // Nothing to email: no notice item for the change.
    expect(await getItem(db, `NOTICE#${id}`, '1')).toBeUndefined();

    const read = await getBooking(id, token);
    expect(read.json<Confirmed>().confirmedAt).toBe(body.confirmedAt);
  });

  it('answers a second confirmation with 200 and the first confirmedAt, writing nothing', async () => {
    const { id, token } = await seedSaturdayBooking('09:20');
    const first = await confirm(id, { token });
    const second = await confirm(id, { token });
    expect(second.status).toBe(200);
    expect(second.json()).toStrictEqual(first.json());
    expect((await bookingItem(id))?.sequence).toBe(1);
  });

  it('answers a plain form post with a page, and JSON when its Accept asks for it', async () => {
    const { id, token } = await seedSaturdayBooking('09:40');
    const page = await api(`${BOOKINGS}/${id}/confirm`, { form: { token } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toMatch(/<h1>Thanks, see you on Sat, \w{3} \d{1,2} at 9:40 AM<\/h1>/);
    expect(page.text).toContain('Add to calendar');
    expect((await bookingItem(id))?.confirmedAt).toBeDefined();

    const other = await seedSaturdayBooking('10:00');
    const json = await api(`${BOOKINGS}/${other.id}/confirm`, {
      form: { token: other.token },
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(200);
    expect(json.json<Confirmed>().confirmedAt).toMatch(RFC3339_WITH_OFFSET);
  });

  it('refuses a cancelled booking with 409 booking_cancelled (JSON and page), and a move of it the same', async () => {
    const { id, token } = await seedSaturdayBooking('10:20');
    expect((await cancel(id, { token })).status).toBe(200);
    const response = await confirm(id, { token });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toMatchObject({
      status: 409,
      code: 'booking_cancelled',
      title: 'Booking cancelled',
    });
    const page = await api(`${BOOKINGS}/${id}/confirm`, { form: { token } });
    expect(page.status).toBe(409);
    expect(page.text).toContain('<h1>This appointment is cancelled</h1>');
    expect(await bookingItem(id)).not.toHaveProperty('confirmedAt');

    // The patient's move and the staff's both get the same code, not too_late_to_change.
    const start = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const moved = await api(`${BOOKINGS}/${id}/reschedule`, { json: { token, start } });
    expect(moved.json()).toMatchObject({ status: 409, code: 'booking_cancelled' });
    const staffMoved = await staffApi(`/v1/staff/bookings/${id}/reschedule`, { json: { start } });
    expect(staffMoved.json()).toMatchObject({ status: 409, code: 'booking_cancelled' });
  });

  it('answers a wrong token, an unknown id and a malformed id with the same 404, and no token with 400', async () => {
    const { id } = await seedSaturdayBooking('10:40');
    const wrongToken = await confirm(id, { token: 'not-the-token' });
    const unknownId = await confirm('01ARZ3NDEKTSV4RRFFQ69G5FAV', { token: 'not-the-token' });
    const malformed = await confirm('not-an-id', { token: 'not-the-token' });
    for (const response of [wrongToken, unknownId, malformed]) {
      expect(response.status).toBe(404);
      expect(response.json()).toStrictEqual(wrongToken.json());
    }
    expect(wrongToken.json()).toMatchObject({ code: 'not_found' });
    const missing = await confirm(id, {});
    expect(missing.status).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'token' }] });
    expect(await bookingItem(id)).toMatchObject({ sequence: 0 });
  });

  it('refuses once the appointment has begun: 409 too_late_to_change, nothing written', async () => {
    // A provider the config does not list: the booking touches nobody's availability.
    const { id, token } = await seedBooking({
      start: new Date(Date.now() - 10 * 60_000),
      providerId: 'dr-seeded-past',
    });
    const response = await confirm(id, { token });
    expect(response.status).toBe(409);
    expect(response.json()).toMatchObject({ code: 'too_late_to_change' });
    expect(await bookingItem(id)).toMatchObject({ sequence: 0 });
    expect(await bookingItem(id)).not.toHaveProperty('confirmedAt');
  });
});

describe('GET /v1/bookings/{id}/confirm (the confirm link)', () => {
  it('shows a browser the appointment and one button that posts the token, and changes nothing', async () => {
    const { id, token } = await seedSaturdayBooking('11:00');
    const response = await confirmPage(id, token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = response.text;
    expect(html).toContain('<h1>Confirm your appointment</h1>');
    expect(html).toContain('Follow-up visit');
    expect(html.match(/<button\b/g)).toHaveLength(1);
    expect(html.match(/<form\b/g)).toHaveLength(1);
    expect(html).toMatch(new RegExp(`<form method="post" action="http://[^"]+/v1/bookings/${id}/confirm">`));
    expect(html).toContain(`<input type="hidden" name="token" value="${token}">`);

    // A GET, even several (mail scanners, link previews), is not a confirmation.
    await confirmPage(id, token);
    expect(await bookingItem(id)).toMatchObject({ sequence: 0 });
    expect(await bookingItem(id)).not.toHaveProperty('confirmedAt');
    expect((await getBooking(id, token)).json()).not.toHaveProperty('confirmedAt');
  });

  it('answers JSON clients with the booking, as GET /v1/bookings/{id} does', async () => {
    const { id, token } = await seedSaturdayBooking('11:20');
    const json = await confirmPage(id, token, 'application/json');
    expect(json.status).toBe(200);
    expect(json.json()).toStrictEqual((await getBooking(id, token)).json());
    expect((await confirmPage(id, token, '*/*')).headers.get('content-type')).toBe(
      'application/json; charset=utf-8',
    );
  });

  it('shows a confirmed booking without the button, and a wrong link the 404 page', async () => {
    const { id, token } = await seedSaturdayBooking('11:40');
    await confirm(id, { token });
    const page = await confirmPage(id, token);
    expect(page.text).toContain('Thanks, see you on');
    expect(page.text).not.toContain('<button');
    const wrong = await confirmPage(id, 'not-the-token');
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(wrong.text).toContain('<h1>Appointment not found</h1>');
  });
});

describe('confirmedAt for the staff', () => {
  it('is in the agenda and on the booking, whose history shows the patient’s confirmation and consent to texts', async () => {
    const { id, token } = await seedSaturdayBooking('12:00', { smsConsent: true });
    const { confirmedAt } = (await confirm(id, { token })).json<Confirmed>();
    const day = nextSaturday();

    const agenda = await staffApi(`/v1/staff/bookings?from=${day}&to=${day}`);
    expect(agenda.status).toBe(200);
    const listed = agenda.json<{ items: { id: string; confirmedAt?: string }[] }>().items;
    expect(listed.find((b) => b.id === id)).toMatchObject({ confirmedAt });

    const detail = await staffApi(`/v1/staff/bookings/${id}`);
    expect(detail.status).toBe(200);
    const booking = detail.json<{ confirmedAt: string; smsConsent: boolean; history: object[] }>();
    expect(booking).toMatchObject({ confirmedAt, smsConsent: true });
    // The patient's own change: no actor.
    expect(booking.history.at(-1)).toStrictEqual({ at: confirmedAt, action: 'confirmed' });

    const unconsented = await seedSaturdayBooking('12:20');
    const other = await staffApi(`/v1/staff/bookings/${unconsented.id}`);
    expect(other.json()).toMatchObject({ smsConsent: false });
    expect(other.json()).not.toHaveProperty('confirmedAt');
  });
});
