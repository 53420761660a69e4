// The staff bookings use cases and their pure parts without I/O: what staff may do beyond the
// patient (the cut-off, the minimum notice, the patient's email), attendance's rules, the history
// and message states a booking shows, the agenda's range and the export's cells.
import { describe, expect, it } from 'vitest';
import { cancelBooking, createBooking } from '../../../shared/app/scheduling/bookings.ts';
import type { StaffBookingReader } from '../../../shared/app/staff/booking-ports.ts';
import {
  bookForCaller,
  cancelForCaller,
  markAttendance,
  rescheduleForCaller,
  type StaffBookingDeps,
} from '../../../shared/app/staff/bookings.ts';
import type { StaffCaller } from '../../../shared/app/staff/caller.ts';
import type { AuditLog } from '../../../shared/app/staff/ports.ts';
import { ValidationError } from '../../../shared/core/errors.ts';
import { planBookingNoticeEmails } from '../../../shared/core/messages/booking-emails.ts';
import { historyOf } from '../../../shared/core/scheduling/booking.ts';
import { SlotUnavailableError, TooLateToChangeError } from '../../../shared/core/scheduling/errors.ts';
import { noticeItem, snapshotOf } from '../../../shared/core/scheduling/notice.ts';
import type { AuditEntry } from '../../../shared/core/staff/audit.ts';
import {
  agendaRange,
  bookingCsvColumns,
  exportRange,
  staffBookingDetail,
} from '../../../shared/core/staff/bookings.ts';
import { toCsv } from '../../../shared/core/staff/csv.ts';
import { booking, devConfig, TOKEN } from '../scheduling/bookings/fixtures.ts';
import { MemoryStore } from '../scheduling/bookings/memory-store.ts';

// Friday Nov 20, 2026, 10:00 New York; the clinic opens 08:00–14:00 on Fridays, with 2 hours' notice.
const NOW = new Date('2026-11-20T15:00:00Z');
const ACTOR = { sub: 'sub-1', email: 'desk@clinic.example' };
const CALLER: StaffCaller = { actor: ACTOR, ip: '203.0.113.9', now: NOW };
let ids = 0;

function setup() {
  const store = new MemoryStore();
  const entries: AuditEntry[] = [];
  const audit: AuditLog = {
    append: async (entry) => {
      entries.push(entry);
    },
    list: async () => ({ items: [], nextCursor: null }),
  };
  const reader: StaffBookingReader = {
    agenda: async () => [...store.bookings.values()],
    withMessages: async (id) => {
      const found = store.bookings.get(id);
      return found ? { booking: found, messages: [] } : undefined;
    },
  };
  const deps: StaffBookingDeps = {
    config: devConfig,
    store,
    loadBusy: async () => store.busy(),
    newId: () => `01KSTAFF${String(++ids).padStart(18, '0')}`,
    newToken: () => `token-${ids}`,
    reader,
    audit,
  };
  return { store, deps, entries };
}

const manageUrl = (id: string, token: string) => `https://m.example/${id}/${token}`;
const soon = {
  type: 'follow-up',
  // 11:00 New York: open, but within the 2 hours' minimum notice.
  start: '2026-11-20T11:00:00-05:00',
  name: 'Casey',
  email: 'casey@example.com',
  phone: '+12015550142',
  attribution: {},
};

describe('booking for a caller', () => {
  it('waives the minimum notice only when asked, records the staff member, and audits the booking', async () => {
    const { deps, store, entries } = setup();
    await expect(
      bookForCaller(deps, { ...soon, ignoreNotice: false }, CALLER, manageUrl),
    ).rejects.toBeInstanceOf(SlotUnavailableError);
    const { booking: booked } = await bookForCaller(deps, { ...soon, ignoreNotice: true }, CALLER, manageUrl);
    expect(booked.history).toEqual([{ at: NOW, action: 'created', actor: ACTOR }]);
    expect(store.notices.at(-1)).toMatchObject({ event: 'confirmed', byStaff: ACTOR.email });
    expect(store.notices.at(-1)?.manageUrl).toMatch(/^https:\/\/m\.example\//);
    expect(entries.map((e) => [e.action, e.recordId, e.ip])).toEqual([
      ['booking.created', booked.id, '203.0.113.9'],
    ]);
  });

  it('leaves the patient’s own booking with no actor in its history', async () => {
    const { deps } = setup();
    const result = await createBooking(
      deps,
      { ...soon, start: '2026-12-01T10:00:00-05:00', consent: true, honeypotFilled: false },
      { now: NOW, manageUrl },
    );
    expect(result.booking.history).toEqual([{ at: NOW, action: 'created' }]);
  });
});

describe('cancelling and moving for a patient', () => {
  // 13:00 today: inside the 24-hour change cut-off.
  // Inside the notice window and booked days ago (past the undo grace): the patient may not change it.
  const close = () =>
    booking({
      start: new Date('2026-11-20T18:00:00Z'),
      end: new Date('2026-11-20T18:45:00Z'),
      createdAt: new Date('2026-11-10T15:00:00Z'),
    });

  it('cancels whatever the cut-off, and can leave the patient unemailed', async () => {
    const { deps, store, entries } = setup();
    store.bookings.set(close().id, close());
    await expect(cancelBooking(deps, close().id, { token: TOKEN }, { now: NOW })).rejects.toBeInstanceOf(
      TooLateToChangeError,
    );
    const result = await cancelForCaller(deps, close().id, { reason: 'Ill', notifyPatient: false }, CALLER);
    expect(result).toMatchObject({ changed: true, booking: { status: 'cancelled', cancelReason: 'Ill' } });
    expect(historyOf(result.booking).at(-1)).toEqual({ at: NOW, action: 'cancelled', actor: ACTOR });
    expect(store.notices.at(-1)).toMatchObject({
      event: 'cancelled',
      notifyPatient: false,
      byStaff: ACTOR.email,
    });
    expect(entries.map((e) => e.action)).toEqual(['booking.cancelled']);
  });

  it('moves whatever the cut-off, with no manage link (staff do not hold the token)', async () => {
    const { deps, store } = setup();
    store.bookings.set(close().id, close());
    const result = await rescheduleForCaller(
      deps,
      close().id,
      { start: '2026-12-01T09:00:00-05:00', providerId: 'dr-lee' },
      CALLER,
    );
    expect(result.booking.start.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(historyOf(result.booking).at(-1)).toMatchObject({
      action: 'rescheduled',
      actor: ACTOR,
      previousStart: '2026-11-20T18:00:00.000Z',
      previousProviderId: 'dr-lee',
    });
    expect(store.notices.at(-1)).toMatchObject({ event: 'rescheduled' });
    expect(store.notices.at(-1)?.manageUrl).toBeUndefined();
    expect(store.notices.at(-1)?.notifyPatient).toBeUndefined();
  });
});

describe('attendance', () => {
  it('is refused before the start and for a cancelled booking, on the attendance field', async () => {
    const { deps, store } = setup();
    store.bookings.set(booking().id, booking());
    const early = await markAttendance(deps, booking().id, { attendance: 'attended' }, CALLER).catch(
      (e) => e,
    );
    expect(early).toBeInstanceOf(ValidationError);
    expect((early as ValidationError).errors).toEqual([{ path: 'attendance', message: expect.any(String) }]);
    store.bookings.set(booking().id, booking({ status: 'cancelled' }));
    const after = { ...CALLER, now: new Date('2026-12-01T15:00:00Z') };
    await expect(markAttendance(deps, booking().id, { attendance: 'no_show' }, after)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('is marked after the start (a new sequence, its history) and may be corrected; the same mark changes nothing', async () => {
    const { deps, store, entries } = setup();
    store.bookings.set(booking().id, booking());
    const after = { ...CALLER, now: new Date('2026-12-01T15:00:00Z') };
    const first = await markAttendance(deps, booking().id, { attendance: 'no_show' }, after);
    expect(first).toMatchObject({ changed: true, booking: { attendance: 'no_show', sequence: 1 } });
    const same = await markAttendance(deps, booking().id, { attendance: 'no_show' }, after);
    expect(same.changed).toBe(false);
    const fixed = await markAttendance(deps, booking().id, { attendance: 'attended' }, after);
    expect(historyOf(fixed.booking).map((h) => h.action)).toEqual(['created', 'no_show', 'attended']);
    expect(store.notices).toEqual([]);
    expect(entries.map((e) => e.action)).toEqual([
      'booking.attendance',
      'booking.attendance',
      'booking.attendance',
    ]);
  });
});

describe('the emails of a staff change', () => {
  it('leave out the patient’s when told, say who acted in the clinic’s copy, and keep each state on the booking', () => {
    const cancelled = booking({ status: 'cancelled', sequence: 2 });
    const notice = {
      event: 'cancelled' as const,
      booking: snapshotOf(cancelled),
      notifyPatient: false as const,
      byStaff: ACTOR.email,
    };
    const emails = planBookingNoticeEmails(devConfig, {
      eventName: 'INSERT',
      newItem: noticeItem(notice, NOW),
    });
    expect(emails.map((e) => e.id)).toEqual(['staff']);
    expect(emails[0]?.text).toContain(ACTOR.email);
    expect(emails[0]?.track).toMatchObject({
      pk: `BOOKING#${cancelled.id}`,
      sk: 'MESSAGE#000002#staff',
      fields: { kind: 'booking-message', messageKind: 'staff_cancellation', recipient: 'staff' },
    });
    const both = planBookingNoticeEmails(devConfig, {
      eventName: 'INSERT',
      newItem: noticeItem({ event: 'confirmed', booking: snapshotOf(booking()) }, NOW),
    });
    expect(both.map((e) => [e.id, e.track?.fields.messageKind])).toEqual([
      ['patient', 'confirmation'],
      ['staff', 'staff_confirmation'],
    ]);
  });
});

describe('the staff views', () => {
  it('give a booking made before history was kept the history its dates tell, and its messages oldest first', () => {
    const old = booking({ status: 'cancelled', cancelledAt: new Date('2026-11-25T12:00:00Z') });
    const detail = staffBookingDetail(devConfig, old, [
      {
        channel: 'email',
        kind: 'cancellation',
        recipient: 'patient',
        status: 'sent',
        at: new Date('2026-11-25T12:00:05Z'),
      },
      {
        channel: 'email',
        kind: 'confirmation',
        recipient: 'patient',
        status: 'failed',
        at: new Date('2026-11-20T15:00:05Z'),
      },
    ]);
    expect(detail.history).toEqual([
      { at: '2026-11-20T10:00:00-05:00', action: 'created' },
      { at: '2026-11-25T07:00:00-05:00', action: 'cancelled' },
    ]);
    expect(detail.messages.map((m) => m.kind)).toEqual(['confirmation', 'cancellation']);
    expect(detail).toMatchObject({ typeName: 'New patient consultation', email: 'ana@example.com' });
  });

  it('default the agenda to the clinic’s today and the export to the last 30 days', () => {
    // 03:00 UTC on Nov 21 is still Nov 20 in New York.
    const lateEvening = new Date('2026-11-21T03:00:00Z');
    expect(agendaRange('America/New_York', {}, lateEvening)).toMatchObject({
      from: '2026-11-20',
      to: '2026-11-20',
      start: new Date('2026-11-20T05:00:00Z'),
      end: new Date('2026-11-21T05:00:00Z'),
    });
    expect(agendaRange('America/New_York', { from: '2026-12-01' }, NOW)).toMatchObject({ to: '2026-12-01' });
    expect(exportRange('America/New_York', {}, NOW)).toMatchObject({ from: '2026-10-22', to: '2026-11-20' });
  });

  it('export cells a spreadsheet cannot run', () => {
    const csv = toCsv(bookingCsvColumns(devConfig), [booking({ reason: '=1+2', notes: '@SUM(A1)' })]);
    const [, row] = csv.split('\r\n');
    expect(row).toContain("'=1+2");
    expect(row).toContain("'@SUM(A1)");
    expect(row).toContain("'+12015550123");
    expect(row).toContain(',patient,');
  });
});
