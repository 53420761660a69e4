// POST /v1/bookings: book an appointment. Parse, check the time against the slot engine, claim the
// provider's time and store the booking in one transaction, answer; emails go out from the stream.

import { bookingDeps, calendarUrlFor, requestContext } from '../shared/adapters/http/booking-requests.ts';
import { createdBookingView } from '../shared/adapters/http/booking-views.ts';
import { alternativesHtml, bookingPage } from '../shared/adapters/http/pages/booking-pages.ts';
import { html, json, redirect } from '../shared/adapters/http/responses.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { createBooking } from '../shared/app/scheduling/bookings.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import {
  BOOKING_FIELD_LABELS,
  createBookingBodySchema,
  createBookingSchemaOptions,
} from '../shared/core/scheduling/booking-schemas.ts';
import { logger } from '../shared/platform/logger.ts';
import { METRICS, recordMetric } from '../shared/platform/metrics.ts';

const config = clinicConfig();
const deps = bookingDeps(config);

export const handler = httpRoute({
  body: createBookingBodySchema(createBookingSchemaOptions(config)),
  idempotent: true,
  fieldLabels: BOOKING_FIELD_LABELS,
  problemHtml: alternativesHtml(config),
  handler: async (request) => {
    const result = await createBooking(deps, request.body, requestContext(config, request));
    const { booking } = result;
    if (result.stored) recordMetric(METRICS.names.bookingCreated);
    // Ids and outcomes only: nothing the patient typed.
    logger.info('booking', {
      outcome: result.stored ? 'created' : 'honeypot',
      ...(result.stored ? { bookingId: booking.id, providerId: booking.providerId } : {}),
      typeId: booking.typeId,
    });
    if (request.wantsHtml) {
      if (request.body.next) return redirect(request.body.next, 303);
      return html(
        200,
        bookingPage(config, {
          heading: 'Your appointment is booked',
          booking,
          manageUrl: result.manageUrl,
          calendarUrl: calendarUrlFor(request, booking.id, result.manageToken),
        }),
      );
    }
    return json(201, createdBookingView(config, booking, result.manageToken, result.manageUrl));
  },
});
