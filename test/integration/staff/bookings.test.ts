// The bookings side of the staff API against the shared local stack, signed in for real: the
// agenda, one booking with its history and message states, booking for a caller, cancel, move and
// attendance for a patient, the CSV export; each read and change leaves its audit entry.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { toBookingItem } from '../../../shared/core/scheduling/booking.ts';
import { addDays } from '../../../shared/core/scheduling/time.ts';
import {
  bookingTestFile,
  localStart,
  mustBook,
  openSlotAt,
  patient,
} from '../scheduling/bookings-support.ts';
import {
  emailsToOnceHandled,
  localStack,
  testTableName,
  uniqueEmail,
  waitForEmailsTo,
} from '../support/index.ts';
import { auditEntriesAbout, staffApi, staffOfStack } from './support.ts';

const { db, nextDay } = bookingTestFile('staff-bookings');
afterAll(() => staffOfStack().tokens.close());

const BOOKINGS = '/v1/staff/bookings';
const _DAY_MS = 86_400_000;

interface StaffBooking {
  id: string;
  status: 'confirmed' | 'cancelled';
  type: string;
  typeName: string;
  start: string;
  end: string;
  providerId: string;
  providerName: string;
  name: string;
  email: string;
  phone: string;
  reason?: string;
  attendance?: string;
  cancelReason?: string;
  history: { at: string; action: string; actor?: { sub: string; email: string } }[];
  messages: { channel: string; kind: string; recipient: string; status: string; at: string }[];
}

/** The actions of the audit entries about a record, sorted. */
async function auditActions(recordId: string): Promise<string[]> {
  return (await auditEntriesAbout(recordId)).map((entry) => String(entry.action)).sort();
}

function staffBook(body: Record<string, unknown>) {
  return staffApi(BOOKINGS, { json: body });
}

async function mustStaffBook(body: Record<string, unknown>): Promise<StaffBooking> {
  const response = await staffBook(body);
  if (response.status !== 201) throw new Error(`staff booking answered ${response.status}: ${response.text}`);
  return response.json<StaffBooking>();
}

/** A caller's details: what the front desk types in (no consent, no honeypot). */
function caller(overrides: Record<string, unknown> = {}) {
  return { name: 'Casey Caller', email: uniqueEmail('staff-booking'), phone: '(201) 555-0142', ...overrides };
}

/** Polls the booking until `done` holds (the notifier records message states after sending). */
async function bookingUntil(id: string, done: (b: StaffBooking) => boolean): Promise<StaffBooking> {
  const deadline = Date.now() + 20_000;
  let last: StaffBooking | undefined;
  while (Date.now() < deadline) {
    last = (await staffApi(`${BOOKINGS}/${id}`)).json<StaffBooking>();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`booking ${id} never got there: ${JSON.stringify(last)}`);
}

const dayA = nextDay();
const dayB = nextDay();

describe('POST /v1/staff/bookings', () => {
  it('books for a caller through the same engine, emails the patient, records who booked and audits it', async () => {
    const { users } = staffOfStack();
    const slot = await openSlotAt('follow-up', dayA, '09:00', 'dr-lee');
    const body = caller({ type: 'follow-up', start: slot.start, providerId: 'dr-lee', reason: 'Back pain' });
    const response = await staffBook(body);
    expect(response.status).toBe(201);
    const booked = response.json<StaffBooking & { manageToken?: string }>();
    expect(booked).toMatchObject({
      status: 'confirmed',
      type: 'follow-up',
      typeName: 'Follow-up visit',
      start: slot.start,
      providerId: 'dr-lee',
      name: 'Casey Caller',
      email: body.email,
      phone: '+12015550142',
      reason: 'Back pain',
      messages: [],
    });
    expect(booked.manageToken).toBeUndefined();
    expect(booked.history).toEqual([
      {
        at: expect.any(String),
        action: 'created',
        actor: { sub: expect.any(String), email: users.frontdesk },
      },
    ]);

    const [confirmation] = await waitForEmailsTo(String(body.email));
    expect(confirmation?.subject).toMatch(/^Appointment confirmed for /);
    expect(confirmation?.body.text).toContain('manage?id=');

    // The message state outlives the notice it was sent from.
    const read = await bookingUntil(booked.id, (b) => b.messages.some((m) => m.recipient === 'patient'));
    expect(read.messages).toContainEqual({
      channel: 'email',
      kind: 'confirmation',
      recipient: 'patient',
      status: 'sent',
      at: expect.any(String),
    });
    expect(await auditActions(booked.id)).toEqual(
      expect.arrayContaining(['booking.created', 'booking.read']),
    );

    // The slot is taken for the public side too.
    const again = await staffBook(caller({ type: 'follow-up', start: slot.start, providerId: 'dr-lee' }));
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ code: 'slot_unavailable', alternatives: expect.any(Array) });
  });

  it('answers 400 with field paths for a body that fails the rules, and never asks for consent', async () => {
    const response = await staffBook({ type: 'follow-up', start: 'soon', email: 'not-an-email', phone: '' });
    expect(response.status).toBe(400);
    const paths = response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['start', 'name', 'email', 'phone']));
    expect(paths).not.toContain('consent');
  });

  it('answers 403 to a member of neither group', async () => {
    const response = await staffApi(BOOKINGS, { json: caller() }, 'nobody');
    expect(response.status).toBe(403);
  });
});

describe('GET /v1/staff/bookings', () => {
  it('lists the range whole and sorted by start, cancelled ones too unless asked, by provider, and audits the read', async () => {
    const early = await mustStaffBook(
      caller({
        type: 'follow-up',
        start: (await openSlotAt('follow-up', dayB, '08:00', 'dr-lee')).start,
        providerId: 'dr-lee',
      }),
    );
    const late = await mustStaffBook(
      caller({
        type: 'follow-up',
        start: (await openSlotAt('follow-up', dayB, '15:00', 'dr-lee')).start,
        providerId: 'dr-lee',
      }),
    );
    const middle = await mustStaffBook(
      caller({
        type: 'follow-up',
        start: (await openSlotAt('follow-up', dayB, '10:00', 'dr-lee')).start,
        providerId: 'dr-lee',
      }),
    );
    expect(
      (await staffApi(`${BOOKINGS}/${middle.id}/cancel`, { json: { notifyPatient: false } })).status,
    ).toBe(200);

    const all = await staffApi(`${BOOKINGS}?from=${dayB}&to=${dayB}`);
    expect(all.status).toBe(200);
    const items = all.json<{ items: StaffBooking[] }>().items;
    expect(items.map((b) => [b.id, b.status])).toEqual([
      [early.id, 'confirmed'],
      [middle.id, 'cancelled'],
      [late.id, 'confirmed'],
    ]);
    expect(items[0]).not.toHaveProperty('history');
    expect(items[0]).toMatchObject({
      typeName: 'Follow-up visit',
      providerName: expect.any(String),
      phone: '+12015550142',
    });

    const confirmed = await staffApi(`${BOOKINGS}?from=${dayB}&to=${dayB}&status=confirmed`);
    expect(confirmed.json<{ items: StaffBooking[] }>().items.map((b) => b.id)).toEqual([early.id, late.id]);
    const shah = await staffApi(`${BOOKINGS}?from=${dayB}&to=${dayB}&provider=dr-shah`);
    expect(shah.json<{ items: StaffBooking[] }>().items).toEqual([]);
    expect(await auditActions(`${dayB}..${dayB}`)).toContain('booking.listed');
  });

  it('answers 400 for a range past 31 days, an unknown provider or a bad date', async () => {
    const long = await staffApi(`${BOOKINGS}?from=${dayA}&to=${addDays(dayA, 31)}`);
    expect(long.status).toBe(400);
    expect(long.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'to' }] });
    const provider = await staffApi(`${BOOKINGS}?from=${dayA}&provider=dr-nobody`);
    expect(provider.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'provider' }] });
    const date = await staffApi(`${BOOKINGS}?from=2026-02-30`);
    expect(date.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'from' }] });
  });
});

describe('GET /v1/staff/bookings/{id}', () => {
  it('answers 404 to an unknown or malformed id, and reads a patient’s own booking with no actor', async () => {
    expect((await staffApi(`${BOOKINGS}/${ulid()}`)).status).toBe(404);
    expect((await staffApi(`${BOOKINGS}/not-a-ulid`)).json()).toMatchObject({ code: 'not_found' });
    const own = await mustBook({
      type: 'follow-up',
      start: (await openSlotAt('follow-up', dayA, '13:00', 'dr-lee')).start,
      providerId: 'dr-lee',
      ...patient(),
    });
    const read = await staffApi(`${BOOKINGS}/${own.id}`);
    expect(read.json<StaffBooking>().history).toEqual([{ at: expect.any(String), action: 'created' }]);
    expect(await auditActions(own.id)).toEqual(['booking.read']);
  });
});

describe('POST /v1/staff/bookings/{id}/cancel and /reschedule', () => {
  it('moves for the patient (emailed the new time), refuses a taken time with alternatives, then cancels without emailing them', async () => {
    const { users } = staffOfStack();
    const body = caller({
      type: 'follow-up',
      start: (await openSlotAt('follow-up', dayA, '11:00', 'dr-lee')).start,
      providerId: 'dr-lee',
    });
    const booked = await mustStaffBook(body);
    const to = localStart(dayA, '14:00');
    const moved = await staffApi(`${BOOKINGS}/${booked.id}/reschedule`, { json: { start: to } });
    expect(moved.status).toBe(200);
    expect(moved.json<StaffBooking>()).toMatchObject({
      start: to,
      providerId: 'dr-lee',
      status: 'confirmed',
    });
    expect(moved.json<StaffBooking>().history.map((h) => [h.action, h.actor?.email])).toEqual([
      ['created', users.frontdesk],
      ['rescheduled', users.frontdesk],
    ]);
    const mails = await waitForEmailsTo(String(body.email), { count: 2 });
    expect(mails.map((m) => m.subject)).toContainEqual(expect.stringMatching(/^Appointment rescheduled to /));

    const taken = await staffApi(`${BOOKINGS}/${booked.id}/reschedule`, {
      json: { start: localStart(dayA, '09:00'), providerId: 'dr-lee' },
    });
    expect(taken.status).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'slot_unavailable', alternatives: expect.any(Array) });

    const cancelled = await staffApi(`${BOOKINGS}/${booked.id}/cancel`, {
      json: { reason: 'Clinician ill', notifyPatient: false },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json<StaffBooking>()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Clinician ill',
    });
    expect(cancelled.json<StaffBooking>().history.at(-1)).toMatchObject({
      action: 'cancelled',
      actor: { email: users.frontdesk },
    });
    const toPatient = await emailsToOnceHandled(String(body.email));
    expect(toPatient.map((m) => m.subject).filter((s) => s.startsWith('Appointment cancelled'))).toEqual([]);
    // The time is free again at once.
    await openSlotAt('follow-up', dayA, '14:00', 'dr-lee');
    expect(await auditActions(booked.id)).toEqual(
      expect.arrayContaining(['booking.created', 'booking.rescheduled', 'booking.cancelled']),
    );
  });

  it('answers 404 for an unknown booking and 400 with field paths for a bad body', async () => {
    expect((await staffApi(`${BOOKINGS}/${ulid()}/cancel`, { json: {} })).status).toBe(404);
    const bad = await staffApi(`${BOOKINGS}/${ulid()}/reschedule`, {
      json: { start: 'tomorrow', notifyPatient: 'no' },
    });
    expect(bad.status).toBe(400);
    expect(
      bad
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['notifyPatient', 'start']);
  });
});

describe('POST /v1/staff/bookings/{id}/attendance', () => {
  it('marks a started booking attended (recorded and audited), and refuses one that has not started', async () => {
    const { users } = staffOfStack();
    const start = new Date(Date.now() - 3_600_000);
    const id = ulid();
    await db.send(
      new PutItemCommand({
        TableName: testTableName(),
        Item: marshall(
          toBookingItem({
            id,
            status: 'confirmed',
            typeId: 'follow-up',
            providerId: 'dr-lee',
            start,
            end: new Date(start.getTime() + 20 * 60_000),
            bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0,
            lockBlockMinutes: 5,
            patient: { name: 'Past Patient', email: uniqueEmail('past'), phone: '+12015550100' },
            attribution: {},
            tokenHash: 'x'.repeat(64),
            sequence: 0,
            createdAt: start,
            updatedAt: start,
          }),
          { removeUndefinedValues: true },
        ),
      }),
    );
    const marked = await staffApi(`${BOOKINGS}/${id}/attendance`, { json: { attendance: 'attended' } });
    expect(marked.status).toBe(200);
    expect(marked.json<StaffBooking>().attendance).toBe('attended');
    expect(marked.json<StaffBooking>().history.at(-1)).toMatchObject({
      action: 'attended',
      actor: { email: users.frontdesk },
    });
    expect(await auditActions(id)).toEqual(['booking.attendance']);

    const future = await mustStaffBook(
      caller({
        type: 'follow-up',
        start: (await openSlotAt('follow-up', dayA, '15:00', 'dr-lee')).start,
        providerId: 'dr-lee',
      }),
    );
    const early = await staffApi(`${BOOKINGS}/${future.id}/attendance`, { json: { attendance: 'no_show' } });
    expect(early.status).toBe(400);
    expect(early.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'attendance' }] });
    const bad = await staffApi(`${BOOKINGS}/${future.id}/attendance`, { json: { attendance: 'maybe' } });
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'attendance' }] });
  });
});

describe('GET /v1/staff/exports/bookings.csv', () => {
  it('answers the range as CSV with a BOM, quoting and no formula injection, and audits the export', async () => {
    const day = nextDay();
    await mustStaffBook(
      caller({
        type: 'follow-up',
        start: (await openSlotAt('follow-up', day, '09:00', 'dr-lee')).start,
        providerId: 'dr-lee',
        name: 'Ann "Nan" Smith',
        reason: '=HYPERLINK("http://evil.example")',
      }),
    );
    const response = await staffApi(`/v1/staff/exports/bookings.csv?from=${day}&to=${day}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="bookings-${day}-${day}.csv"`,
    );
    // fetch's text() drops a BOM: the bytes are read as they came.
    const raw = await fetch(`${localStack().apiUrl}/v1/staff/exports/bookings.csv?from=${day}&to=${day}`, {
      headers: { authorization: `Bearer ${await staffOfStack().tokenOf('frontdesk')}` },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.text.split('\r\n')[0]).toBe(
      'Start,End,Status,Attendance,Appointment,Clinician,Patient,Email,Phone,Reason,Notes,Cancellation reason,Booked at,Booked by,Booking id',
    );
    const [, row] = response.text.split('\r\n');
    expect(row).toContain('"Ann ""Nan"" Smith"');
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(row).toContain("'+12015550142");
    expect(row).toContain(staffOfStack().users.frontdesk);
    // Two exports of the range (the parsed and the raw read): two entries.
    expect(await auditActions(`${day}..${day}`)).toEqual(['booking.exported', 'booking.exported']);
  });

  it('answers 400 for a range past 92 days', async () => {
    const response = await staffApi(`/v1/staff/exports/bookings.csv?from=${dayA}&to=${addDays(dayA, 92)}`);
    expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'to' }] });
  });
});
