import { describe, expect, it } from 'vitest';
import {
  apiOriginOf,
  bookingView,
  createdBookingView,
  manageUrlFor,
} from '../../../../shared/adapters/http/booking-views.ts';
import { fromBookingItem, toBookingItem } from '../../../../shared/core/scheduling/booking.ts';
import { booking, configWith, devConfig } from './fixtures.ts';

describe('booking answers', () => {
  it('show times with the clinic’s UTC offset and the provider’s name', () => {
    expect(bookingView(devConfig, booking())).toEqual({
      id: '01KBOOKING000000000000000A',
      status: 'confirmed',
      type: 'new-patient',
      start: '2026-12-01T09:00:00-05:00',
      end: '2026-12-01T09:45:00-05:00',
      providerId: 'dr-lee',
      providerName: 'Dr. Jordan Lee',
      name: 'Ana Díaz',
    });
  });

  it('give the token and link only in the 201 of the booking, never the patient’s details', () => {
    const created = createdBookingView(devConfig, booking(), 'tok', 'https://x.example/m');
    expect(created).toEqual({
      id: '01KBOOKING000000000000000A',
      status: 'confirmed',
      type: 'new-patient',
      start: '2026-12-01T09:00:00-05:00',
      end: '2026-12-01T09:45:00-05:00',
      providerId: 'dr-lee',
      providerName: 'Dr. Jordan Lee',
      manageToken: 'tok',
      manageUrl: 'https://x.example/m',
    });
  });
});

describe('manage links', () => {
  it('fill {id} and {token} into scheduling.manageBookingUrl, URL-encoded', () => {
    expect(manageUrlFor(devConfig, 'https://api.example', '01KB', 'a+b/c')).toBe(
      'http://localhost:8080/manage?id=01KB&token=a%2Bb%2Fc',
    );
  });

  it('point at this API’s GET /v1/bookings/{id} when the clinic has no manage page', () => {
    const config = configWith((c) => {
      delete c.scheduling.manageBookingUrl;
    });
    expect(manageUrlFor(config, 'https://api.example', '01KB', 'tok')).toBe(
      'https://api.example/v1/bookings/01KB?token=tok',
    );
  });

  it('use API_BASE_URL when set, else the request’s host (http only for a local one)', () => {
    expect(apiOriginOf('abc.execute-api.us-east-1.amazonaws.com', undefined)).toBe(
      'https://abc.execute-api.us-east-1.amazonaws.com',
    );
    expect(apiOriginOf('127.0.0.1:3000', undefined)).toBe('http://127.0.0.1:3000');
    expect(apiOriginOf('x', 'https://api.clinic.example/')).toBe('https://api.clinic.example');
  });
});

describe('booking items', () => {
  it('read back as the booking they were written from', () => {
    const b = booking({
      notes: 'n',
      cancelReason: 'r',
      cancelledAt: new Date('2026-11-21T00:00:00Z'),
      status: 'cancelled',
    });
    expect(fromBookingItem(toBookingItem(b))).toEqual(b);
    const plain = booking({ reason: undefined });
    delete (plain as { reason?: string }).reason;
    expect(fromBookingItem(toBookingItem(plain))).toEqual(plain);
  });
});
