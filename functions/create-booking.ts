// POST /v1/bookings: book an appointment. Parse, check the time against the slot engine, claim the
// provider's time and store the booking in one transaction, answer; emails go out from the stream.
import { clinicConfig } from '../shared/config/runtime.ts';
import { html, json, redirect } from '../shared/http/responses.ts';
import { httpRoute } from '../shared/http/route.ts';
import { logger } from '../shared/logger.ts';
import { METRICS, recordMetric } from '../shared/metrics.ts';
import { bookingDeps, calendarUrlFor, requestContext } from '../shared/scheduling/bookings/http.ts';
import { alternativesHtml, bookingPage } from '../shared/scheduling/bookings/pages.ts';
import {
  BOOKING_FIELD_LABELS,
  createBookingBodySchema,
  createBookingSchemaOptions,
} from '../shared/scheduling/bookings/schemas.ts';
import { createBooking } from '../shared/scheduling/bookings/service.ts';
import { createdBookingView } from '../shared/scheduling/bookings/views.ts';

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
