// GET /v1/appointment-types and GET /v1/availability through the local gateway, with bookings
// written straight into DynamoDB Local in the booking item layout. The clock is real: dates are
// picked relative to today, late in the booking window (60 days in config/dev.json), where
// other test files are unlikely to book.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBClient } from '../../../shared/adapters/dynamodb/wire-client.ts';
import { appointmentTypeList } from '../../../shared/core/scheduling/availability-schemas.ts';
import { addDays, localDateOf, weekdayOf, zoneClock } from '../../../shared/core/scheduling/time.ts';
import { api, clinicConfigInUse, testStoreDynamoDb } from '../support/index.ts';
import { putBookingItem } from './booking-items.ts';

const config = clinicConfigInUse();
const { timeZone } = config.clinic;
const RFC3339_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

interface Slot {
  start: string;
  end: string;
  providers: string[];
}
interface Availability {
  type: string;
  timeZone: string;
  from: string;
  to: string;
  slots: Slot[];
  nextAvailable?: Slot | null;
}

let db: DynamoDBClient;
beforeAll(() => {
  db = testStoreDynamoDb();
});
afterAll(() => db.destroy());

const today = () => localDateOf(new Date(), timeZone);

/** The first date on or after `date` that falls on `weekday`. */
function nextWeekday(date: string, weekday: ReturnType<typeof weekdayOf>): string {
  let day = date;
  while (weekdayOf(day) !== weekday) day = addDays(day, 1);
  return day;
}

/** The instant of a local wall time on a date (`09:30`), in the clinic's zone. */
function localInstant(date: string, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(zoneClock(timeZone).boundaryOf(date, h * 60 + m));
}

/** A booking of `minutes` from `start`, written as the bookings module writes its items. */
async function putBooking(options: {
  providerId: string;
  typeId: string;
  start: Date;
  minutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  status?: 'confirmed' | 'cancelled';
}): Promise<void> {
  const { minutes, ...times } = options;
  await putBookingItem(db, { ...times, end: new Date(options.start.getTime() + minutes * 60_000) });
}

async function availability(query: Record<string, string>) {
  const response = await api(`/v1/availability?${new URLSearchParams(query)}`);
  return { response, body: response.json<Availability>() };
}

const hhmmOf = (slot: Slot) => slot.start.slice(11, 16);

describe('GET /v1/appointment-types', () => {
  it('lists the types with id, name, description (null when absent) and duration', async () => {
    const response = await api('/v1/appointment-types');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.json()).toStrictEqual(appointmentTypeList(config));
    expect(response.json<{ types: { description: unknown }[] }>().types.map((t) => t.description)).toContain(
      null,
    );
  });
});

describe('GET /v1/availability', () => {
  it('answers a week of slots, sorted, with the clinic offset, on open days only', async () => {
    const monday = nextWeekday(addDays(today(), 36), 'mon');
    const sunday = addDays(monday, 6);
    const { response, body } = await availability({ type: 'new-patient', from: monday, to: sunday });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ type: 'new-patient', timeZone, from: monday, to: sunday });
    expect(body).not.toHaveProperty('nextAvailable');
    expect(body.slots.length).toBeGreaterThan(100);
    const instants = body.slots.map((s) => Date.parse(s.start));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
    for (const slot of body.slots) {
      expect(slot.start).toMatch(RFC3339_SECONDS);
      expect(slot.end).toMatch(RFC3339_SECONDS);
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(45 * 60_000);
      // Offsets are the clinic's at that instant, so the local date in the text is the clinic's.
      expect(slot.start.slice(0, 10)).toBe(localDateOf(new Date(slot.start), timeZone));
      expect(slot.start.slice(0, 10) >= monday && slot.start.slice(0, 10) <= addDays(monday, 4)).toBe(true);
      expect(slot.providers.length).toBeGreaterThan(0);
    }
    // Weekends are closed in the example clinic; Monday opens at 08:00.
    expect(body.slots.some((s) => s.start.startsWith(addDays(monday, 5)))).toBe(false);
    expect(body.slots[0] && hhmmOf(body.slots[0])).toBe('08:00');
  });

  it('starts no slot sooner than minNoticeMinutes from now', async () => {
    const asked = Date.now();
    const { body } = await availability({ type: 'follow-up', from: today(), to: addDays(today(), 6) });
    expect(body.slots.length).toBeGreaterThan(0);
    const earliest = asked + config.scheduling.minNoticeMinutes * 60_000;
    for (const slot of body.slots) expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(earliest - 1000);
  });

  it("removes the slots a booking holds, taking the booking's own buffers and the type's on both sides", async () => {
    const thursday = nextWeekday(addDays(today(), 50), 'thu');
    const day = { type: 'new-patient', from: thursday, to: thursday, provider: 'dr-lee' };
    const before = await availability(day);
    expect(before.body.slots.map(hhmmOf)).toEqual(
      expect.arrayContaining(['13:00', '14:00', '14:30', '14:45']),
    );

    // A botox injection 14:00–14:30 keeps 10 minutes free on each side: 13:50–14:40.
    await putBooking({
      providerId: 'dr-lee',
      typeId: 'botox-injection',
      start: localInstant(thursday, '14:00'),
      minutes: 30,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 10,
    });
    // A cancelled booking holds nothing.
    await putBooking({
      providerId: 'dr-lee',
      typeId: 'new-patient',
      start: localInstant(thursday, '16:00'),
      minutes: 45,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      status: 'cancelled',
    });

    const after = await availability(day);
    const times = after.body.slots.map(hhmmOf);
    // A new patient slot is 45 minutes plus 15 after: 13:00 would run to 14:00, into the
    // booking's before-buffer; 14:30 would start inside its after-buffer; 14:45 is clear.
    for (const gone of ['13:00', '13:15', '13:30', '13:45', '14:00', '14:15', '14:30'])
      expect(times).not.toContain(gone);
    expect(times).toEqual(expect.arrayContaining(['14:45', '16:00']));

    // dr-shah is not held by dr-lee's booking.
    const everyone = await availability({ type: 'new-patient', from: thursday, to: thursday });
    expect(everyone.body.slots.find((s) => hhmmOf(s) === '14:00')?.providers).toContain('dr-shah');
  });

  it('answers nextAvailable when the range has no slot, and null beyond the booking window', async () => {
    const saturday = nextWeekday(addDays(today(), 22), 'sat');
    const sunday = addDays(saturday, 1);
    const { body } = await availability({ type: 'follow-up', from: saturday, to: sunday });
    expect(body.slots).toEqual([]);
    const next = body.nextAvailable;
    expect(next?.start).toMatch(RFC3339_SECONDS);
    // The next open slot is the first one on a day after the range.
    const nextDate = next?.start.slice(0, 10) as string;
    expect(nextDate > sunday).toBe(true);
    const thatDay = await availability({ type: 'follow-up', from: addDays(sunday, 1), to: nextDate });
    expect(thatDay.body.slots[0]).toEqual(next);

    const far = addDays(today(), config.scheduling.maxAdvanceDays + 1);
    const beyond = await availability({ type: 'follow-up', from: far, to: addDays(far, 6) });
    expect(beyond.body).toMatchObject({ slots: [], nextAvailable: null });
  });

  it('refuses more than 31 days with range_too_large', async () => {
    const from = addDays(today(), 1);
    const ok = await availability({ type: 'follow-up', from, to: addDays(from, 30) });
    expect(ok.response.status).toBe(200);
    const { response, body } = await availability({ type: 'follow-up', from, to: addDays(from, 31) });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(body).toMatchObject({ status: 400, code: 'range_too_large' });
  });

  it('refuses an unknown type with unknown_appointment_type', async () => {
    const from = addDays(today(), 1);
    const { response, body } = await availability({ type: 'massage', from, to: from });
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ code: 'unknown_appointment_type' });
  });

  it('refuses missing or malformed dates, to before from, and an unknown provider with validation_failed', async () => {
    const from = addDays(today(), 3);
    const missing = await availability({ type: 'follow-up' });
    expect(missing.response.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: 'validation_failed',
      errors: [
        { path: 'from', message: 'This field is required' },
        { path: 'to', message: 'This field is required' },
      ],
    });
    const backwards = await availability({ type: 'follow-up', from, to: addDays(from, -1) });
    expect(backwards.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'to' }] });
    const notADate = await availability({ type: 'follow-up', from: 'tomorrow', to: from });
    expect(notADate.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'from' }] });
    const nobody = await availability({ type: 'follow-up', from, to: from, provider: 'dr-nobody' });
    expect(nobody.response.status).toBe(400);
    expect(nobody.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'provider', message: 'Unknown provider' }],
    });
  });
});
