// How a booking is shown to its patient: the API's JSON answers and the manage link.
import { providerName } from '../../core/config/clinic.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import type { Booking } from '../../core/scheduling/booking.ts';
import type { BookingView, CreatedBooking } from '../../core/scheduling/booking-schemas.ts';
import { formatInstant } from '../../core/scheduling/slots.ts';

export function bookingView(config: ClinicConfig, booking: Booking): BookingView {
  const timeZone = config.clinic.timeZone;
  return {
    id: booking.id,
    status: booking.status,
    type: booking.typeId,
    start: formatInstant(booking.start, timeZone),
    end: formatInstant(booking.end, timeZone),
    providerId: booking.providerId,
    providerName: providerName(config, booking.providerId),
    name: booking.patient.name,
    ...(booking.confirmedAt === undefined
      ? {}
      : { confirmedAt: formatInstant(booking.confirmedAt, timeZone) }),
  };
}

export function createdBookingView(
  config: ClinicConfig,
  booking: Booking,
  manageToken: string,
  manageUrl: string,
): CreatedBooking {
  const { id, type, start, end, providerId, providerName } = bookingView(config, booking);
  return { id, status: 'confirmed', type, start, end, providerId, providerName, manageToken, manageUrl };
}

/**
 * The patient's manage link: `scheduling.manageBookingUrl` with {id} and {token} filled in, else
 * this API's own GET /v1/bookings/{id} at `apiOrigin`.
 */
export function manageUrlFor(config: ClinicConfig, apiOrigin: string, id: string, token: string): string {
  const template = config.scheduling.manageBookingUrl;
  const values: Record<string, string> = { id: encodeURIComponent(id), token: encodeURIComponent(token) };
  if (template) {
    // URL parsing may have percent-encoded the braces of the placeholders.
    return template.replace(/\{(id|token)\}|%7B(id|token)%7D/gi, (_, plain, encoded) => {
      return values[(plain ?? encoded).toLowerCase()] as string;
    });
  }
  return `${apiOrigin}/v1/bookings/${values.id}?token=${values.token}`;
}

/**
 * The confirm link of a reminder: with `scheduling.manageBookingUrl`, the clinic's own manage page
 * (its link, as manageUrlFor fills it in) with `action=confirm` added to its query, so that page can
 * offer the confirm button first; else this API's GET /v1/bookings/{id}/confirm page at `apiOrigin`.
 * Either way the link only shows a button: the confirmation is the POST it sends.
 */
export function confirmUrlFor(config: ClinicConfig, apiOrigin: string, id: string, token: string): string {
  if (config.scheduling.manageBookingUrl) {
    // Added by hand, not through URLSearchParams, which would re-encode the clinic's own query.
    const manage = manageUrlFor(config, apiOrigin, id, token);
    const hashAt = manage.indexOf('#');
    const [beforeHash, hash] = hashAt < 0 ? [manage, ''] : [manage.slice(0, hashAt), manage.slice(hashAt)];
    const joiner = !beforeHash.includes('?') ? '?' : /[?&]$/.test(beforeHash) ? '' : '&';
    return `${beforeHash}${joiner}action=confirm${hash}`;
  }
  return `${apiOrigin}/v1/bookings/${encodeURIComponent(id)}/confirm?token=${encodeURIComponent(token)}`;
}

/** The origin clients reached this API at: `API_BASE_URL` when deployed behind a domain, else the request's host. */
export function apiOriginOf(domainName: string | undefined, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  const host = domainName || 'localhost';
  const local = /^(?:localhost|127\.|\[::1\])/.test(host);
  return `${local ? 'http' : 'https'}://${host}`;
}
