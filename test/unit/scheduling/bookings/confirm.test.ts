// The patient's confirmation (POST /v1/bookings/{id}/confirm) without I/O: the use case against the
// in-memory store (which keeps the table's rule that a booking changes only at the sequence read),
// the confirm link a reminder carries, the JSON view with confirmedAt, and the two pages.
import { describe, expect, it } from 'vitest';
import { bookingView, confirmUrlFor } from '../../../../shared/adapters/http/booking-views.ts';
import { confirmedPage, confirmPage } from '../../../../shared/adapters/http/pages/confirm-pages.ts';
import {
  BOOKING_NOT_FOUND,
  type BookingDeps,
  confirmable,
  confirmBooking,
} from '../../../../shared/app/scheduling/bookings.ts';
import { NotFoundError } from '../../../../shared/core/errors.ts';
import { type Booking, fromBookingItem, toBookingItem } from '../../../../shared/core/scheduling/booking.ts';
import { BookingCancelledError, TooLateToChangeError } from '../../../../shared/core/scheduling/errors.ts';
import { staffBookingDetail, staffBookingSummary } from '../../../../shared/core/staff/bookings.ts';
import { booking, configWith, devConfig, TOKEN } from './fixtures.ts';
import { MemoryStore } from './memory-store.ts';

// Friday Nov 20, 2026, 10:00 New York; the fixture's booking is Tue Dec 1, 09:00–09:45.
const NOW = new Date('2026-11-20T15:00:00Z');
const ID = '01KBOOKING000000000000000A';
const REMINDERS: Booking['reminders'] = [
  {
    sk: `2026-11-30T14:00:00.000Z#${ID}#1440#email`,
    dueAt: new Date('2026-11-30T14:00:00.000Z'),
    channel: 'email',
    offsetMinutes: 1440,
  },
];

function setup(stored: Booking = booking({ reminders: REMINDERS, sequence: 2 })) {
  const store = new MemoryStore();
  store.bookings.set(stored.id, stored);
  const deps: BookingDeps = { config: devConfig, store, loadBusy: async () => store.busy() };
  return { store, deps };
}

describe('confirmBooking', () => {
  it('records confirmedAt and a history entry, moves the sequence on, and keeps the planned reminders', async () => {
    const { deps, store } = setup();
    const result = await confirmBooking(deps, ID, { token: TOKEN }, { now: NOW });
    expect(result.changed).toBe(true);
    const saved = store.bookings.get(ID);
    expect(saved).toEqual(result.booking);
    expect(saved).toMatchObject({ confirmedAt: NOW, updatedAt: NOW, sequence: 3, status: 'confirmed' });
    expect(saved?.history?.at(-1)).toEqual({ at: NOW, action: 'confirmed' });
    expect(saved?.reminders).toEqual(REMINDERS);
    // Nothing else moved: same time, same provider, no email.
    expect(saved).toMatchObject({ start: booking().start, providerId: 'dr-lee' });
    expect(store.notices).toEqual([]);
  });

  it('answers a second confirmation with the first confirmedAt and writes nothing', async () => {
    const { deps, store } = setup();
    await confirmBooking(deps, ID, { token: TOKEN }, { now: NOW });
    const first = store.bookings.get(ID);
    const later = { now: new Date(NOW.getTime() + 3_600_000) };
    // A write now would be refused: the store reports the booking changed under us.
    store.forced.push('booking-changed');
    const again = await confirmBooking(deps, ID, { token: TOKEN }, later);
    expect(again).toEqual({ booking: first, changed: false });
    expect(store.forced).toEqual(['booking-changed']);
    expect(store.bookings.get(ID)).toBe(first);
  });

  it('refuses a cancelled booking with booking_cancelled, even one confirmed before', async () => {
    const cancelled = booking({ status: 'cancelled', confirmedAt: new Date('2026-11-19T12:00:00Z') });
    const { deps } = setup(cancelled);
    const error = await confirmBooking(deps, ID, { token: TOKEN }, { now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BookingCancelledError);
    expect(error).toMatchObject({ code: 'booking_cancelled' });
  });

  it('answers a wrong token and an unknown id with the same 404', async () => {
    const { deps, store } = setup();
    for (const [id, token] of [
      [ID, 'wrong-token'],
      ['01KUNKNOWN0000000000000000', TOKEN],
    ] as const) {
      const error = await confirmBooking(deps, id, { token }, { now: NOW }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).detail).toBe(BOOKING_NOT_FOUND);
    }
    expect(store.bookings.get(ID)?.confirmedAt).toBeUndefined();
  });

  it('takes a confirmation inside the change cut-off, but none once the appointment has started', async () => {
    const hourBefore = { now: new Date('2026-12-01T13:00:00Z') };
    const { deps } = setup();
    await expect(confirmBooking(deps, ID, { token: TOKEN }, hourBefore)).resolves.toMatchObject({
      changed: true,
    });
    const fresh = setup();
    const started = { now: booking().start };
    await expect(confirmBooking(fresh.deps, ID, { token: TOKEN }, started)).rejects.toBeInstanceOf(
      TooLateToChangeError,
    );
    expect(fresh.store.bookings.get(ID)?.confirmedAt).toBeUndefined();
    // Asking again after the start, once confirmed, is still the same answer.
    await expect(
      confirmBooking(deps, ID, { token: TOKEN }, { now: new Date('2026-12-01T15:00:00Z') }),
    ).resolves.toMatchObject({ changed: false, booking: { confirmedAt: hourBefore.now } });
  });

  it('reads the booking again when it changed between the read and the write', async () => {
    const { deps, store } = setup();
    store.forced.push('booking-changed');
    const result = await confirmBooking(deps, ID, { token: TOKEN }, { now: NOW });
    expect(result.changed).toBe(true);
    expect(store.bookings.get(ID)?.confirmedAt).toEqual(NOW);
  });

  it('gives up with an error (a 500, never a wrong answer) when the booking keeps changing', async () => {
    const { deps, store } = setup();
    store.forced.push('booking-changed', 'booking-changed', 'booking-changed');
    await expect(confirmBooking(deps, ID, { token: TOKEN }, { now: NOW })).rejects.toThrow(
      'The booking kept changing while it was being confirmed',
    );
    expect(store.bookings.get(ID)?.confirmedAt).toBeUndefined();
  });
});

describe('confirmable', () => {
  it('is true for a confirmed booking not confirmed by the patient yet, until its start', () => {
    expect(confirmable(booking(), NOW)).toBe(true);
    expect(confirmable(booking(), new Date(booking().start.getTime() - 1))).toBe(true);
    expect(confirmable(booking(), booking().start)).toBe(false);
    expect(confirmable(booking({ confirmedAt: NOW }), NOW)).toBe(false);
    expect(confirmable(booking({ status: 'cancelled' }), NOW)).toBe(false);
  });
});

describe('confirmUrlFor', () => {
  it('is the clinic’s own manage page with action=confirm added, when it has one', () => {
    expect(confirmUrlFor(devConfig, 'https://api.example', '01KB', 'a+b/c')).toBe(
      'http://localhost:8080/manage?id=01KB&token=a%2Bb%2Fc&action=confirm',
    );
  });

  it('adds action=confirm to the query, before a fragment, whatever the template’s shape', () => {
    const withTemplate = (template: string) =>
      configWith((c) => {
        c.scheduling.manageBookingUrl = template;
      });
    expect(
      confirmUrlFor(
        withTemplate('https://clinic.example/manage/{id}/{token}'),
        'https://api.example',
        'B',
        't',
      ),
    ).toBe('https://clinic.example/manage/B/t?action=confirm');
    expect(
      confirmUrlFor(
        withTemplate('https://clinic.example/manage#id={id}&token={token}'),
        'https://api.example',
        'B',
        't',
      ),
    ).toBe('https://clinic.example/manage?action=confirm#id=B&token=t');
    expect(
      confirmUrlFor(
        withTemplate('https://clinic.example/manage?lang=en#{id}.{token}'),
        'https://api.example',
        'B',
        't',
      ),
    ).toBe('https://clinic.example/manage?lang=en&action=confirm#B.t');
  });

  it('is this API’s GET /v1/bookings/{id}/confirm page when the clinic has none', () => {
    const config = configWith((c) => {
      delete c.scheduling.manageBookingUrl;
    });
    expect(confirmUrlFor(config, 'https://api.example', '01KB', 'a+b/c')).toBe(
      'https://api.example/v1/bookings/01KB/confirm?token=a%2Bb%2Fc',
    );
  });
});

describe('the booking view', () => {
  it('shows confirmedAt with the clinic’s offset once confirmed, and not before', () => {
    expect(bookingView(devConfig, booking())).not.toHaveProperty('confirmedAt');
    expect(bookingView(devConfig, booking({ confirmedAt: NOW }))).toMatchObject({
      confirmedAt: '2026-11-20T10:00:00-05:00',
    });
  });

  it('keeps confirmedAt and the confirmed history entry in the table item', () => {
    const confirmed = booking({ confirmedAt: NOW, history: [{ at: NOW, action: 'confirmed' }] });
    expect(fromBookingItem(toBookingItem(confirmed))).toEqual(confirmed);
  });
});

const DAY_BEFORE = new Date(Date.parse('2026-11-30T14:00:00Z'));

describe('the confirm pages', () => {
  const ORIGIN = 'https://api.example.test';
  const links = {
    token: TOKEN,
    apiOrigin: ORIGIN,
    manageUrl: 'https://www.riverside-spine.example/appointments/manage?id=X&token=Y',
    calendarUrl: `${ORIGIN}/v1/bookings/${ID}/calendar.ics?token=${TOKEN}`,
    // The notice rule's cut-off, a day before the start: what the API still accepts.
    window: { moveUntil: DAY_BEFORE, cancelUntil: DAY_BEFORE },
  };
  const buttons = (page: string) => page.match(/<button\b/g) ?? [];

  it('offers one button, a form posting the token to the confirm route', () => {
    const page = confirmPage(devConfig, { ...links, booking: booking(), confirmable: true });
    expect(page).toContain('<h1>Confirm your appointment</h1>');
    expect(page).toContain('Tuesday, December 1, 2026');
    expect(page).toContain(`<form method="post" action="${ORIGIN}/v1/bookings/${ID}/confirm">`);
    expect(page).toContain(`<input type="hidden" name="token" value="${TOKEN}">`);
    expect(buttons(page)).toEqual(['<button']);
    expect(page).toContain('<button type="submit">Confirm my appointment</button>');
    // The way out for a patient who cannot come is a link, not a second button.
    expect(page).toContain(
      `You can change or cancel this online until Mon, Nov 30 at 9:00 AM: <a href="${links.manageUrl.replace('&', '&amp;')}">manage your appointment</a>`,
    );
  });

  it('has no button for a booking already confirmed, cancelled or begun, and says which', () => {
    const confirmed = confirmPage(devConfig, {
      ...links,
      booking: booking({ confirmedAt: NOW }),
      confirmable: false,
    });
    expect(confirmed).toContain('<h1>Thanks, see you on Tue, Dec 1 at 9:00 AM</h1>');
    expect(confirmed).toContain('You confirmed your attendance on Fri, Nov 20 at 10:00 AM. Thank you');
    const cancelled = confirmPage(devConfig, {
      ...links,
      booking: booking({ status: 'cancelled' }),
      confirmable: false,
      window: {},
    });
    expect(cancelled).toContain('<h1>This appointment is cancelled</h1>');
    const begun = confirmPage(devConfig, {
      ...links,
      booking: booking(),
      confirmable: false,
      window: {},
    });
    expect(begun).toContain('This appointment has already begun');
    for (const page of [confirmed, cancelled, begun]) {
      expect(buttons(page)).toEqual([]);
      expect(page).not.toContain('<form');
    }
  });

  it('answer the button with “see you on …”, the calendar and the way to change it (or the phone, when too late)', () => {
    const page = confirmedPage(devConfig, { ...links, booking: booking({ confirmedAt: NOW }) });
    expect(page).toContain(
      '<title>Thanks, see you on Tue, Dec 1 at 9:00 AM – Riverside Spine &amp; Sports Medicine</title>',
    );
    expect(page).toContain(`<a href="${links.calendarUrl}">Add to calendar</a>`);
    expect(page).toContain('You can change or cancel this online until Mon, Nov 30 at 9:00 AM:');
    const late = confirmedPage(devConfig, {
      ...links,
      booking: booking({ confirmedAt: NOW }),
      window: {},
    });
    expect(late).not.toContain('manage your appointment');
    const graceOnly = confirmedPage(devConfig, {
      ...links,
      booking: booking({ confirmedAt: NOW }),
      window: { cancelUntil: DAY_BEFORE },
    });
    expect(graceOnly).toContain(
      'Booked by mistake? You can cancel this online until Mon, Nov 30 at 9:00 AM:',
    );
    expect(late).toContain('Can’t make it? Please call us at <a href="tel:+12015550143">');
  });
});

describe('what the staff see of it', () => {
  it('the agenda and the booking carry confirmedAt; the booking says whether the patient agreed to texts', () => {
    const confirmed = booking({
      confirmedAt: NOW,
      smsConsent: true,
      history: [{ at: NOW, action: 'confirmed' }],
    });
    expect(staffBookingSummary(devConfig, confirmed)).toMatchObject({
      confirmedAt: '2026-11-20T10:00:00-05:00',
    });
    expect(staffBookingSummary(devConfig, confirmed)).not.toHaveProperty('smsConsent');
    const detail = staffBookingDetail(devConfig, confirmed, []);
    expect(detail).toMatchObject({ smsConsent: true, confirmedAt: '2026-11-20T10:00:00-05:00' });
    expect(detail.history).toEqual([{ at: '2026-11-20T10:00:00-05:00', action: 'confirmed' }]);
    expect(staffBookingDetail(devConfig, booking(), [])).toMatchObject({ smsConsent: false });
  });
});
