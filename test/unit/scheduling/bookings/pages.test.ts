import { describe, expect, it } from 'vitest';
import { managePage } from '../../../../shared/adapters/http/pages/booking-pages.ts';
import { booking, devConfig, TOKEN } from './fixtures.ts';

const ORIGIN = 'https://api.example.test';
const ID = '01KBOOKING000000000000000A';
const choices = [
  {
    start: '2026-12-01T09:45:00-05:00',
    end: '2026-12-01T10:30:00-05:00',
    providers: ['dr-lee', 'dr-shah'],
  },
  { start: '2026-12-01T10:30:00-05:00', end: '2026-12-01T11:15:00-05:00', providers: ['dr-shah'] },
];
const DAY_BEFORE = new Date(Date.parse('2026-11-30T14:00:00Z'));
const open = {
  changeable: true,
  cancellable: true,
  window: { moveUntil: DAY_BEFORE, cancelUntil: DAY_BEFORE },
};
const closed = { changeable: false, cancellable: false, window: {} };
const base = {
  token: TOKEN,
  apiOrigin: ORIGIN,
  calendarUrl: `${ORIGIN}/v1/bookings/${ID}/calendar.ics?token=${TOKEN}`,
};

describe('managePage', () => {
  it('shows a changeable booking with a cancel form and a move form, the token hidden', () => {
    const page = managePage(devConfig, { ...base, booking: booking(), ...open, choices });
    expect(page).toContain('<h1>Your appointment</h1>');
    expect(page).toContain('Tuesday, December 1, 2026');
    expect(page).toContain(
      `<a href="${ORIGIN}/v1/bookings/${ID}/calendar.ics?token=${TOKEN}">Add to calendar</a>`,
    );
    expect(page).toContain(`<form method="post" action="${ORIGIN}/v1/bookings/${ID}/cancel">`);
    expect(page).toContain(`<form method="post" action="${ORIGIN}/v1/bookings/${ID}/reschedule">`);
    expect(page.match(new RegExp(`<input type="hidden" name="token" value="${TOKEN}">`, 'g'))).toHaveLength(
      2,
    );
    expect(page).toContain('<textarea id="reason" name="reason"');
    expect(page).toContain('<button type="submit">Cancel this appointment</button>');
    // Each time a labelled radio; the current provider when free, else the one who is.
    expect(page).toContain('name="start" value="2026-12-01T09:45:00-05:00"');
    // Each label wraps its radio (one tap target, the text beside the button).
    expect(page).toMatch(
      /<label class="choice" for="start-0"><input type="radio" id="start-0"[^>]*> <span>[^<]*9:45[^<]*, with Dr\. Jordan Lee<\/span><\/label>/,
    );
    expect(page).toMatch(
      /<label class="choice" for="start-1"><input type="radio" id="start-1"[^>]*> <span>[^<]*10:30[^<]*, with Dr\. [^<]*Shah<\/span><\/label>/,
    );
    expect(page).not.toContain('too late');
    expect(page).toContain('You can move or cancel this appointment online until Mon, Nov 30 at 9:00 AM.');
  });

  it('offers only the cancel form within the undo grace, inside the notice window, with its deadline', () => {
    const page = managePage(devConfig, {
      ...base,
      booking: booking(),
      changeable: false,
      cancellable: true,
      window: { cancelUntil: DAY_BEFORE },
      choices: [],
    });
    expect(page).toContain('/cancel"');
    expect(page).not.toContain('/reschedule"');
    expect(page).not.toContain('too late');
    expect(page).toContain(
      'Booked by mistake? You can cancel this appointment online until Mon, Nov 30 at 9:00 AM.',
    );
  });

  it('escapes the token and the origin in attributes', () => {
    const page = managePage(devConfig, {
      ...base,
      token: 'a"b<c>&d',
      apiOrigin: 'https://x.test/"><script>',
      booking: booking(),
      ...open,
      choices,
    });
    expect(page).toContain('value="a&quot;b&lt;c&gt;&amp;d"');
    expect(page).not.toContain('a"b<c>');
    expect(page).not.toContain('<script>');
  });

  it('says when a move has no open time to offer, and still offers the cancel form', () => {
    const page = managePage(devConfig, { ...base, booking: booking(), ...open, choices: [] });
    expect(page).toContain('There is no other open time to move to right now.');
    expect(page).not.toContain('/reschedule"');
    expect(page).toContain('/cancel"');
  });

  it('shows no form when it is too late to change, and the clinic phone instead', () => {
    const page = managePage(devConfig, { ...base, booking: booking(), ...closed, choices: [] });
    expect(page).not.toContain('<form');
    expect(page).not.toContain('name="token"');
    expect(page).toContain('It is too late to change this appointment online');
    expect(page).toContain('href="tel:+12015550143"');
    expect(page).toContain('Add to calendar');
  });

  it('shows a cancelled booking as cancelled, without forms or calendar link', () => {
    const cancelled = booking({ status: 'cancelled', sequence: 1 });
    const page = managePage(devConfig, { ...base, booking: cancelled, ...closed, choices: [] });
    expect(page).toContain('This appointment is cancelled.');
    expect(page).toContain('<dt>Was on</dt>');
    expect(page).not.toContain('<form');
    expect(page).not.toContain('Add to calendar');
    expect(page).not.toContain('too late');
  });
});
