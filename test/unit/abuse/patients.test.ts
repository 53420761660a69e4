// The per-patient cap's keys and count, and the double-submit marker (shared/core/scheduling/patients.ts).
import { describe, expect, it } from 'vitest';
import {
  ledgerSideOf,
  NO_PATIENT_BOOKINGS,
  patientKeys,
  repeatKey,
  repeatMarkerItem,
  upcomingBookingIds,
} from '../../../shared/core/scheduling/patients.ts';

const SECRET = new Uint8Array(32).fill(7);
const NOW = new Date('2026-11-20T15:00:00Z');

describe('patient keys', () => {
  it('match an email whatever its case and surrounding space, and keep no trace of it', () => {
    const a = patientKeys(SECRET, { email: 'Ana.Diaz@Example.com', phone: '+12015550123' });
    const b = patientKeys(SECRET, { email: ' ana.diaz@example.com ', phone: '+12015550123' });
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).not.toMatch(/ana|example|2015550123/i);
  });

  it('keep email and phone apart, and change with the secret', () => {
    const keys = patientKeys(SECRET, { email: 'a@example.com', phone: '+12015550123' });
    expect(keys.email).not.toBe(keys.phone);
    expect(patientKeys(new Uint8Array(32), { email: 'a@example.com', phone: '+12015550123' })).not.toEqual(
      keys,
    );
  });
});

describe('the upcoming bookings of a patient', () => {
  const entry = (bookingId: string, start: string) => ({ bookingId, start: new Date(start) });

  it('count bookings that start after now, once each whether found by email, phone or both', () => {
    const held = {
      email: {
        version: 3,
        entries: [entry('A', '2026-12-01T14:00:00Z'), entry('B', '2026-12-02T14:00:00Z')],
      },
      phone: {
        version: 2,
        entries: [entry('B', '2026-12-02T14:00:00Z'), entry('C', '2026-11-20T14:00:00Z')],
      },
    };
    // C began an hour ago: no longer upcoming, though nothing was written since.
    expect([...upcomingBookingIds(held, NOW)].sort()).toEqual(['A', 'B']);
    expect(upcomingBookingIds(NO_PATIENT_BOOKINGS, NOW).size).toBe(0);
  });

  it('read a ledger partition into its head’s version and its entries', () => {
    expect(
      ledgerSideOf([
        { pk: 'PATIENT#email#k', sk: 'BOOKING#A', bookingId: 'A', start: '2026-12-01T14:00:00.000Z' },
        { pk: 'PATIENT#email#k', sk: 'HEAD', version: 4 },
      ]),
    ).toEqual({ version: 4, entries: [entry('A', '2026-12-01T14:00:00.000Z')] });
    expect(ledgerSideOf([])).toEqual({ version: undefined, entries: [] });
  });
});

describe('the double-submit marker', () => {
  const start = new Date('2026-12-01T14:00:00Z');

  it('is the same for the same email in any case, type and instant, and another for any other', () => {
    const key = repeatKey(SECRET, { email: 'Ana@Example.com', typeId: 'new-patient', start });
    expect(repeatKey(SECRET, { email: 'ana@example.com', typeId: 'new-patient', start })).toBe(key);
    expect(repeatKey(SECRET, { email: 'ana@example.com', typeId: 'follow-up', start })).not.toBe(key);
    expect(
      repeatKey(SECRET, {
        email: 'ana@example.com',
        typeId: 'new-patient',
        start: new Date(start.getTime() + 60_000),
      }),
    ).not.toBe(key);
  });

  it('holds for 10 minutes', () => {
    expect(repeatMarkerItem('k', '01KB', NOW)).toMatchObject({
      pk: 'BOOKING_REPEAT#k',
      bookingId: '01KB',
      until: NOW.getTime() / 1000 + 600,
      expiresAt: NOW.getTime() / 1000 + 600,
    });
  });
});
