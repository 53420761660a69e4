// GET /v1/bookings/{id}/calendar.ics: the booking's current iCalendar, for its patient.
import { bookingTokenQuery } from '../../../core/scheduling/booking-schemas.ts';
import * as z from '../../../core/zod.ts';
import { defineRoute } from '../route-record.ts';
import { bookingIdParams, bookingNotFound, TOKEN_HEADER } from './booking-parts.ts';

export const getBookingCalendarRoute = defineRoute({
  id: 'GetBookingCalendar',
  method: 'GET',
  path: '/v1/bookings/{id}/calendar.ics',
  entry: 'functions/booking-calendar.ts',
  table: 'read',
  auth: 'public',
  request: () => ({ query: bookingTokenQuery, params: bookingIdParams }),
  notFound: bookingNotFound,
  responses: {
    200: {
      description: 'RFC 5545 iCalendar',
      contentType: 'text/calendar',
      schema: z.string(),
      headers: {
        'Content-Disposition': {
          description: 'attachment; filename="appointment.ics"',
          schema: { type: 'string' },
        },
      },
    },
  },
  docs: {
    operationId: 'getBookingCalendar',
    summary: 'The booking as an iCalendar file',
    description:
      'Needs the manage token. The current state as a file to add: `METHOD:PUBLISH` (the emailed invites are `REQUEST`/`CANCEL`), the clinic’s TZID, `STATUS:CANCELLED` once cancelled, the same `UID` as the emailed invites and their `SEQUENCE`, the title `scheduling.calendarTitle`; every line ends in CRLF.',
    tags: ['Scheduling'],
    headers: TOKEN_HEADER,
    problems: [],
  },
});
