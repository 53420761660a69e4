// What the composer decides once for every route, seen from outside: a malformed booking id is
// the unknown id's 404 (JSON and page alike), and Accept's q-values choose JSON or HTML.
import { describe, expect, it } from 'vitest';
import { api, clinicConfigInUse, uniqueEmail } from '../support/index.ts';

const UNKNOWN = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const MALFORMED = [
  'not-a-booking-id',
  '01arz3ndektsv4rrffq69g5fav',
  `${UNKNOWN}0`,
  'ILOU'.repeat(7).slice(0, 26),
];
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const routes = [
  { name: 'GET /v1/bookings/{id}', call: (id: string) => api(`/v1/bookings/${id}?token=t`) },
  {
    name: 'GET /v1/bookings/{id}/calendar.ics',
    call: (id: string) => api(`/v1/bookings/${id}/calendar.ics?token=t`),
  },
  {
    name: 'POST /v1/bookings/{id}/cancel',
    call: (id: string) => api(`/v1/bookings/${id}/cancel`, { json: { token: 't' } }),
  },
  {
    name: 'POST /v1/bookings/{id}/reschedule',
    call: (id: string) =>
      api(`/v1/bookings/${id}/reschedule`, { json: { token: 't', start: '2026-12-01T09:00:00-05:00' } }),
  },
];

describe.each(routes)('$name with a malformed id', ({ call }) => {
  it('answers exactly the 404 of an unknown id', async () => {
    const unknown = await call(UNKNOWN);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    for (const id of MALFORMED) {
      const malformed = await call(encodeURIComponent(id));
      expect(malformed.status, id).toBe(404);
      expect(malformed.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
      expect(malformed.text, id).toBe(unknown.text);
    }
  });
});

describe('GET /v1/bookings/{id} in a browser with a malformed id', () => {
  it('shows the same 404 page as an unknown id', async () => {
    const page = (id: string) => api(`/v1/bookings/${id}?token=t`, { headers: { accept: BROWSER_ACCEPT } });
    const unknown = await page(UNKNOWN);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(unknown.headers.get('vary')).toBe('Accept');
    for (const id of MALFORMED) {
      const malformed = await page(encodeURIComponent(id));
      expect(malformed.status, id).toBe(404);
      expect(malformed.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(malformed.text, id).toBe(unknown.text);
    }
  });
});

describe('POST /v1/inquiries as a form: Accept q-values decide', () => {
  const form = () => ({
    name: 'Pat Tester',
    email: uniqueEmail('negotiation'),
    message: `Accept weighing ${Math.random()}`,
    consent: 'on',
  });

  it('answers JSON when the form prefers application/json, even listed after text/html', async () => {
    const response = await api('/v1/inquiries', {
      form: form(),
      headers: { accept: 'text/html;q=0.5, application/json' },
    });
    expect(response.status).toBe(201);
    expect(response.json<{ status: string }>().status).toBe('received');
  });

  it('answers HTML when the form prefers text/html, even though it names application/json', async () => {
    const response = await api('/v1/inquiries', {
      form: form(),
      headers: { accept: 'application/json;q=0.1, text/html' },
    });
    // config/dev.json has a thank-you page: a form post is sent there.
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(clinicConfigInUse().forms.thankYouUrl);
  });
});
