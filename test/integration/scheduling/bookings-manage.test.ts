// POST /v1/bookings/{id}/cancel and /reschedule through the local gateway on DynamoDB Local: the
// cut-off, repeat cancels, freed and kept time, and moves onto overlapping or taken times.
import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { toBookingItem } from '../../../shared/core/scheduling/booking.ts';
import { hashManageToken, newManageToken } from '../../../shared/core/scheduling/tokens.ts';
import { parseCalendar } from '../../unit/scheduling/bookings/ical.ts';
import { api, localStack, testTableName } from '../support/index.ts';
import {
  BOOKINGS,
  type BookingView,
  book,
  bookingTestFile,
  cancel,
  getBooking,
  getItem,
  localStart,
  mustBook,
  openSlotAt,
  openSlots,
  patient,
  reschedule,
} from './bookings-support.ts';

const { db, nextDay } = bookingTestFile('manage');

describe('POST /v1/bookings/{id}/cancel', () => {
  const day = nextDay();

  it('cancels: 200 with the booking, status cancelled; the slot is free again at once', async () => {
    const slot = await openSlotAt('new-patient', day, '09:00', 'dr-lee');
    const booked = await mustBook({
      type: 'new-patient',
      start: slot.start,
      providerId: 'dr-lee',
      ...patient(),
    });
    const response = await cancel(booked.id, { token: booked.manageToken, reason: 'Feeling better' });
    expect(response.status).toBe(200);
    expect(response.json<BookingView>()).toStrictEqual({
      id: booked.id,
      status: 'cancelled',
      type: 'new-patient',
      start: booked.start,
      end: booked.end,
      providerId: 'dr-lee',
      providerName: 'Dr. Jordan Lee',
      name: 'Pat Tester',
    });
    expect(await getItem(db, `BOOKING#${booked.id}`, 'BOOKING')).toMatchObject({
      status: 'cancelled',
      sequence: 1,
      cancelReason: 'Feeling better',
    });
    // Freed in the same transaction: someone else gets the very same time of the same provider.
    const rebooked = await book({
      type: 'new-patient',
      start: slot.start,
      providerId: 'dr-lee',
      ...patient(),
    });
    expect(rebooked.status).toBe(201);
  });

  it('answers a second cancel with 200 again, changing nothing', async () => {
    const slot = await openSlotAt('follow-up', day, '11:00', 'dr-lee');
    const booked = await mustBook({
      type: 'follow-up',
      start: slot.start,
      providerId: 'dr-lee',
      ...patient(),
    });
    const first = await cancel(booked.id, { token: booked.manageToken });
    const second = await cancel(booked.id, { token: booked.manageToken });
    expect(second.status).toBe(200);
    expect(second.json()).toStrictEqual(first.json());
    expect((await getItem(db, `BOOKING#${booked.id}`, 'BOOKING'))?.sequence).toBe(1);
    // One notice (sequence 1) for the cancellation, none for the repeat.
    expect(await getItem(db, `NOTICE#${booked.id}`, '2')).toBeUndefined();
    // The booking's calendar file now shows the event cancelled: same UID, SEQUENCE 1. It is a
    // file to add (PUBLISH, API.md round 2), so the cancellation is its STATUS; the emailed
    // invite is the one that says METHOD:CANCEL.
    const ics = await api(
      `${BOOKINGS}/${booked.id}/calendar.ics?token=${encodeURIComponent(booked.manageToken)}`,
    );
    expect(ics.status).toBe(200);
    expect(parseCalendar(ics.text)).toMatchObject({
      method: 'PUBLISH',
      status: 'CANCELLED',
      uid: `${booked.id}@riverside-spine.example`,
      sequence: 1,
    });
  });

  it('answers a wrong token or id with 404 not_found, and a missing token with 400', async () => {
    const slot = await openSlotAt('follow-up', day, '11:20', 'dr-lee');
    const booked = await mustBook({
      type: 'follow-up',
      start: slot.start,
      providerId: 'dr-lee',
      ...patient(),
    });
    expect((await cancel(booked.id, { token: 'wrong' })).status).toBe(404);
    expect((await cancel('01ARZ3NDEKTSV4RRFFQ69G5FAV', { token: booked.manageToken })).status).toBe(404);
    expect((await cancel(booked.id, {})).status).toBe(400);
    expect((await getBooking(booked.id, booked.manageToken)).json<BookingView>().status).toBe('confirmed');
  });

  it('answers a plain form post with a page', async () => {
    const slot = await openSlotAt('follow-up', day, '11:40', 'dr-lee');
    const booked = await mustBook({
      type: 'follow-up',
      start: slot.start,
      providerId: 'dr-lee',
      ...patient(),
    });
    const response = await api(`${BOOKINGS}/${booked.id}/cancel`, { form: { token: booked.manageToken } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('Your appointment is cancelled');
  });
});

/**
 * A booking that starts in 3 hours, written straight into the table: the API cannot make one
 * (it is inside minNotice for new bookings at some hours), but a booking made days ago reaches
 * this point. Its provider is not in the config, so it touches nobody's availability.
 */
async function bookingStartingSoon() {
  const token = newManageToken();
  const start = new Date(Math.ceil((Date.now() + 3 * 3_600_000) / 300_000) * 300_000);
  const id = `01K${randomUUID()
    .replaceAll('-', '')
    .slice(0, 23)
    .toUpperCase()
    .replace(/[ILOU]/g, '0')}`;
  const item = toBookingItem({
    id,
    status: 'confirmed',
    typeId: 'follow-up',
    providerId: `dr-test-${randomUUID().slice(0, 8)}`,
    start,
    end: new Date(start.getTime() + 20 * 60_000),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    lockBlockMinutes: 5,
    patient: { name: 'Pat Late', email: 'late@example.com', phone: '+12015550123' },
    attribution: {},
    tokenHash: hashManageToken(token),
    sequence: 0,
    createdAt: new Date(Date.now() - 86_400_000),
    updatedAt: new Date(Date.now() - 86_400_000),
  });
  await db.send(new PutItemCommand({ TableName: testTableName(), Item: marshall(item) }));
  return { id, token };
}

describe('the change cut-off (scheduling.minChangeNoticeMinutes)', () => {
  it('refuses to cancel within the notice period: 409 too_late_to_change, booking untouched', async () => {
    const { id, token } = await bookingStartingSoon();
    const response = await cancel(id, { token });
    expect(response.status).toBe(409);
    expect(response.json<{ code: string }>().code).toBe('too_late_to_change');
    expect(await getItem(db, `BOOKING#${id}`, 'BOOKING')).toMatchObject({ status: 'confirmed', sequence: 0 });
  });

  it('refuses to reschedule within the notice period of the current start', async () => {
    const { id, token } = await bookingStartingSoon();
    // Any later time will do: the cut-off is checked first.
    const response = await reschedule(id, {
      token,
      start: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    });
    expect(response.status).toBe(409);
    expect(response.json<{ code: string }>().code).toBe('too_late_to_change');
    expect(await getItem(db, `BOOKING#${id}`, 'BOOKING')).toMatchObject({ status: 'confirmed', sequence: 0 });
  });
});

describe('POST /v1/bookings/{id}/reschedule', () => {
  it('moves a booking 15 minutes later onto its own time, releasing only what it no longer needs', async () => {
    const day = nextDay();
    const slot = await openSlotAt('new-patient', day, '10:00', 'dr-lee');
    const booked = await mustBook({
      type: 'new-patient',
      start: slot.start,
      providerId: 'dr-lee',
      ...patient(),
    });
    // Held 10:00–11:00 (45 minutes + 15 after): a botox injection at 09:30 (09:20–10:10 with its
    // buffers) does not fit yet.
    expect((await openSlots('botox-injection', day, 'dr-lee')).map((s) => s.start)).not.toContain(
      localStart(day, '09:30'),
    );

    const response = await reschedule(booked.id, {
      token: booked.manageToken,
      start: localStart(day, '10:15'),
    });
    expect(response.status).toBe(200);
    expect(response.json<BookingView>()).toMatchObject({
      id: booked.id,
      status: 'confirmed',
      start: localStart(day, '10:15'),
      end: localStart(day, '11:00'),
      providerId: 'dr-lee',
    });
    expect((await getBooking(booked.id, booked.manageToken)).json<BookingView>().start).toBe(
      localStart(day, '10:15'),
    );
    expect((await getItem(db, `BOOKING#${booked.id}`, 'BOOKING'))?.sequence).toBe(1);

    // 10:00–10:15 was released: the botox injection at 09:30 now fits...
    const botox = await book({
      type: 'botox-injection',
      start: localStart(day, '09:30'),
      providerId: 'dr-lee',
      ...patient(),
    });
    expect(botox.status).toBe(201);
    // ...while the new time, 10:15–11:15, is held: a new patient at 11:00 does not fit.
    const clash = await book({
      type: 'new-patient',
      start: localStart(day, '11:00'),
      providerId: 'dr-lee',
      ...patient(),
    });
    expect(clash.status).toBe(409);
  });

  it('answers 409 slot_unavailable with alternatives for a taken time, and leaves the booking as it was', async () => {
    const day = nextDay();
    const first = await mustBook({
      type: 'follow-up',
      start: (await openSlotAt('follow-up', day, '09:00', 'dr-lee')).start,
      providerId: 'dr-lee',
      ...patient(),
    });
    const other = await mustBook({
      type: 'follow-up',
      start: (await openSlotAt('follow-up', day, '10:00', 'dr-lee')).start,
      providerId: 'dr-lee',
      ...patient(),
    });
    const response = await reschedule(first.id, {
      token: first.manageToken,
      start: other.start,
      providerId: 'dr-lee',
    });
    expect(response.status).toBe(409);
    const problem = response.json<{ code: string; alternatives: { start: string }[] }>();
    expect(problem.code).toBe('slot_unavailable');
    expect(problem.alternatives.length).toBeGreaterThan(0);
    expect(problem.alternatives.map((a) => a.start)).not.toContain(other.start);

    expect((await getBooking(first.id, first.manageToken)).json<BookingView>()).toMatchObject({
      status: 'confirmed',
      start: first.start,
    });
    expect((await getItem(db, `BOOKING#${first.id}`, 'BOOKING'))?.sequence).toBe(0);
    // Its time is still held.
    const clash = await book({ type: 'follow-up', start: first.start, providerId: 'dr-lee', ...patient() });
    expect(clash.status).toBe(409);
  });

  it('answers 409 slot_unavailable for a time that is not a slot at all (misaligned, closed)', async () => {
    const day = nextDay();
    const booked = await mustBook({
      type: 'follow-up',
      start: (await openSlotAt('follow-up', day, '08:00', 'dr-lee')).start,
      providerId: 'dr-lee',
      ...patient(),
    });
    for (const start of [localStart(day, '08:05'), localStart(day, '06:00')]) {
      const response = await reschedule(booked.id, { token: booked.manageToken, start });
      expect(response.status).toBe(409);
      expect(response.json<{ code: string }>().code).toBe('slot_unavailable');
    }
    expect((await getBooking(booked.id, booked.manageToken)).json<BookingView>().start).toBe(booked.start);
  });

  it('moves a booking to another provider and frees the first provider’s time', async () => {
    const day = nextDay(['tue', 'thu']);
    const slot = await openSlotAt('new-patient', day, '09:00', 'dr-lee');
    expect(slot.providers).toContain('dr-lee');
    const booked = await mustBook({
      type: 'new-patient',
      start: slot.start,
      providerId: 'dr-lee',
      ...patient(),
    });
    const response = await reschedule(booked.id, {
      token: booked.manageToken,
      start: slot.start,
      providerId: 'dr-shah',
    });
    expect(response.status).toBe(200);
    expect(response.json<BookingView>()).toMatchObject({
      providerId: 'dr-shah',
      providerName: 'Dr. Priya Shah',
    });
    const lee = await book({ type: 'new-patient', start: slot.start, providerId: 'dr-lee', ...patient() });
    expect(lee.status).toBe(201);
    const shah = await book({ type: 'new-patient', start: slot.start, providerId: 'dr-shah', ...patient() });
    expect(shah.status).toBe(409);
  });

  it('refuses to move a cancelled booking (booking_cancelled) and a wrong token (404)', async () => {
    const day = nextDay();
    const booked = await mustBook({
      type: 'follow-up',
      start: (await openSlotAt('follow-up', day, '09:20', 'dr-lee')).start,
      providerId: 'dr-lee',
      ...patient(),
    });
    const target = localStart(day, '09:40');
    expect((await reschedule(booked.id, { token: 'wrong', start: target })).status).toBe(404);
    await cancel(booked.id, { token: booked.manageToken });
    const response = await reschedule(booked.id, { token: booked.manageToken, start: target });
    expect(response.status).toBe(409);
    expect(response.json<{ code: string }>().code).toBe('booking_cancelled');
  });
});

describe('GET /v1/bookings/{id} in a browser: the manage page', () => {
  const day = nextDay();
  const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const page = (id: string, token: string, accept = BROWSER_ACCEPT) =>
    api(`${BOOKINGS}/${id}?token=${encodeURIComponent(token)}`, { headers: { accept } });

  async function bookFollowUp(hhmm: string) {
    const slot = await openSlotAt('follow-up', day, hhmm, 'dr-lee');
    return mustBook({ type: 'follow-up', start: slot.start, providerId: 'dr-lee', ...patient() });
  }

  it('answers a browser with the page and its forms; JSON clients get the unchanged JSON', async () => {
    const booked = await bookFollowUp('09:00');
    const response = await page(booked.id, booked.manageToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const origin = localStack().apiUrl;
    expect(response.text).toContain('<h1>Your appointment</h1>');
    expect(response.text).toContain(`action="${origin}/v1/bookings/${booked.id}/cancel"`);
    expect(response.text).toContain(`action="${origin}/v1/bookings/${booked.id}/reschedule"`);
    expect(response.text).toContain(`name="token" value="${booked.manageToken}"`);
    expect(response.text).toContain(`${origin}/v1/bookings/${booked.id}/calendar.ics?token=`);
    const times = [...response.text.matchAll(/name="start" value="([^"]+)"/g)].map((m) => m[1]);
    expect(times.length).toBeGreaterThan(0);
    expect(times.length).toBeLessThanOrEqual(8);
    expect(times).not.toContain(booked.start);

    const view: BookingView = {
      id: booked.id,
      status: 'confirmed',
      type: 'follow-up',
      start: booked.start,
      end: booked.end,
      providerId: 'dr-lee',
      providerName: 'Dr. Jordan Lee',
      name: 'Pat Tester',
    };
    for (const accept of ['application/json', '*/*', 'text/html, application/json']) {
      const asJson = await page(booked.id, booked.manageToken, accept);
      expect(asJson.status).toBe(200);
      expect(asJson.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(asJson.json<BookingView>()).toStrictEqual(view);
    }
    expect((await getBooking(booked.id, booked.manageToken)).json<BookingView>()).toStrictEqual(view);
  });

  it('answers a wrong token and a wrong id with the same 404 page', async () => {
    const booked = await bookFollowUp('09:20');
    const wrongToken = await page(booked.id, 'wrong-token');
    const wrongId = await page('01ARZ3NDEKTSV4RRFFQ69G5FAV', booked.manageToken);
    expect(wrongToken.status).toBe(404);
    expect(wrongId.status).toBe(404);
    expect(wrongToken.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(wrongToken.text).toBe(wrongId.text);
    expect(wrongToken.text).not.toContain('<form');
  });

  it('cancels from the page’s form (urlencoded, as a browser posts it) and then shows it cancelled', async () => {
    const booked = await bookFollowUp('10:00');
    const shown = await page(booked.id, booked.manageToken);
    expect(shown.text).toContain('Cancel this appointment');
    const response = await api(`${BOOKINGS}/${booked.id}/cancel`, {
      form: { token: booked.manageToken, reason: 'Feeling better' },
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('Your appointment is cancelled');
    expect(await getItem(db, `BOOKING#${booked.id}`, 'BOOKING')).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Feeling better',
    });
    const after = await page(booked.id, booked.manageToken);
    expect(after.status).toBe(200);
    expect(after.text).toContain('This appointment is cancelled.');
    expect(after.text).not.toContain('<form');
  });

  it('moves the booking to a time listed on the page', async () => {
    const booked = await bookFollowUp('11:00');
    const shown = await page(booked.id, booked.manageToken);
    const times = [...shown.text.matchAll(/name="start" value="([^"]+)"/g)].map((m) => m[1] as string);
    // A listed time on this file's own day, so no other file's day is touched.
    const target = times.find((t) => t.startsWith(day));
    expect(target).toBeDefined();
    const response = await api(`${BOOKINGS}/${booked.id}/reschedule`, {
      form: { token: booked.manageToken, start: target as string },
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('Your appointment has been moved');
    const moved = (await getBooking(booked.id, booked.manageToken)).json<BookingView>();
    expect(moved.start).toBe(target);
    expect(moved.status).toBe('confirmed');
  });

  it('shows no forms within the change cut-off, and the clinic’s phone', async () => {
    const { id, token } = await bookingStartingSoon();
    const response = await page(id, token);
    expect(response.status).toBe(200);
    expect(response.text).toContain('It is too late to change this appointment online');
    expect(response.text).toMatch(/href="tel:\+\d+"/);
    expect(response.text).not.toContain('<form');
  });
});
